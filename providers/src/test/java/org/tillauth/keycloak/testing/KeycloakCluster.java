package org.tillauth.keycloak.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Two Keycloak nodes in production mode on one PostgreSQL database, as operators run them: a copy
 * of the distribution ({@code target/keycloak-cluster/}) with the provider JAR, {@code kc.sh build
 * --db=postgres} once, then two {@code start --optimized} nodes with Keycloak's default clustering
 * ({@code --cache=ispn}, discovery through the database with {@code jdbc-ping}) bound to 127.0.0.1.
 * Node A imports realm-export; node B finds the realm in the database.
 *
 * <p>Both nodes share one public hostname, as behind a load balancer, so a token minted on one node
 * carries the issuer the other expects. Tests address each node directly.
 */
public final class KeycloakCluster implements AutoCloseable {

  static final String BUILD_OPTIONS = "--db=postgres --health-enabled=true --metrics-enabled=true";
  private static final Duration VIEW_TIMEOUT = Duration.ofMinutes(3);

  /**
   * How nodes are built and started: the cluster suite's {@link #TESTS}, or the benchmark's
   * (bench/run.sh through {@code org.tillauth.keycloak.bench.BenchTopology}).
   *
   * @param folder the distribution copy, resolved against the output folder (may be absolute)
   * @param buildOptions {@code kc.sh build} options
   * @param importRealmExport node A (or the single node) imports realm-export
   * @param nodeOptions added to every node's {@code start --optimized}
   * @param environment added to every node's environment (e.g. {@code JAVA_OPTS_KC_HEAP})
   */
  public record Profile(
      String folder,
      String buildOptions,
      boolean importRealmExport,
      List<String> nodeOptions,
      Map<String, String> environment) {}

  static final Profile TESTS =
      new Profile(
          "keycloak-cluster",
          BUILD_OPTIONS,
          true,
          // Brute-force decisions in the node logs: what a lockout in a failing run came from.
          List.of(
              "--log-level=INFO,org.keycloak.services.managers.DefaultBruteForceProtector:debug"),
          Map.of());

  private final PostgresDatabase database;
  private final URI frontendUrl;
  private final ClusterNode a;
  private final ClusterNode b;

  private KeycloakCluster(
      PostgresDatabase database, URI frontendUrl, ClusterNode a, ClusterNode b) {
    this.database = database;
    this.frontendUrl = frontendUrl;
    this.a = a;
    this.b = b;
  }

  static KeycloakCluster start(TestSettings settings) {
    return start(settings, TESTS);
  }

  /** A cluster of {@code profile} on a new database, with the build's system properties. */
  public static KeycloakCluster start(Profile profile) {
    return start(TestSettings.fromSystemProperties(), profile);
  }

  /**
   * One production-mode node of {@code profile} on its own (no cluster options: the profile's node
   * options choose database and cache), started and ready; stopped at JVM exit. A dev-file database
   * of an earlier start is wiped. Ports: 0 for a free one.
   */
  public static ClusterNode startNode(Profile profile, int httpPort, int managementPort) {
    TestSettings settings = TestSettings.fromSystemProperties();
    Path home = prepareDistribution(settings, profile);
    try {
      LocalKeycloakServer.deleteRecursively(home.resolve("data/h2"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    int http = httpPort == 0 ? freePort() : httpPort;
    int management = managementPort == 0 ? freePort() : managementPort;
    List<String> options = new ArrayList<>();
    options.add("--http-enabled=true");
    options.add("--http-host=127.0.0.1");
    options.add("--http-port=" + http);
    options.add("--http-management-port=" + management);
    if (profile.importRealmExport()) {
      options.add("--import-realm");
    }
    options.addAll(profile.nodeOptions());
    ClusterNode node =
        new ClusterNode(
            "single", home, settings.outputDir(), options, http, management, profile.environment());
    Runtime.getRuntime().addShutdownHook(new Thread(node::stop));
    node.launch();
    node.awaitReady();
    return node;
  }

  private static KeycloakCluster start(TestSettings settings, Profile profile) {
    PostgresDatabase database = PostgresDatabase.create();
    KeycloakCluster cluster = null;
    try {
      Path home = prepareDistribution(settings, profile);
      URI frontend = URI.create("http://127.0.0.1:" + freePort());
      ClusterNode a = node("a", home, settings, profile, database, frontend, true);
      ClusterNode b = node("b", home, settings, profile, database, frontend, false);
      cluster = new KeycloakCluster(database, frontend, a, b);
      Runtime.getRuntime().addShutdownHook(new Thread(cluster::close));
      // One after the other: on an empty database two nodes can race to create Liquibase's
      // changelog table before its lock exists ("relation databasechangelog already exists").
      a.launch();
      a.awaitReady();
      b.launch();
      b.awaitReady();
      cluster.awaitClusterOfTwo();
      return cluster;
    } catch (RuntimeException e) {
      if (cluster != null) {
        cluster.close();
      } else {
        database.close();
      }
      throw e;
    }
  }

  public ClusterNode a() {
    return a;
  }

  public ClusterNode b() {
    return b;
  }

  public List<ClusterNode> nodes() {
    return List.of(a, b);
  }

  /** The public URL both nodes put into tokens (the issuer's host). */
  public URI frontendUrl() {
    return frontendUrl;
  }

  /**
   * Sends what a page addresses to the public URL to {@code node} instead: the load balancer the
   * tests steer.
   */
  public UnaryOperator<URI> routeTo(ClusterNode node) {
    return uri ->
        uri.toString().startsWith(frontendUrl.toString())
            ? URI.create(node.baseUrl() + uri.toString().substring(frontendUrl.toString().length()))
            : uri;
  }

  public PostgresDatabase database() {
    return database;
  }

  /** Both nodes report a cluster view with both members. */
  public void awaitClusterOfTwo() {
    a.awaitClusterView(2, VIEW_TIMEOUT);
    b.awaitClusterView(2, VIEW_TIMEOUT);
  }

  /** Starts a stopped or killed node again (same ports, same database) and waits until ready. */
  public void restart(ClusterNode node) {
    node.launch();
    node.awaitReady();
  }

  @Override
  public synchronized void close() {
    a.stop();
    b.stop();
    database.close();
  }

  private static ClusterNode node(
      String name,
      Path home,
      TestSettings settings,
      Profile profile,
      PostgresDatabase database,
      URI frontend,
      boolean importRealm) {
    int httpPort = freePort();
    int managementPort = freePort();
    int clusterPort = freeClusterPort();
    List<String> options = new ArrayList<>();
    options.add("--http-enabled=true");
    options.add("--http-host=127.0.0.1");
    options.add("--http-port=" + httpPort);
    options.add("--http-management-port=" + managementPort);
    options.add("--hostname=" + frontend);
    options.add("--db-url=" + database.jdbcUrl());
    options.add("--db-username=" + database.username());
    options.add("--db-password=" + database.password());
    options.add("--cache=ispn");
    options.add("--cache-stack=jdbc-ping");
    options.add("--cache-embedded-network-bind-address=127.0.0.1");
    options.add("--cache-embedded-network-bind-port=" + clusterPort);
    options.addAll(profile.nodeOptions());
    if (importRealm && profile.importRealmExport()) {
      options.add("--import-realm");
    }
    return new ClusterNode(
        name, home, settings.outputDir(), options, httpPort, managementPort, profile.environment());
  }

  /**
   * A copy of the unpacked distribution with the JAR and realm-export in place, built for
   * PostgreSQL. The build (Quarkus re-augmentation, the slow part) is skipped when neither the JAR
   * nor the build options changed since the last run.
   */
  private static Path prepareDistribution(TestSettings settings, Profile profile) {
    Path source = settings.keycloakHome();
    if (!Files.isExecutable(source.resolve("bin/kc.sh"))) {
      throw new IllegalStateException(
          "No Keycloak distribution at "
              + source
              + " (run through `mvn verify`, which unpacks it)");
    }
    Path home = settings.outputDir().resolve(profile.folder()).resolve(source.getFileName());
    try {
      if (!Files.isExecutable(home.resolve("bin/kc.sh"))) {
        copyTree(source, home);
      }
      Path jar = settings.providerJar();
      String marker = contentHash(jar) + " " + profile.buildOptions();
      Path markerFile = home.resolve("data/till-auth-build.marker");
      // Keycloak refuses `start --optimized` when a provider file changed after the build, even
      // with the same content: copy and build only when the content or the options changed.
      boolean build = !Files.exists(markerFile) || !Files.readString(markerFile).equals(marker);
      if (build) {
        Path providers = home.resolve("providers");
        Files.createDirectories(providers);
        try (Stream<Path> old = Files.list(providers)) {
          for (Path p :
              old.filter(p -> p.getFileName().toString().startsWith("keycloak-till-auth"))
                  .toList()) {
            Files.delete(p);
          }
        }
        Files.copy(jar, providers.resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
      }

      Path importDir = home.resolve("data/import");
      LocalKeycloakServer.deleteRecursively(importDir);
      Files.createDirectories(importDir);
      try (Stream<Path> files = Files.list(settings.realmExportDir())) {
        for (Path file : files.filter(p -> p.toString().endsWith(".json")).toList()) {
          Files.copy(file, importDir.resolve(file.getFileName()));
        }
      }

      if (build) {
        build(
            home,
            profile.buildOptions(),
            settings.outputDir().resolve(Path.of(profile.folder()).getFileName() + "-build.log"));
        Files.writeString(markerFile, marker);
      }
      return home;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void build(Path home, String buildOptions, Path log) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(home.resolve("bin/kc.sh").toString());
    command.add("build");
    command.addAll(List.of(buildOptions.split(" ")));
    Process process =
        new ProcessBuilder(command)
            .directory(home.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    try {
      if (!process.waitFor(15, java.util.concurrent.TimeUnit.MINUTES)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        throw new IllegalStateException("kc.sh build did not finish within 15 minutes");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    if (process.exitValue() != 0) {
      throw new IllegalStateException(
          "kc.sh build failed ("
              + process.exitValue()
              + "):\n"
              + Files.readString(log, StandardCharsets.UTF_8));
    }
  }

  private static void copyTree(Path source, Path target) throws IOException {
    try (Stream<Path> walk = Files.walk(source)) {
      for (Path path : walk.toList()) {
        Path destination = target.resolve(source.relativize(path).toString());
        if (Files.isDirectory(path)) {
          Files.createDirectories(destination);
        } else if (!path.startsWith(source.resolve("data"))) {
          Files.copy(path, destination, StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
  }

  /** SHA-256 over the JAR's entry names and contents: every package run stamps new file times. */
  private static String contentHash(Path jar) throws IOException {
    try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(jar))) {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
        digest.update(entry.getName().getBytes(StandardCharsets.UTF_8));
        digest.update(zip.readAllBytes());
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** JGroups also listens at port + 50000 (failure detection), so both must be free. */
  private static int freeClusterPort() {
    for (int attempt = 0; attempt < 100; attempt++) {
      int port = ThreadLocalRandom.current().nextInt(10_000, 15_000);
      if (isFree(port) && isFree(port + 50_000)) {
        return port;
      }
    }
    throw new IllegalStateException("No free cluster port pair found");
  }

  private static boolean isFree(int port) {
    try (ServerSocket socket = new ServerSocket(port)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
