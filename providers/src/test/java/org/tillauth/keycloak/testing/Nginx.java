package org.tillauth.keycloak.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian's nginx, started with a configuration of the test's own in a folder under target/, on
 * loopback ports; stopped with {@link #close()}. Without nginx the calling test is skipped (under
 * {@code CI=true} it fails: CI must run the gateway test; .ci/run installs nginx).
 */
public final class Nginx implements AutoCloseable {

  private static final Path BINARY = Path.of("/usr/sbin/nginx");

  private final Process process;
  private final Path folder;

  private Nginx(Process process, Path folder) {
    this.process = process;
    this.folder = folder;
  }

  /** A free loopback port for a server block. */
  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Starts nginx with the {@code http { ... }} body given (temp paths, pid and logs are set here)
   * and waits until {@code waitForPort} accepts connections.
   */
  public static Nginx start(String name, String httpBlock, int waitForPort) {
    if (!Files.isExecutable(BINARY)) {
      String reason = BINARY + " not found (apt-get install nginx)";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        Assertions.fail("CI=true but the gateway test cannot run: " + reason);
      }
      Assumptions.abort(reason);
    }
    try {
      Path folder = Path.of("target", "nginx-" + name).toAbsolutePath();
      Files.createDirectories(folder.resolve("temp"));
      String temp = folder.resolve("temp").toString();
      String config =
          String.join(
              "\n",
              "user root;",
              "worker_processes 1;",
              "daemon off;",
              "pid " + folder.resolve("nginx.pid") + ";",
              "error_log " + folder.resolve("error.log") + " info;",
              "events { worker_connections 256; }",
              "http {",
              "  access_log " + folder.resolve("access.log") + ";",
              "  client_body_temp_path " + temp + "/body;",
              "  proxy_temp_path " + temp + "/proxy;",
              "  fastcgi_temp_path " + temp + "/fastcgi;",
              "  uwsgi_temp_path " + temp + "/uwsgi;",
              "  scgi_temp_path " + temp + "/scgi;",
              httpBlock,
              "}",
              "");
      Path file = folder.resolve("nginx.conf");
      Files.writeString(file, config);
      Process process =
          new ProcessBuilder(BINARY.toString(), "-p", folder.toString(), "-c", file.toString())
              .redirectErrorStream(true)
              .redirectOutput(folder.resolve("stdout.log").toFile())
              .start();
      Nginx nginx = new Nginx(process, folder);
      nginx.awaitPort(waitForPort);
      return nginx;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void awaitPort(int port) throws IOException {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new AssertionError(
            "nginx exited: " + Files.readString(folder.resolve("stdout.log")) + log());
      }
      try (Socket socket = new Socket("127.0.0.1", port)) {
        return;
      } catch (IOException notYet) {
        try {
          Thread.sleep(100);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        }
      }
    }
    throw new AssertionError("nginx did not listen on " + port + ": " + log());
  }

  public String log() {
    try {
      Path log = folder.resolve("error.log");
      return Files.exists(log) ? Files.readString(log) : "";
    } catch (IOException e) {
      return e.toString();
    }
  }

  @Override
  public void close() {
    process.descendants().forEach(ProcessHandle::destroy);
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
