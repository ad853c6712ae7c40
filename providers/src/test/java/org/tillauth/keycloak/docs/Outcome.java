package org.tillauth.keycloak.docs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The documented outcome of a step of a runnable example: a comment line {@code # => ...} after the
 * commands it describes. Its items, separated by spaces:
 *
 * <ul>
 *   <li>{@code 400}: HTTP status of the step's last curl response;
 *   <li>{@code header.Cache-Control=no-store}: a header of that response;
 *   <li>{@code claim.till_code=store.server}, {@code !claim.till_code}: a claim of the access token
 *       in that response ({@code access_token}, {@code data.accessToken}), or its absence;
 *   <li>{@code till_attribution=header}, {@code !till_code}: a field (dotted path) of what the step
 *       printed, read as JSON, or its absence;
 *   <li>{@code output="text"}: what the step printed, exactly (surrounding white space ignored);
 *   <li>a JSON object or array, last on the line: what the step printed; objects match when every
 *       documented field matches (extra fields are allowed), a string ending in {@code ...} matches
 *       any string that starts with the part before it.
 * </ul>
 *
 * Values with spaces are written in double quotes: {@code error_description="Unknown till code
 * 'x'"}.
 */
record Outcome(int line, String text, List<Check> checks) {

  static final String PREFIX = "# =>";
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  static boolean isOutcomeLine(String line) {
    return line.trim().startsWith(PREFIX);
  }

  /** Parses the text after {@code # =>}; a syntax error names the file and line. */
  static Outcome parse(String location, int line, String commentLine) {
    String text = commentLine.trim().substring(PREFIX.length()).trim();
    List<Check> checks = new ArrayList<>();
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
        continue;
      }
      if (c == '{' || c == '[') {
        String json = text.substring(i).trim();
        try {
          checks.add(new Check.PrintedJson(JSON.readTree(json)));
        } catch (JsonProcessingException e) {
          throw new IllegalArgumentException(
              location + ": documented JSON outcome is not valid JSON: " + json, e);
        }
        break;
      }
      int start = i;
      StringBuilder token = new StringBuilder();
      boolean quoted = false;
      while (i < text.length() && (quoted || !Character.isWhitespace(text.charAt(i)))) {
        char t = text.charAt(i);
        if (t == '"') {
          quoted = !quoted;
        } else if (t == '\\' && quoted && i + 1 < text.length()) {
          token.append(text.charAt(++i));
        } else {
          token.append(t);
        }
        i++;
      }
      if (quoted) {
        throw new IllegalArgumentException(
            location + ": unclosed quote in outcome item: " + text.substring(start));
      }
      checks.add(item(location, token.toString()));
    }
    if (checks.isEmpty()) {
      throw new IllegalArgumentException(location + ": empty outcome line '" + commentLine + "'");
    }
    return new Outcome(line, text, List.copyOf(checks));
  }

  private static Check item(String location, String token) {
    if (token.matches("[1-5][0-9][0-9]")) {
      return new Check.Status(Integer.parseInt(token));
    }
    boolean absent = token.startsWith("!");
    String body = absent ? token.substring(1) : token;
    int eq = body.indexOf('=');
    if (absent == (eq >= 0) || body.isEmpty() || eq == 0) {
      throw new IllegalArgumentException(
          location
              + ": outcome item '"
              + token
              + "' is neither a status, name=value nor !name (see the docs section on runnable"
              + " examples)");
    }
    String name = absent ? body : body.substring(0, eq);
    String value = absent ? null : body.substring(eq + 1);
    if (name.startsWith("header.")) {
      if (absent) {
        return new Check.HeaderAbsent(name.substring("header.".length()));
      }
      return new Check.Header(name.substring("header.".length()), value);
    }
    if (name.startsWith("claim.")) {
      return new Check.Claim(name.substring("claim.".length()), value);
    }
    if (name.equals("output") && !absent) {
      return new Check.Output(value);
    }
    return new Check.PrintedField(name, value);
  }

  /** What one step of a block produced. */
  record StepResult(
      String output, Integer status, Map<String, List<String>> headers, String body) {}

  /** Every documented item that does not hold, as readable sentences (empty: all hold). */
  List<String> mismatches(StepResult result) {
    List<String> problems = new ArrayList<>();
    for (Check check : checks) {
      String problem = check.mismatch(result);
      if (problem != null) {
        problems.add(problem);
      }
    }
    return problems;
  }

  sealed interface Check {

    /** Null when the check holds, else what was expected and what came. */
    String mismatch(StepResult result);

    record Status(int expected) implements Check {
      @Override
      public String mismatch(StepResult result) {
        if (result.status() == null) {
          return "expected HTTP status " + expected + ", but the step made no curl request";
        }
        return result.status() == expected
            ? null
            : "expected HTTP status " + expected + ", got " + result.status();
      }
    }

    record Header(String name, String expected) implements Check {
      @Override
      public String mismatch(StepResult result) {
        List<String> values = header(result, name);
        if (values.contains(expected)) {
          return null;
        }
        return "expected header " + name + ": " + expected + ", got " + values;
      }
    }

    record HeaderAbsent(String name) implements Check {
      @Override
      public String mismatch(StepResult result) {
        List<String> values = header(result, name);
        return values.isEmpty() ? null : "expected no header " + name + ", got " + values;
      }
    }

    record Claim(String path, String expected) implements Check {
      @Override
      public String mismatch(StepResult result) {
        JsonNode claims = accessTokenClaims(result);
        if (claims == null) {
          return "expected claim "
              + path
              + (expected == null ? " to be absent" : "=" + expected)
              + ", but the step's response carries no access token; body: "
              + abbreviate(result.body());
        }
        return fieldMismatch("claim " + path, at(claims, path), expected);
      }
    }

    record PrintedField(String path, String expected) implements Check {
      @Override
      public String mismatch(StepResult result) {
        JsonNode printed = printedJson(result);
        if (printed == null) {
          return "expected printed JSON with "
              + path
              + ", but the step printed: "
              + abbreviate(result.output());
        }
        return fieldMismatch(path, at(printed, path), expected);
      }
    }

    record Output(String expected) implements Check {
      @Override
      public String mismatch(StepResult result) {
        return result.output().trim().equals(expected.trim())
            ? null
            : "expected output '" + expected + "', got '" + abbreviate(result.output()) + "'";
      }
    }

    record PrintedJson(JsonNode expected) implements Check {
      @Override
      public String mismatch(StepResult result) {
        JsonNode printed = printedJson(result);
        if (printed == null) {
          return "expected printed JSON " + expected + ", got: " + abbreviate(result.output());
        }
        String difference = difference("", expected, printed);
        return difference == null
            ? null
            : "printed JSON differs from the documented "
                + expected
                + " ("
                + difference
                + "); printed: "
                + abbreviate(result.output());
      }
    }
  }

  /**
   * Null if {@code actual} matches the documented {@code expected}: objects need the documented
   * fields only, arrays the same elements in order, {@code "abc..."} matches strings starting with
   * "abc".
   */
  static String difference(String path, JsonNode expected, JsonNode actual) {
    String where = path.isEmpty() ? "top level" : path;
    if (actual == null || actual.isMissingNode()) {
      return where + " is missing";
    }
    if (expected.isObject()) {
      if (!actual.isObject()) {
        return where + " is not an object";
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = expected.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        String child = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
        String d = difference(child, field.getValue(), actual.get(field.getKey()));
        if (d != null) {
          return d;
        }
      }
      return null;
    }
    if (expected.isArray()) {
      if (!actual.isArray() || actual.size() != expected.size()) {
        return where + " is " + actual + ", not " + expected.size() + " element(s)";
      }
      for (int i = 0; i < expected.size(); i++) {
        String d = difference(path + "[" + i + "]", expected.get(i), actual.get(i));
        if (d != null) {
          return d;
        }
      }
      return null;
    }
    if (expected.isTextual() && expected.asText().endsWith("...")) {
      String prefix = expected.asText().substring(0, expected.asText().length() - 3);
      return actual.isTextual() && actual.asText().startsWith(prefix)
          ? null
          : where + " is " + actual + ", expected a string starting with \"" + prefix + "\"";
    }
    return expected.equals(actual)
            || (expected.isNumber()
                && actual.isNumber()
                && expected.asText().equals(actual.asText()))
        ? null
        : where + " is " + actual + ", expected " + expected;
  }

  private static String fieldMismatch(String what, JsonNode actual, String expected) {
    boolean present = actual != null && !actual.isMissingNode() && !actual.isNull();
    if (expected == null) {
      return present ? "expected no " + what + ", got " + actual : null;
    }
    if (!present) {
      return "expected " + what + "=" + expected + ", but it is absent";
    }
    String text = actual.isValueNode() ? actual.asText() : actual.toString();
    return text.equals(expected) ? null : "expected " + what + "=" + expected + ", got " + text;
  }

  /** Dotted path; numeric parts index arrays. */
  static JsonNode at(JsonNode node, String path) {
    JsonNode current = node;
    for (String part : path.split("\\.")) {
      if (current == null) {
        return null;
      }
      current =
          current.isArray() && part.matches("\\d+")
              ? current.get(Integer.parseInt(part))
              : current.get(part);
    }
    return current;
  }

  private static List<String> header(StepResult result, String name) {
    return result.headers().entrySet().stream()
        .filter(e -> e.getKey().equalsIgnoreCase(name))
        .flatMap(e -> e.getValue().stream())
        .toList();
  }

  private static JsonNode printedJson(StepResult result) {
    return parse(result.output());
  }

  /** Claims of the access token in the last response's body, else in what the step printed. */
  private static JsonNode accessTokenClaims(StepResult result) {
    for (String text : new String[] {result.body(), result.output()}) {
      JsonNode json = parse(text);
      if (json == null) {
        continue;
      }
      for (String path : List.of("access_token", "data.accessToken", "accessToken")) {
        JsonNode token = at(json, path);
        if (token != null && token.isTextual() && token.asText().split("\\.").length >= 2) {
          String payload = token.asText().split("\\.")[1];
          return parse(new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8));
        }
      }
    }
    return null;
  }

  private static JsonNode parse(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      return JSON.readTree(text.trim());
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  private static String abbreviate(String text) {
    if (text == null) {
      return "(nothing)";
    }
    String oneLine = text.strip();
    return oneLine.length() > 600 ? oneLine.substring(0, 600) + "..." : oneLine;
  }
}
