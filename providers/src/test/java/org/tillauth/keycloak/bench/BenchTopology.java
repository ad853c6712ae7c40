package org.tillauth.keycloak.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.tillauth.keycloak.testing.ClusterNode;
import org.tillauth.keycloak.testing.KeycloakCluster;
import org.tillauth.keycloak.testing.KeycloakCluster.Profile;
import org.tillauth.keycloak.testing.Nginx;
import org.tillauth.keycloak.testing.PostgresDatabase;

/**
 * The servers a {@code bench/run.sh} run measures, started through the test harness's start-up code
 * (production mode: {@code kc.sh build} + {@code start --optimized}): one node (embedded dev-file
 * H2, or PostgreSQL at scale), or two clustered nodes on PostgreSQL behind a round-robin nginx.
 * Writes what the script needs as shell assignments to {@code --env-file} once everything is ready,
 * then stays until SIGTERM or until the script ({@code --parent-pid}) is gone; the harness's
 * shutdown hooks stop the nodes and drop the cluster's database.
 *
 * <p>Options ({@code --name=value}): {@code topology} (single, cluster), {@code dist} (folder for
 * the distribution copies), {@code metrics}, {@code pg-database} (single node on that PostgreSQL
 * database), {@code keep-db}, {@code http-port}, {@code management-port}, {@code heap}. The
 * PostgreSQL superuser connection is the harness's: {@code cluster.postgres.url}, {@code
 * cluster.postgres.user}, {@code cluster.postgres.password} (system properties); the bootstrap
 * admin is {@code BENCH_ADMIN_USER} / {@code BENCH_ADMIN_PASSWORD} from the environment (default
 * admin).
 */
public final class BenchTopology {

  private BenchTopology() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> options = parse(args);
    Path envFile = Path.of(required(options, "env-file"));
    long parent = Long.parseLong(required(options, "parent-pid"));
    String dist = required(options, "dist");
    String heap = options.getOrDefault("heap", "-Xms1g -Xmx1g");
    boolean metrics = options.containsKey("metrics");
    // The script's admin (BENCH_ADMIN_USER / BENCH_ADMIN_PASSWORD, default admin/admin) as
    // bootstrap admin.
    Map<String, String> environment =
        Map.of(
            "JAVA_OPTS_KC_HEAP",
            heap,
            "KC_BOOTSTRAP_ADMIN_USERNAME",
            System.getenv().getOrDefault("BENCH_ADMIN_USER", "admin"),
            "KC_BOOTSTRAP_ADMIN_PASSWORD",
            System.getenv().getOrDefault("BENCH_ADMIN_PASSWORD", "admin"));
    String metricsOption = metrics ? " --metrics-enabled=true" : "";

    Map<String, String> out = new HashMap<>();
    List<ClusterNode> nodes;
    if ("cluster".equals(options.get("topology"))) {
      KeycloakCluster cluster =
          KeycloakCluster.start(
              new Profile(
                  dist + "/cluster",
                  "--db=postgres --health-enabled=true" + metricsOption,
                  false,
                  List.of(),
                  environment));
      nodes = cluster.nodes();
      int front = cluster.frontendUrl().getPort();
      Nginx nginx = Nginx.start("bench", loadBalancer(front, nodes), front);
      Runtime.getRuntime().addShutdownHook(new Thread(nginx::close));
      out.put("server_base_url", cluster.frontendUrl().toString());
      out.put(
          "server_mode",
          "two-node cluster: kc.sh build --db=postgres + start --optimized, PostgreSQL "
              + cluster.database().queryOne("SHOW server_version").split(" ")[0]
              + ", cache ispn (jdbc-ping), nginx round robin over both nodes, "
              + heap
              + " per node, metrics "
              + (metrics ? "on" : "off"));
      out.put("server_database", "postgres (" + cluster.database().jdbcUrl() + ")");
    } else {
      List<String> nodeOptions = new ArrayList<>(List.of("--hostname-strict=false"));
      String db = "dev-file";
      String databaseNote = "dev-file";
      String pgDatabase = options.get("pg-database");
      if (pgDatabase != null) {
        PostgresDatabase database =
            PostgresDatabase.named(pgDatabase, options.containsKey("keep-db"));
        db = "postgres";
        databaseNote = "postgres (" + database.jdbcUrl() + ")";
        nodeOptions.add("--db-url=" + database.jdbcUrl());
        nodeOptions.add("--db-username=" + database.username());
        if (!database.password().isEmpty()) {
          nodeOptions.add("--db-password=" + database.password());
        }
      }
      ClusterNode node =
          KeycloakCluster.startNode(
              new Profile(
                  dist + "/single",
                  "--db=" + db + " --cache=local --health-enabled=true" + metricsOption,
                  false,
                  nodeOptions,
                  environment),
              Integer.parseInt(options.getOrDefault("http-port", "0")),
              Integer.parseInt(options.getOrDefault("management-port", "0")));
      nodes = List.of(node);
      out.put("server_base_url", node.baseUrl().toString());
      out.put(
          "server_mode",
          "production: kc.sh build + start --optimized, "
              + db
              + ", cache local, HTTP 127.0.0.1, "
              + heap
              + ", metrics "
              + (metrics ? "on" : "off"));
      out.put("server_database", databaseNote);
    }
    out.put("server_management_urls", join(nodes, n -> n.managementUrl().toString()));
    out.put(
        "server_jvm_pids", join(nodes, n -> n.jvm().map(p -> Long.toString(p.pid())).orElse("")));
    out.put("server_logs", join(nodes, n -> n.logFile().toString()));
    writeAtomically(envFile, out);

    // Until the script is gone (also when it was killed): the shutdown hooks stop the servers.
    while (ProcessHandle.of(parent).map(ProcessHandle::isAlive).orElse(false)) {
      Thread.sleep(1000);
    }
    System.exit(0);
  }

  /** Round robin over the nodes with keep-alive, as a load balancer in front of Keycloak. */
  private static String loadBalancer(int port, List<ClusterNode> nodes) {
    String servers =
        nodes.stream()
            .map(n -> "    server 127.0.0.1:" + n.baseUrl().getPort() + ";")
            .collect(Collectors.joining("\n"));
    return String.join(
        "\n",
        // off cancels the harness's access log: one write per request is load the bench measures.
        "  access_log off;",
        "  upstream keycloak {",
        servers,
        "    keepalive 32;",
        "  }",
        "  server {",
        "    listen 127.0.0.1:" + port + ";",
        "    location / {",
        "      proxy_pass http://keycloak;",
        "      proxy_http_version 1.1;",
        "      proxy_set_header Connection \"\";",
        "      proxy_set_header Host $http_host;",
        "    }",
        "  }");
  }

  private static String join(
      List<ClusterNode> nodes, java.util.function.Function<ClusterNode, String> value) {
    return nodes.stream().map(value).collect(Collectors.joining(" "));
  }

  /** {@code name='value'} lines; the script sources the file once it exists. */
  private static void writeAtomically(Path file, Map<String, String> values) throws IOException {
    StringBuilder text = new StringBuilder();
    values.forEach(
        (name, value) ->
            text.append(name).append("='").append(value.replace("'", "'\\''")).append("'\n"));
    Path temp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(temp, text);
    Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
  }

  private static Map<String, String> parse(String[] args) {
    Map<String, String> options = new HashMap<>();
    for (String arg : args) {
      if (!arg.startsWith("--")) {
        throw new IllegalArgumentException("Not an option: " + arg);
      }
      int equals = arg.indexOf('=');
      options.put(
          equals < 0 ? arg.substring(2) : arg.substring(2, equals),
          equals < 0 ? "" : arg.substring(equals + 1));
    }
    return options;
  }

  private static String required(Map<String, String> options, String name) {
    String value = options.get(name);
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException("--" + name + "= is required");
    }
    return value;
  }
}
