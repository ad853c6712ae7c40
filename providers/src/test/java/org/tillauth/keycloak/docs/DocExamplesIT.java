package org.tillauth.keycloak.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.tillauth.keycloak.testing.KeycloakIT;
import org.tillauth.keycloak.testing.KeycloakServer;
import org.tillauth.keycloak.testing.VersionIndependent;

/**
 * Every {@code <!-- runnable -->} shell block of README.md and docs/ runs against the shared test
 * server, and each {@code # =>} outcome it documents must hold: the documentation cannot drift from
 * the server. A failure names the file and the line of the outcome that no longer holds.
 */
@KeycloakIT
@VersionIndependent
class DocExamplesIT {

  private static final long TIMEOUT_SECONDS = 120;

  /** What the examples use besides coreutils. */
  private static final List<String> TOOLS = List.of("bash", "curl", "jq");

  @TestFactory
  Stream<DynamicTest> runnableExamplesHoldAgainstTheServer(KeycloakServer server) {
    requireTools();
    ExampleRunner runner =
        new ExampleRunner(server.baseUrl(), outputDir().resolve("doc-examples"), TIMEOUT_SECONDS);
    List<DocBlock> runnable = runnableBlocks();
    assertThat(runnable).as("runnable blocks in README.md and docs/").isNotEmpty();
    System.out.println(
        "DocExamplesIT: " + runnable.size() + " runnable blocks in README.md and docs/");
    return runnable.stream()
        .map(
            block ->
                DynamicTest.dynamicTest(
                    block.location(),
                    () -> {
                      List<String> problems = runner.run(block);
                      assertThat(problems)
                          .as("documented outcomes of the example at %s", block.location())
                          .isEmpty();
                    }));
  }

  @Test
  void everyShellBlockIsMarkedRunnableOrNotRunnable() throws IOException {
    List<String> problems = new ArrayList<>();
    for (Path file : MarkdownExamples.documentationFiles(root())) {
      problems.addAll(
          MarkdownExamples.markerProblems(
              root().relativize(file).toString(),
              Files.readAllLines(file, StandardCharsets.UTF_8)));
    }
    assertThat(problems).as("marker problems").isEmpty();
  }

  /** The runner itself: an example that does not match the server is reported, with its line. */
  @Test
  void anExampleThatNoLongerMatchesTheServerIsReportedWithFileAndLine(KeycloakServer server) {
    requireTools();
    List<String> markdown =
        List.of(
            "Till login:",
            "<!-- runnable -->",
            "```bash",
            "curl -s http://localhost:8080/realms/demo-org/protocol/openid-connect/token \\",
            "  -d grant_type=password -d client_id=pos-terminal \\",
            "  -d username=store.server -d password=not-a-digest",
            "# => 200 claim.till_code=store.server",
            "curl -s http://localhost:8080/realms/demo-org/.well-known/openid-configuration",
            "# => 200 {\"issuer\":\"http://elsewhere...\"}",
            "```");
    DocBlock block = MarkdownExamples.blocks("docs/example.md", markdown).get(0);
    ExampleRunner runner =
        new ExampleRunner(server.baseUrl(), outputDir().resolve("doc-examples"), TIMEOUT_SECONDS);

    List<String> problems = runner.run(block);

    assertThat(problems)
        .satisfiesExactly(
            p -> assertThat(p).isEqualTo("docs/example.md:7: expected HTTP status 200, got 400"),
            p ->
                assertThat(p)
                    .startsWith(
                        "docs/example.md:7: expected claim till_code=store.server, but the step's"
                            + " response carries no access token; body: {\"error\":\"invalid_request\""),
            p ->
                assertThat(p)
                    .startsWith("docs/example.md:9: printed JSON differs from the documented")
                    .contains(
                        "issuer is \""
                            + server.baseUrl()
                            + "/realms/demo-org\", expected a string starting with"
                            + " \"http://elsewhere\""));
  }

  /** Skipped without the tools, except under CI=true, where the examples must run. */
  private static void requireTools() {
    List<String> missing =
        TOOLS.stream()
            .filter(
                tool ->
                    Arrays.stream(
                            System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                        .noneMatch(dir -> Files.isExecutable(Path.of(dir, tool))))
            .toList();
    if (!missing.isEmpty() && "true".equals(System.getenv("CI"))) {
      fail("Not installed: " + missing + "; under CI=true the documentation examples must run");
    }
    assumeTrue(
        missing.isEmpty(),
        "Not installed: " + missing + " (apt-get install -y " + String.join(" ", missing) + ")");
  }

  private static List<DocBlock> runnableBlocks() {
    return MarkdownExamples.documentationFiles(root()).stream()
        .flatMap(file -> MarkdownExamples.blocks(root(), file).stream())
        .filter(block -> block.marker() == DocBlock.Marker.RUNNABLE)
        .toList();
  }

  /** Failsafe runs in providers/ and sets {@code basedir} to it. */
  private static Path root() {
    return Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize().getParent();
  }

  private static Path outputDir() {
    return Path.of(System.getProperty("test.output.dir", "target")).toAbsolutePath();
  }
}
