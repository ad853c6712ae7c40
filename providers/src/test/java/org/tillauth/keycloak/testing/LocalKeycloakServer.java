package org.tillauth.keycloak.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Starts the official distribution unpacked by the build ({@code keycloak.home}) with {@code kc.sh
 * start-dev} on free ports, after copying the freshly built provider JAR into its {@code
 * providers/} folder and realm-export into {@code data/import}. The embedded dev database is wiped
 * first so every run starts from the exported realms.
 */
final class LocalKeycloakServer implements KeycloakServer {

  private static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(6);

  private final Process process;
  private final URI baseUrl;
  private final URI managementUrl;
  private final Path logFile;

  private LocalKeycloakServer(Process process, URI baseUrl, URI managementUrl, Path logFile) {
    this.process = process;
    this.baseUrl = baseUrl;
    this.managementUrl = managementUrl;
    this.logFile = logFile;
  }

  static LocalKeycloakServer start(TestSettings settings) {
    Path home = settings.keycloakHome();
    if (!Files.isExecutable(home.resolve("bin/kc.sh"))) {
      throw new IllegalStateException(
          "No Keycloak distribution at " + home + " (run through `mvn verify`, which unpacks it)");
    }
    try {
      deployProvider(home, settings.providerJar());
      importRealms(home, settings.realmExportDir());
      deleteRecursively(home.resolve("data/h2"));

      int httpPort = freePort();
      int managementPort = freePort();
      Path logFile = settings.outputDir().resolve("keycloak-server.log");
      List<String> command = new ArrayList<>();
      command.add(home.resolve("bin/kc.sh").toString());
      command.add("start-dev");
      command.add("--http-host=127.0.0.1");
      command.add("--http-port=" + httpPort);
      command.add("--http-management-port=" + managementPort);
      command.add("--health-enabled=true");
      // As operators run it: the extension's meters on /metrics of the management port (MetricsIT).
      command.add("--metrics-enabled=true");
      command.add("--import-realm");
      command.add("--cache=local");
      command.addAll(KeycloakServer.argon2Options());
      // OnboardingIT: organisations with this code prefix fail after their realm was created.
      command.add(
          "--spi-admin-realm-restapi-extension--organisations--test-failure-code-prefix="
              + ONBOARDING_FAILURE_PREFIX);
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .directory(home.toFile())
              .redirectErrorStream(true)
              .redirectOutput(logFile.toFile());
      builder.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", ADMIN_USERNAME);
      builder.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD);
      Process process = builder.start();
      LocalKeycloakServer server =
          new LocalKeycloakServer(
              process,
              URI.create("http://127.0.0.1:" + httpPort),
              URI.create("http://127.0.0.1:" + managementPort),
              logFile);
      Runtime.getRuntime().addShutdownHook(new Thread(server::close));
      server.awaitReady(URI.create("http://127.0.0.1:" + managementPort + "/health/ready"));
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void awaitReady(URI health) {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    Instant deadline = Instant.now().plus(STARTUP_TIMEOUT);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "Keycloak exited with " + process.exitValue() + " during start-up:\n" + tail());
      }
      try {
        HttpResponse<String> response =
            client.send(
                HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200) {
          return;
        }
      } catch (IOException ignored) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      sleep(Duration.ofMillis(500));
    }
    close();
    throw new IllegalStateException(
        "Keycloak not ready within " + STARTUP_TIMEOUT + ":\n" + tail());
  }

  @Override
  public URI baseUrl() {
    return baseUrl;
  }

  @Override
  public URI managementUrl() {
    return managementUrl;
  }

  @Override
  public String readLog() {
    try {
      return Files.readString(logFile, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private String tail() {
    String log = readLog();
    return log.length() > 8000 ? log.substring(log.length() - 8000) : log;
  }

  /** kc.sh forks the JVM: stop the whole tree, children first. */
  @Override
  public void close() {
    if (!process.isAlive()) {
      return;
    }
    List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
    tree.forEach(ProcessHandle::destroy);
    process.destroy();
    try {
      for (ProcessHandle handle : tree) {
        handle.onExit().get(30, TimeUnit.SECONDS);
      }
      process.waitFor(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      // fall through to forcible kill
    }
    tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
  }

  private static void deployProvider(Path home, Path jar) throws IOException {
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException("Provider JAR not built: " + jar);
    }
    Path providers = home.resolve("providers");
    Files.createDirectories(providers);
    try (Stream<Path> old = Files.list(providers)) {
      for (Path p :
          old.filter(p -> p.getFileName().toString().startsWith("keycloak-till-auth")).toList()) {
        Files.delete(p);
      }
    }
    Files.copy(jar, providers.resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
  }

  private static void importRealms(Path home, Path realmExportDir) throws IOException {
    Path importDir = home.resolve("data/import");
    deleteRecursively(importDir);
    Files.createDirectories(importDir);
    try (Stream<Path> files = Files.list(realmExportDir)) {
      for (Path file : files.filter(p -> p.toString().endsWith(".json")).toList()) {
        Files.copy(file, importDir.resolve(file.getFileName()));
      }
    }
  }

  static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    }
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
