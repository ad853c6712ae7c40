package org.tillauth.keycloak.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds the code blocks of the project's Markdown files and the markers that say whether a reader
 * can run them as written:
 *
 * <pre>
 * &lt;!-- runnable --&gt;
 * &lt;!-- not-runnable: needs a code from a browser sign-in --&gt;
 * </pre>
 *
 * on the line directly before the opening fence. Every shell block must carry one of the two, so a
 * new example is either executed by the build or visibly excused.
 */
final class MarkdownExamples {

  private static final Pattern FENCE = Pattern.compile("^( *)(`{3,}|~{3,})\\s*([^`]*)$");
  private static final Pattern RUNNABLE = Pattern.compile("^<!--\\s*runnable\\s*-->$");
  private static final Pattern NOT_RUNNABLE =
      Pattern.compile("^<!--\\s*not-runnable\\s*(?::\\s*(.*?))?\\s*-->$");
  private static final Pattern ANY_MARKER = Pattern.compile("^<!--\\s*(not-)?runnable\\b.*");
  private static final Set<String> SKIPPED_DIRECTORIES =
      Set.of("target", "node_modules", ".run", ".git", ".idea");

  private MarkdownExamples() {}

  /** README.md, CONTRIBUTING.md and every Markdown file under docs/, sorted. */
  static List<Path> documentationFiles(Path root) {
    List<Path> files = new ArrayList<>();
    for (String name : List.of("README.md", "CONTRIBUTING.md")) {
      if (Files.isRegularFile(root.resolve(name))) {
        files.add(root.resolve(name));
      }
    }
    Path docs = root.resolve("docs");
    if (Files.isDirectory(docs)) {
      try (Stream<Path> walk = Files.walk(docs)) {
        walk.filter(Files::isRegularFile)
            .filter(p -> p.getFileName().toString().endsWith(".md"))
            .filter(p -> !inSkippedDirectory(root.relativize(p)))
            .sorted()
            .forEach(files::add);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return files;
  }

  static List<DocBlock> blocks(Path root, Path file) {
    try {
      return blocks(
          root.relativize(file).toString(), Files.readAllLines(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<DocBlock> blocks(String file, List<String> lines) {
    List<DocBlock> blocks = new ArrayList<>();
    int i = 0;
    while (i < lines.size()) {
      Matcher open = FENCE.matcher(lines.get(i));
      if (!open.matches()) {
        i++;
        continue;
      }
      int indent = open.group(1).length();
      String fence = open.group(2);
      String info = open.group(3).trim();
      String language = info.isEmpty() ? "" : info.split("\\s+")[0].toLowerCase();
      int fenceLine = i + 1;
      List<DocBlock.Line> content = new ArrayList<>();
      i++;
      while (i < lines.size() && !isClosing(lines.get(i), fence)) {
        content.add(new DocBlock.Line(i + 1, stripIndent(lines.get(i), indent)));
        i++;
      }
      i++; // the closing fence (or the end of an unclosed block)
      String previous = fenceLine >= 2 ? lines.get(fenceLine - 2).trim() : "";
      DocBlock.Marker marker = DocBlock.Marker.NONE;
      String reason = null;
      Matcher notRunnable = NOT_RUNNABLE.matcher(previous);
      if (RUNNABLE.matcher(previous).matches()) {
        marker = DocBlock.Marker.RUNNABLE;
      } else if (notRunnable.matches()) {
        marker = DocBlock.Marker.NOT_RUNNABLE;
        reason = notRunnable.group(1) == null ? "" : notRunnable.group(1);
      }
      blocks.add(new DocBlock(file, fenceLine, language, marker, reason, List.copyOf(content)));
    }
    return blocks;
  }

  /**
   * What is wrong with the markers of a file: unmarked shell blocks, markers without a reason, on a
   * non-shell block or not directly followed by a fence, runnable blocks without an outcome.
   */
  static List<String> markerProblems(String file, List<String> lines) {
    List<String> problems = new ArrayList<>();
    List<DocBlock> blocks = blocks(file, lines);
    for (DocBlock block : blocks) {
      switch (block.marker()) {
        case NONE -> {
          if (block.isShell()) {
            problems.add(
                block.location()
                    + ": shell block without a marker; put <!-- runnable --> or"
                    + " <!-- not-runnable: <reason> --> on the line before the fence");
          }
        }
        case NOT_RUNNABLE -> {
          if (block.reason().isBlank()) {
            problems.add(block.location() + ": <!-- not-runnable --> needs a reason after a colon");
          }
        }
        case RUNNABLE -> {
          if (!block.isShell()) {
            problems.add(
                block.location()
                    + ": <!-- runnable --> on a '"
                    + block.language()
                    + "' block; only "
                    + DocBlock.SHELL_LANGUAGES
                    + " blocks are run");
          } else if (block.lines().stream().noneMatch(l -> Outcome.isOutcomeLine(l.text()))) {
            problems.add(
                block.location()
                    + ": runnable block without a documented outcome; add a '# => ...' line"
                    + " after the command it describes");
          }
        }
        default -> throw new IllegalStateException("Unexpected marker " + block.marker());
      }
    }
    Set<Integer> markerLinesBeforeFences =
        new HashSet<>(
            blocks.stream()
                .filter(b -> b.marker() != DocBlock.Marker.NONE)
                .map(b -> b.fenceLine() - 1)
                .toList());
    Set<Integer> insideBlocks = new HashSet<>();
    blocks.forEach(b -> b.lines().forEach(l -> insideBlocks.add(l.number())));
    for (int i = 0; i < lines.size(); i++) {
      if (!insideBlocks.contains(i + 1)
          && ANY_MARKER.matcher(lines.get(i).trim()).matches()
          && !markerLinesBeforeFences.contains(i + 1)) {
        problems.add(
            file
                + ":"
                + (i + 1)
                + ": marker not understood or not directly followed by a code fence: "
                + lines.get(i).trim());
      }
    }
    return problems;
  }

  private static boolean isClosing(String line, String fence) {
    String trimmed = line.trim();
    return trimmed.length() >= fence.length()
        && trimmed.chars().allMatch(c -> c == fence.charAt(0));
  }

  private static String stripIndent(String line, int indent) {
    int n = 0;
    while (n < indent && n < line.length() && line.charAt(n) == ' ') {
      n++;
    }
    return line.substring(n);
  }

  private static boolean inSkippedDirectory(Path relative) {
    for (Path part : relative) {
      if (SKIPPED_DIRECTORIES.contains(part.toString())) {
        return true;
      }
    }
    return false;
  }
}
