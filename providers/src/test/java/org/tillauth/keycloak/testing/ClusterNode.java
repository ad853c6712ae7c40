package org.tillauth.keycloak.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One Keycloak node of the test cluster: {@code kc.sh start --optimized} on its own HTTP,
 * management and cluster ports, always the same ports so that a killed node comes back at the same
 * address. Every start writes a fresh log ({@code keycloak-cluster-<name>-<n>.log}).
 */
public final class ClusterNode {

  static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(8);

  /** Infinispan's line for every new cluster view, e.g. {@code ... [a-1|1] (2) [a-1, b-2]}. */
  private static final Pattern VIEW =
      Pattern.compile(
          "ISPN000094: Received new cluster view for channel \\S+ \\[[^\\]]*\\] \\((\\d+)\\)");

  private final String name;
  private final Path home;
  private final Path outputDir;
  private final List<String> options;
  private final int httpPort;
  private final int managementPort;
  private final Map<String, String> environment;
  private final Http http;
  private final AdminApi admin;
  private Process process;
  private Path logFile;
  private int starts;

  ClusterNode(
      String name,
      Path home,
      Path outputDir,
      List<String> options,
      int httpPort,
      int managementPort) {
    this(name, home, outputDir, options, httpPort, managementPort, Map.of());
  }

  /** {@code environment} is added to the node's (after the defaults set in {@link #launch()}). */
  ClusterNode(
      String name,
      Path home,
      Path outputDir,
      List<String> options,
      int httpPort,
      int managementPort,
      Map<String, String> environment) {
    this.name = name;
    this.home = home;
    this.outputDir = outputDir;
    this.options = List.copyOf(options);
    this.httpPort = httpPort;
    this.managementPort = managementPort;
    this.environment = Map.copyOf(environment);
    this.http = new Http(baseUrl());
    this.admin = new AdminApi(http);
  }

  public String name() {
    return name;
  }

  public URI baseUrl() {
    return URI.create("http://127.0.0.1:" + httpPort);
  }

  /** This node's management interface ({@code /metrics}, {@code /health}). */
  public URI managementUrl() {
    return URI.create("http://127.0.0.1:" + managementPort);
  }

  /** Plain HTTP to this node only. */
  public Http http() {
    return http;
  }

  /** Admin REST through this node only. */
  public AdminApi admin() {
    return admin;
  }

  public boolean isRunning() {
    return process != null && process.isAlive();
  }

  /** The node's JVM (kc.sh starts it as a child), e.g. for its CPU time; empty when stopped. */
  public Optional<ProcessHandle> jvm() {
    if (!isRunning()) {
      return Optional.empty();
    }
    return Stream.concat(Stream.of(process.toHandle()), process.descendants())
        .filter(p -> p.info().command().map(c -> c.endsWith("/java")).orElse(false))
        .findFirst();
  }

  /** The log file of the current (or last) start; null before the first. */
  public Path logFile() {
    return logFile;
  }

  /** Starts the node (does not wait; see {@link #awaitReady()}). */
  synchronized void launch() {
    if (isRunning()) {
      throw new IllegalStateException("Node " + name + " is already running");
    }
    starts++;
    logFile = outputDir.resolve("keycloak-cluster-" + name + "-" + starts + ".log");
    List<String> command = new ArrayList<>();
    command.add(home.resolve("bin/kc.sh").toString());
    command.add("start");
    command.add("--optimized");
    command.addAll(options);
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(home.toFile())
            .redirectErrorStream(true)
            .redirectOutput(logFile.toFile());
    builder.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", KeycloakServer.ADMIN_USERNAME);
    builder.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", KeycloakServer.ADMIN_PASSWORD);
    // Two nodes (and the rest of the build) share the machine: a modest heap each.
    builder.environment().put("JAVA_OPTS_KC_HEAP", "-Xms128m -Xmx768m");
    builder.environment().putAll(environment);
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Waits until the management port reports ready. */
  void awaitReady() {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    URI health = URI.create("http://127.0.0.1:" + managementPort + "/health/ready");
    Instant deadline = Instant.now().plus(STARTUP_TIMEOUT);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "Node "
                + name
                + " exited with "
                + process.exitValue()
                + " during start-up:\n"
                + tail());
      }
      try {
        HttpResponse<Void> response =
            client.send(
                HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() == 200) {
          return;
        }
      } catch (IOException ignored) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      sleep(Duration.ofSeconds(1));
    }
    throw new IllegalStateException(
        "Node " + name + " not ready within " + STARTUP_TIMEOUT + ":\n" + tail());
  }

  /** Members in the last cluster view this node logged since its last start (0 before any). */
  public int clusterViewSize() {
    Matcher matcher = VIEW.matcher(readLog());
    int size = 0;
    while (matcher.find()) {
      size = Integer.parseInt(matcher.group(1));
    }
    return size;
  }

  /** Waits until this node's last logged cluster view has {@code members} members. */
  public void awaitClusterView(int members, Duration timeout) {
    awaitLog(() -> clusterViewSize() == members, "a cluster view of " + members, timeout);
  }

  void awaitLog(Supplier<Boolean> condition, String what, Duration timeout) {
    Instant deadline = Instant.now().plus(timeout);
    while (!condition.get()) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError(
            "Node " + name + " never logged " + what + " within " + timeout + ":\n" + tail());
      }
      sleep(Duration.ofMillis(500));
    }
  }

  /** The log of the current (or last) start. */
  public String readLog() {
    try {
      return logFile == null ? "" : Files.readString(logFile, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** SIGKILL to the JVM and to kc.sh: no shutdown hook runs, the node just disappears. */
  public synchronized void kill() {
    if (process == null) {
      return;
    }
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    waitForExit(Duration.ofSeconds(30));
  }

  /** A graceful stop (SIGTERM), children first; SIGKILL if it does not end in time. */
  public synchronized void stop() {
    if (!isRunning()) {
      return;
    }
    List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
    tree.forEach(ProcessHandle::destroy);
    process.destroy();
    try {
      for (ProcessHandle handle : tree) {
        handle.onExit().get(60, TimeUnit.SECONDS);
      }
      process.waitFor(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      // fall through to a forcible kill
    }
    kill();
  }

  private void waitForExit(Duration timeout) {
    try {
      process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private String tail() {
    String log = readLog();
    return log.length() > 8000 ? log.substring(log.length() - 8000) : log;
  }

  static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public String toString() {
    return "node " + name + " (" + baseUrl() + ")";
  }
}
