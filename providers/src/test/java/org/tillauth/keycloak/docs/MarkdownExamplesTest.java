package org.tillauth.keycloak.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class MarkdownExamplesTest {

  @Test
  void findsBlocksWithTheirMarkerLanguageAndLineNumbers() {
    List<String> md =
        List.of(
            "# Title",
            "<!-- runnable -->",
            "```bash",
            "curl -s http://localhost:8080/",
            "# => 200",
            "```",
            "",
            "1. Step:",
            "   <!-- not-runnable: needs a browser -->",
            "   ```sh",
            "   echo $CODE",
            "   ```",
            "```json",
            "{}",
            "```");

    List<DocBlock> blocks = MarkdownExamples.blocks("README.md", md);

    assertThat(blocks).hasSize(3);
    assertThat(blocks.get(0).marker()).isEqualTo(DocBlock.Marker.RUNNABLE);
    assertThat(blocks.get(0).location()).isEqualTo("README.md:3");
    assertThat(blocks.get(0).lines())
        .containsExactly(
            new DocBlock.Line(4, "curl -s http://localhost:8080/"),
            new DocBlock.Line(5, "# => 200"));
    assertThat(blocks.get(1).marker()).isEqualTo(DocBlock.Marker.NOT_RUNNABLE);
    assertThat(blocks.get(1).reason()).isEqualTo("needs a browser");
    assertThat(blocks.get(1).language()).isEqualTo("sh");
    assertThat(blocks.get(1).lines()).containsExactly(new DocBlock.Line(11, "echo $CODE"));
    assertThat(blocks.get(2).marker()).isEqualTo(DocBlock.Marker.NONE);
    assertThat(blocks.get(2).isShell()).isFalse();
    assertThat(MarkdownExamples.markerProblems("README.md", md)).isEmpty();
  }

  @Test
  void reportsUnmarkedShellBlocksAndBadMarkersWithTheirLines() {
    List<String> md =
        List.of(
            "```bash", // 1: no marker
            "ls",
            "```",
            "<!-- not-runnable -->", // 4: no reason
            "```sh",
            "ls",
            "```",
            "<!-- runnable -->", // 8: not a shell block
            "```json",
            "{}",
            "```",
            "<!-- runnable -->", // 12: no outcome
            "```bash",
            "ls",
            "```",
            "<!-- runnable -->", // 16: blank line before the fence
            "",
            "```bash",
            "ls",
            "# => output=x",
            "```");

    List<String> problems = MarkdownExamples.markerProblems("docs/x.md", md);

    assertThat(problems)
        .satisfiesExactlyInAnyOrder(
            p -> assertThat(p).startsWith("docs/x.md:1: shell block without a marker"),
            p -> assertThat(p).startsWith("docs/x.md:5: <!-- not-runnable --> needs a reason"),
            p -> assertThat(p).startsWith("docs/x.md:9: <!-- runnable --> on a 'json' block"),
            p -> assertThat(p).startsWith("docs/x.md:13: runnable block without a documented"),
            p -> assertThat(p).startsWith("docs/x.md:18: shell block without a marker"),
            p -> assertThat(p).startsWith("docs/x.md:16: marker not understood"));
  }

  @Test
  void splitsWhatTheScriptPrintedIntoSteps() {
    String stdout =
        "{\"a\":1}\n@@doc-example-step 1@@\n\n@@doc-example-step 2@@\nno newline"
            + "\n@@doc-example-step 3@@\ncleanup output\n";

    assertThat(ExampleRunner.stepOutputs(stdout))
        .containsExactly(
            org.assertj.core.api.Assertions.entry(1, "{\"a\":1}"),
            org.assertj.core.api.Assertions.entry(2, ""),
            org.assertj.core.api.Assertions.entry(3, "no newline"));
  }
}
