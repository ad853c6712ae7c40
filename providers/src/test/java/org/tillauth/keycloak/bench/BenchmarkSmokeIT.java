package org.tillauth.keycloak.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.tillauth.keycloak.testing.KeycloakIT;
import org.tillauth.keycloak.testing.KeycloakServer;
import org.tillauth.keycloak.testing.VersionIndependent;

/**
 * Runs {@code bench/run.sh} in its short smoke form (1 round of 1 s per side) against the shared
 * test server and checks only that it prints a results table whose rows have no errors. Timings are
 * not asserted: they mean nothing on a test machine.
 */
@KeycloakIT
@VersionIndependent
class BenchmarkSmokeIT {

  private static final List<String> SCENARIOS =
      List.of(
          "client_credentials",
          "password_grant",
          "basic_verify",
          "basic_verify_vs_login",
          "bearer_verify",
          "hashed_secret");
  private static final String COMPATIBLE = "compatible_endpoint";

  /** What bench/run.sh needs besides bash and coreutils. */
  private static final List<String> TOOLS = List.of("wrk", "curl", "jq");

  @Test
  void benchmarkPrintsATableWithoutErrors(KeycloakServer server) throws Exception {
    List<String> missing = TOOLS.stream().filter(tool -> !onPath(tool)).toList();
    if (!missing.isEmpty() && "true".equals(System.getenv("CI"))) {
      fail(
          "Not installed: "
              + missing
              + "; under CI=true the benchmark smoke run is required (.ci/run)");
    }
    assumeTrue(
        missing.isEmpty(),
        "Not installed: " + missing + " (apt-get install -y " + String.join(" ", missing) + ")");

    Path script = projectRoot().resolve("bench/run.sh");
    ProcessBuilder builder =
        new ProcessBuilder("bash", script.toString()).redirectErrorStream(true);
    Map<String, String> env = builder.environment();
    env.put("BENCH_BASE_URL", server.baseUrl().toString());
    env.put("BENCH_ADMIN_USER", KeycloakServer.ADMIN_USERNAME);
    env.put("BENCH_ADMIN_PASSWORD", KeycloakServer.ADMIN_PASSWORD);
    env.put("BENCH_ROUNDS", "1");
    // As short as still exercises every scenario end to end: it runs on every version of the
    // matrix.
    env.put("BENCH_DURATION", "1");
    env.put("BENCH_WARMUP", "1");
    env.put("BENCH_SETTLE", "0.2");
    env.put("BENCH_PASSWORD_CONNECTIONS", "2");
    Path output = Files.createTempFile("bench-smoke", ".log");
    builder.redirectOutput(output.toFile());

    Process process = builder.start();
    if (!process.waitFor(5, TimeUnit.MINUTES)) {
      process.descendants().forEach(ProcessHandle::destroy);
      process.destroy();
      fail("bench/run.sh did not finish within 5 minutes:\n" + read(output));
    }
    String log = read(output);
    System.out.println(log);

    assertThat(process.exitValue()).as("exit status of bench/run.sh; output:\n%s", log).isZero();
    assertThat(log).contains("| scenario | side | req/s | p50 ms | p99 ms | errors | ratio B/A |");
    for (String scenario : SCENARIOS) {
      assertSideRows(log, scenario);
    }
    if (!log.contains("compatible_endpoint: SKIPPED: endpoint not present (404)")) {
      assertSideRows(log, COMPATIBLE);
    }
  }

  /** One A and one B row for the scenario, each with 0 in the errors column. */
  private static void assertSideRows(String log, String scenario) {
    List<String[]> rows =
        log.lines()
            .filter(line -> line.startsWith("| " + scenario + " |"))
            .map(line -> Arrays.stream(line.split("\\|")).map(String::trim).toArray(String[]::new))
            .toList();
    assertThat(rows).as("table rows of %s in:\n%s", scenario, log).hasSize(2);
    assertThat(rows.get(0)[2]).startsWith("A: ");
    assertThat(rows.get(1)[2]).startsWith("B: ");
    for (String[] row : rows) {
      assertThat(row[6]).as("errors of %s / %s in:\n%s", scenario, row[2], log).isEqualTo("0");
    }
  }

  /** Failsafe runs in providers/ and sets {@code basedir} to it. */
  private static Path projectRoot() {
    return Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize().getParent();
  }

  private static boolean onPath(String command) {
    return Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
        .map(dir -> Path.of(dir, command))
        .anyMatch(Files::isExecutable);
  }

  private static String read(Path file) throws IOException {
    return Files.readString(file, StandardCharsets.UTF_8);
  }
}
