package org.tillauth.keycloak.docs;

import java.util.List;

/**
 * A fenced code block of a Markdown file, with the marker comment on the line before its fence.
 *
 * @param file path relative to the project root, as shown in failure messages
 * @param fenceLine 1-based line of the opening fence
 * @param language first word of the fence's info string, lower case ({@code ""} if none)
 * @param marker what the comment before the fence says about the block
 * @param reason the text after {@code not-runnable:}, or null
 * @param lines the block's content, indentation of the fence removed
 */
record DocBlock(
    String file, int fenceLine, String language, Marker marker, String reason, List<Line> lines) {

  /** Fence languages that hold shell commands a reader might paste into a terminal. */
  static final List<String> SHELL_LANGUAGES = List.of("bash", "sh", "shell", "zsh", "console");

  enum Marker {
    RUNNABLE,
    NOT_RUNNABLE,
    NONE
  }

  /** One content line and its 1-based line number in the file. */
  record Line(int number, String text) {}

  boolean isShell() {
    return SHELL_LANGUAGES.contains(language);
  }

  String location() {
    return file + ":" + fenceLine;
  }
}
