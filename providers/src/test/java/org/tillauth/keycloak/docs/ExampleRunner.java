package org.tillauth.keycloak.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs a runnable block with bash, as a reader would paste it, against a given server: the
 * documented {@code http://localhost:8080} is replaced by the server's base URL. Each {@code # =>}
 * line ends a step; curl is wrapped so that the last response of each step (status, headers, body)
 * is kept next to what the step printed, and the step's outcome is checked against it.
 */
final class ExampleRunner {

  static final String DOCUMENTED_BASE_URL = "http://localhost:8080";
  private static final String STEP_MARK = "@@doc-example-step ";
  private static final Pattern STEP_LINE = Pattern.compile("^" + STEP_MARK + "(\\d+)@@$");
  private static final Pattern STATUS_LINE = Pattern.compile("^HTTP/[0-9.]+ (\\d{3}).*");

  private static final String PRELUDE =
      """
      set -eo pipefail
      __doc_dir=%s
      # Keeps each response's headers and body for the documented outcome, prints it unchanged.
      curl() { command curl -D "$__doc_dir/headers" "$@" | tee "$__doc_dir/body"; }
      __doc_step() {
        printf '\\n%s%%s@@\\n' "$1"
        if [[ -f "$__doc_dir/headers" ]]; then mv -f "$__doc_dir/headers" "$__doc_dir/headers.$1"; fi
        if [[ -f "$__doc_dir/body" ]]; then mv -f "$__doc_dir/body" "$__doc_dir/body.$1"; fi
      }
      """;

  private final URI baseUrl;
  private final Path workRoot;
  private final long timeoutSeconds;

  ExampleRunner(URI baseUrl, Path workRoot, long timeoutSeconds) {
    this.baseUrl = baseUrl;
    this.workRoot = workRoot;
    this.timeoutSeconds = timeoutSeconds;
  }

  /** Runs the block; returns every problem, each starting with {@code file:line:} (empty: ok). */
  List<String> run(DocBlock block) {
    try {
      return runChecked(block);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private List<String> runChecked(DocBlock block) throws IOException, InterruptedException {
    Files.createDirectories(workRoot);
    Path dir = Files.createTempDirectory(workRoot, safeName(block.location()) + "-");
    Path state = Files.createDirectories(dir.resolve(".doc-example"));
    List<Outcome> outcomes = new ArrayList<>();
    StringBuilder script = new StringBuilder(PRELUDE.formatted(quote(state.toString()), STEP_MARK));
    for (DocBlock.Line line : block.lines()) {
      if (Outcome.isOutcomeLine(line.text())) {
        outcomes.add(Outcome.parse(block.file() + ":" + line.number(), line.number(), line.text()));
        script.append("__doc_step ").append(outcomes.size()).append('\n');
      } else {
        script.append(substitute(line.text())).append('\n');
      }
    }
    Path scriptFile = state.resolve("example.sh");
    Files.writeString(scriptFile, script, StandardCharsets.UTF_8);
    Path stdout = state.resolve("stdout");
    Path stderr = state.resolve("stderr");
    Process process =
        new ProcessBuilder("bash", scriptFile.toString())
            .directory(dir.toFile())
            .redirectOutput(stdout.toFile())
            .redirectError(stderr.toFile())
            .start();
    List<String> problems = new ArrayList<>();
    if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly().waitFor();
      problems.add(
          block.location() + ": did not finish within " + timeoutSeconds + " s" + tail(stderr));
    } else if (process.exitValue() != 0) {
      problems.add(
          block.location()
              + ": bash exited with status "
              + process.exitValue()
              + " (the block runs with set -eo pipefail)"
              + tail(stderr));
    }
    Map<Integer, String> outputs = stepOutputs(Files.readString(stdout, StandardCharsets.UTF_8));
    for (int step = 1; step <= outcomes.size(); step++) {
      Outcome outcome = outcomes.get(step - 1);
      String where = block.file() + ":" + outcome.line();
      if (!outputs.containsKey(step)) {
        if (problems.isEmpty()) {
          problems.add(where + ": the block stopped before this outcome" + tail(stderr));
        }
        continue;
      }
      Outcome.StepResult result = stepResult(state, step, outputs.get(step));
      for (String mismatch : outcome.mismatches(result)) {
        problems.add(where + ": " + mismatch);
      }
    }
    return problems;
  }

  String substitute(String text) {
    return text.replace(DOCUMENTED_BASE_URL, baseUrl.toString())
        .replace("localhost:8080", baseUrl.getAuthority());
  }

  /** What the script printed between step marks, by step number. */
  static Map<Integer, String> stepOutputs(String stdout) {
    Map<Integer, String> outputs = new LinkedHashMap<>();
    StringBuilder current = new StringBuilder();
    for (String line : stdout.split("\n", -1)) {
      Matcher mark = STEP_LINE.matcher(line);
      if (mark.matches()) {
        outputs.put(Integer.parseInt(mark.group(1)), current.toString().strip());
        current.setLength(0);
      } else {
        current.append(line).append('\n');
      }
    }
    return outputs;
  }

  private static Outcome.StepResult stepResult(Path state, int step, String output)
      throws IOException {
    Path headersFile = state.resolve("headers." + step);
    Path bodyFile = state.resolve("body." + step);
    Integer status = null;
    Map<String, List<String>> headers = new LinkedHashMap<>();
    if (Files.exists(headersFile)) {
      for (String line : Files.readAllLines(headersFile, StandardCharsets.ISO_8859_1)) {
        Matcher statusLine = STATUS_LINE.matcher(line);
        if (statusLine.matches()) {
          // A later response (after a 100 Continue or a redirect) replaces the earlier one.
          status = Integer.parseInt(statusLine.group(1));
          headers.clear();
        } else if (line.contains(":")) {
          String name = line.substring(0, line.indexOf(':')).trim().toLowerCase(Locale.ROOT);
          headers
              .computeIfAbsent(name, k -> new ArrayList<>())
              .add(line.substring(line.indexOf(':') + 1).trim());
        }
      }
    }
    String body =
        Files.exists(bodyFile) ? Files.readString(bodyFile, StandardCharsets.UTF_8) : null;
    return new Outcome.StepResult(output, status, headers, body);
  }

  private static String tail(Path file) throws IOException {
    String text = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8).strip() : "";
    if (text.isEmpty()) {
      return "";
    }
    return "; stderr: "
        + (text.length() > 1500 ? "..." + text.substring(text.length() - 1500) : text);
  }

  private static String quote(String value) {
    return "'" + value.replace("'", "'\\''") + "'";
  }

  private static String safeName(String location) {
    return location.replaceAll("[^A-Za-z0-9.-]", "_");
  }
}
