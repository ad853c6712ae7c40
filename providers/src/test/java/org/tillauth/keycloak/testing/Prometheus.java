package org.tillauth.keycloak.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
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
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian's Prometheus (package {@code prometheus}), started on a loopback port with a configuration
 * of the test's own in a folder under target/: one scrape job {@code keycloak} every second, and
 * rule files evaluated every second. Without the binary the calling test is skipped (under {@code
 * CI=true} it fails: .ci/run installs it). Stopped with {@link #close()}.
 */
public final class Prometheus implements AutoCloseable {

  private static final Path BINARY = Path.of("/usr/bin/prometheus");
  private static final Path PROMTOOL = Path.of("/usr/bin/promtool");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Process process;
  private final Path folder;
  private final URI url;
  private final HttpClient client = HttpClient.newHttpClient();

  private Prometheus(Process process, Path folder, URI url) {
    this.process = process;
    this.folder = folder;
    this.url = url;
  }

  /** Skips the test (fails it under CI=true) where Debian's Prometheus is not installed. */
  public static void requireInstalled() {
    for (Path binary : List.of(BINARY, PROMTOOL)) {
      if (!Files.isExecutable(binary)) {
        String reason = binary + " not found (apt-get install prometheus)";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
          Assertions.fail("CI=true but the dashboard test cannot run: " + reason);
        }
        Assumptions.abort(reason);
      }
    }
  }

  /** Scrapes {@code target}'s {@code /metrics} (host:port) as job {@code keycloak}. */
  public static Prometheus start(String name, URI target, List<Path> ruleFiles) {
    requireInstalled();
    try {
      Path folder = Path.of("target", "prometheus-" + name).toAbsolutePath();
      // A fresh database: series of an earlier run would answer the queries too.
      deleteRecursively(folder);
      Files.createDirectories(folder);
      int port = Nginx.freePort();
      List<String> config = new ArrayList<>();
      config.add("global: {scrape_interval: 1s, evaluation_interval: 1s}");
      config.add("rule_files:");
      for (Path file : ruleFiles) {
        config.add("  - '" + file.toAbsolutePath() + "'");
      }
      config.add("scrape_configs:");
      config.add("  - job_name: keycloak");
      config.add(
          "    metrics_path: " + (target.getPath().isEmpty() ? "/metrics" : target.getPath()));
      config.add("    static_configs: [{targets: ['" + target.getAuthority() + "']}]");
      Path file = folder.resolve("prometheus.yml");
      Files.writeString(file, String.join("\n", config) + "\n");
      Process process =
          new ProcessBuilder(
                  BINARY.toString(),
                  "--config.file=" + file,
                  "--storage.tsdb.path=" + folder.resolve("data"),
                  "--web.listen-address=127.0.0.1:" + port)
              .redirectErrorStream(true)
              .redirectOutput(folder.resolve("prometheus.log").toFile())
              .start();
      Prometheus prometheus =
          new Prometheus(process, folder, URI.create("http://127.0.0.1:" + port));
      prometheus.awaitReady();
      return prometheus;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code promtool} with these arguments: its exit status and output. */
  public static Tool promtool(String... arguments) {
    requireInstalled();
    List<String> command = new ArrayList<>(List.of(PROMTOOL.toString()));
    command.addAll(List.of(arguments));
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      return new Tool(process.waitFor(), output);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public record Tool(int exitCode, String output) {}

  /** {@code GET /api/v1/<path>} with the given query string; the answer's JSON. */
  public JsonNode api(String path, String... parameters) {
    StringBuilder query = new StringBuilder();
    for (int i = 0; i < parameters.length; i += 2) {
      query.append(i == 0 ? "?" : "&").append(parameters[i]).append('=');
      query.append(URLEncoder.encode(parameters[i + 1], StandardCharsets.UTF_8));
    }
    HttpRequest request =
        HttpRequest.newBuilder(url.resolve("/api/v1/" + path + query))
            .timeout(Duration.ofSeconds(20))
            .build();
    try {
      HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** An instant query's answer ({@code status}, {@code data.result}, or {@code error}). */
  public JsonNode query(String promql) {
    return api("query", "query", promql);
  }

  /** A range query over the last {@code seconds}, one point per {@code step} seconds. */
  public JsonNode queryRange(String promql, long seconds, int step) {
    long end = Instant.now().getEpochSecond();
    return api(
        "query_range",
        "query",
        promql,
        "start",
        Long.toString(end - seconds),
        "end",
        Long.toString(end),
        "step",
        Integer.toString(step));
  }

  /** Waits until a completed scrape started after this call (the data so far is in Prometheus). */
  public void awaitScrapeAfter(Instant instant) {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
    while (Instant.now().isBefore(deadline)) {
      JsonNode targets = api("targets", "state", "active").path("data").path("activeTargets");
      for (JsonNode target : targets) {
        String last = target.path("lastScrape").asText("");
        if ("up".equals(target.path("health").asText())
            && !last.isEmpty()
            && Instant.parse(last).isAfter(instant)) {
          return;
        }
      }
      pause();
    }
    throw new AssertionError("Prometheus did not scrape after " + instant + ": " + log());
  }

  private void awaitReady() {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new AssertionError("prometheus exited: " + log());
      }
      try {
        HttpResponse<String> response =
            client.send(
                HttpRequest.newBuilder(url.resolve("/-/ready")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      pause();
    }
    throw new AssertionError("prometheus was not ready: " + log());
  }

  private static void deleteRecursively(Path folder) throws IOException {
    if (!Files.exists(folder)) {
      return;
    }
    try (var paths = Files.walk(folder)) {
      for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }

  private static void pause() {
    try {
      Thread.sleep(200);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public String log() {
    try {
      Path log = folder.resolve("prometheus.log");
      return Files.exists(log) ? Files.readString(log) : "";
    } catch (IOException e) {
      return e.toString();
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(15, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
