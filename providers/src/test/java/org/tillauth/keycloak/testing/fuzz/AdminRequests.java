package org.tillauth.keycloak.testing.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tillauth.keycloak.testing.AdminApi;
import org.tillauth.keycloak.testing.Http;
import org.tillauth.keycloak.testing.ServerLog;
import org.tillauth.keycloak.testing.fuzz.Answers.Answer;

/**
 * Hostile requests at the extension's own admin REST endpoints, sent as the bootstrap admin over a
 * raw socket (any method, content type, path and body bytes), and the checks of their answers.
 */
public final class AdminRequests {

  /**
   * The error codes the extension's admin endpoints answer with ({@code invalid_client_metadata}:
   * the token lifespan policy, through Keycloak's client registration).
   */
  public static final Set<String> EXTENSION_ERRORS =
      Set.of("invalid_request", "not_found", "invalid_client_metadata", "conflict");

  /** Methods RESTEasy routes or refuses; the odd ones must not reach a 5xx either. */
  public static final List<String> METHODS =
      List.of("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "TRACE", "FOO");

  private final AdminApi admin;
  private final RawHttp raw;

  public AdminRequests(AdminApi admin, Http http) {
    this.admin = admin;
    this.raw = new RawHttp(http.baseUrl());
  }

  /** A request with the admin's token; {@code contentType} null sends none. */
  public Answer send(String method, String path, String contentType, byte[] body) {
    List<String[]> headers = new ArrayList<>();
    headers.add(new String[] {"Authorization", admin.authorization()});
    if (contentType != null) {
      headers.add(new String[] {"Content-Type", contentType});
    }
    return Answer.of(raw.send(method, path, headers, body));
  }

  public Answer send(String method, String path, String contentType, String body) {
    return send(method, path, contentType, body == null ? null : utf8(body));
  }

  /** A request without any credentials. */
  public Answer anonymous(String method, String path, String body) {
    return Answer.of(
        raw.send(
            method,
            path,
            RawHttp.headers("Content-Type", "application/json"),
            body == null ? null : utf8(body)));
  }

  /** Mostly {@code application/json}, else a near miss, another type or none. */
  public static String contentType(Fuzz fuzz) {
    if (fuzz.chance(0.75)) {
      return "application/json";
    }
    return headerSafe(
        fuzz.pick(
            null,
            "",
            "application/json; charset=utf-8",
            "application/json;charset=UTF-8",
            "APPLICATION/JSON",
            "application/json; charset=utf-16",
            "application/json; charset=iso-8859-1",
            "application/json; charset=x-no-such-charset",
            "application/json; charset=",
            "application/jsonx",
            "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=x",
            "text/plain",
            "text/html",
            "*/*",
            fuzz.hostileString()));
  }

  /** True when the type is one the endpoints' {@code @Consumes(application/json)} takes. */
  public static boolean isJsonType(String contentType) {
    return contentType != null
        && contentType.strip().toLowerCase().matches("application/json(\\s*;.*)?");
  }

  /**
   * A body: the fields as JSON (most often), or the same text broken: invalid UTF-8, UTF-16,
   * duplicate keys, trailing data, deep nesting, not JSON at all, empty.
   */
  public static byte[] body(Fuzz fuzz, Map<String, Object> fields) {
    String json = Http.toJson(fields);
    return switch (fuzz.between(0, 14)) {
      case 0 -> fuzz.spliceBadUtf8(json);
      case 1 -> json.getBytes(fuzz.pick(StandardCharsets.UTF_16, StandardCharsets.UTF_16LE));
      case 2 -> utf8(duplicated(fuzz, fields, json));
      case 3 -> utf8(json + fuzz.pick(" x", "}", json, "\u0000", " // c", ",{}"));
      case 4 -> utf8(fuzz.deepJson());
      case 5 ->
          utf8(
              fuzz.pick(
                  "",
                  " ",
                  "null",
                  "[]",
                  "[" + json + "]",
                  "{",
                  "\"" + json.replace("\"", "\\\"") + "\"",
                  "1",
                  "true",
                  "name=x&code=y",
                  "<a/>",
                  "{'name':'x'}",
                  "{name:\"x\"}"));
      case 6 -> utf8(Http.toJson(fuzz.jsonValue(3)));
      default -> utf8(json);
    };
  }

  private static String duplicated(Fuzz fuzz, Map<String, Object> fields, String json) {
    if (fields.isEmpty()) {
      return "{\"a\":1,\"a\":2}";
    }
    String key = fuzz.pick(new ArrayList<>(fields.keySet()));
    Object again = fuzz.chance(0.5) ? fields.get(key) : fuzz.jsonValue(1);
    return json.substring(0, json.length() - 1)
        + ","
        + Http.toJson(key)
        + ":"
        + Http.toJson(again)
        + "}";
  }

  /**
   * A path segment: a hostile string percent-encoded, or a raw form the HTTP layer may normalise or
   * refuse (dot segments, encoded slashes and NULs, broken escapes, very long).
   */
  public static String segment(Fuzz fuzz) {
    return switch (fuzz.between(0, 5)) {
      case 0, 1 -> encode(fuzz.hostileString(36, 64, 255, 256));
      case 2 -> encode(fuzz.sized(36, 255, 4096));
      case 3 ->
          fuzz.pick(
              "..",
              ".",
              "%2e%2e",
              "%2E",
              "..%2f..",
              "%2F",
              "a%2Fb",
              "a%5Cb",
              "%00",
              "a%00b",
              "%ZZ",
              "%",
              "%C0%AE%C0%AE",
              "%FF",
              "%EF%BF%BD",
              "%E2%80%AE",
              "%20",
              "+",
              "%0d%0a",
              ";x=1",
              "x;jsessionid=1",
              "*",
              "~",
              "%25");
      case 4 -> encode(fuzz.mutate(fuzz.pick("store-001", "store.server", "till-002", "x")));
      default -> encode(fuzz.randomString(fuzz.between(1, 20)));
    };
  }

  /**
   * Percent-encodes a path segment as UTF-8 ({@code +} for space would be a literal plus in a
   * path).
   */
  public static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** Header bytes go out as ISO-8859-1; wider characters and CR/LF would break the request. */
  public static String headerSafe(String value) {
    if (value == null) {
      return null;
    }
    StringBuilder safe = new StringBuilder();
    value
        .chars()
        .limit(2000)
        .forEach(c -> safe.append(c > 0xFF || c == '\r' || c == '\n' ? '?' : (char) c));
    return safe.toString();
  }

  /**
   * Checks a fuzzed body's answer: Keycloak's own refusal for a content type its HTTP layer
   * rejects, the extension's 415 for a JSON type with another charset, the extension's 400 for
   * everything else it refuses. Returns true when the request was accepted (2xx), which the caller
   * checks and undoes.
   */
  public static boolean acceptedOrRefused(Answer answer, String contentType) {
    if (Fuzz.hasHeaderControl(String.valueOf(contentType))) {
      keycloakRefusal(answer);
      return false;
    }
    if (answer.status() >= 200 && answer.status() < 300) {
      return true;
    }
    if (answer.status() == 415 && isJsonType(contentType)) {
      extensionError(answer, 415); // a JSON type with a charset other than UTF-8
    } else if (answer.status() == 415) {
      keycloakRefusal(answer); // RESTEasy: a type @Consumes(application/json) does not take
    } else {
      extensionError(answer, 400);
    }
    return false;
  }

  /**
   * Checks a fuzzed path's answer: 2xx only for reading methods (and OPTIONS / HEAD, which Keycloak
   * answers itself), the extension's 400/404 in its format, or Keycloak's own refusal.
   */
  public static void readOrRefused(Answer answer, String method) {
    if (answer.status() < 300) {
      assertThat(method).as("%s", answer).isIn("GET", "OPTIONS", "HEAD");
    } else if (!answer.body().isEmpty()
        && answer.json().path("error").asText().equals("invalid_request")) {
      extensionError(answer, 400);
    } else if (!answer.body().isEmpty()
        && answer.json().path("error").asText().equals("not_found")) {
      extensionError(answer, 404);
    } else {
      keycloakRefusal(answer);
    }
  }

  /**
   * An error answered by the extension's own code: the expected status, a JSON object with exactly
   * {@code error} (one of ours) and a non-blank {@code error_description}.
   */
  public static void extensionError(Answer answer, int... statuses) {
    Answers.noServerError(answer);
    assertThat(statuses).as("status: %s", answer).contains(answer.status());
    assertThat(answer.header().apply("Content-Type"))
        .as("JSON content type: %s", answer)
        .startsWith("application/json");
    JsonNode json = answer.json();
    assertThat(json.isObject() && json.size() == 2).as("error shape: %s", answer).isTrue();
    assertThat(EXTENSION_ERRORS).as("error code: %s", answer).contains(json.path("error").asText());
    assertThat(json.path("error_description").isTextual()).as("description: %s", answer).isTrue();
    assertThat(json.path("error_description").asText()).as("description: %s", answer).isNotBlank();
  }

  /**
   * An answer Keycloak gives before the extension's method runs (unknown path, method not allowed,
   * unsupported media type, not authenticated, a request the HTTP layer refuses): a 4xx, and when
   * it has a body, JSON with an {@code error}.
   */
  public static void keycloakRefusal(Answer answer) {
    Answers.noServerError(answer);
    assertThat(answer.status()).as("refusal status: %s", answer).isBetween(400, 499);
    if (!answer.body().isEmpty()) {
      Answers.adminError(answer);
    }
  }

  /** Fails with the first place where {@code after} differs from {@code before}. */
  public static void unchanged(String what, JsonNode before, JsonNode after) {
    assertThat(difference("", before, after)).as(what).isNull();
  }

  private static String difference(String path, JsonNode before, JsonNode after) {
    if (before.equals(after)) {
      return null;
    }
    if (before.isObject() && after.isObject()) {
      for (String field : (Iterable<String>) () -> before.fieldNames()) {
        String inner = difference(path + "." + field, before.get(field), after.path(field));
        if (inner != null) {
          return inner;
        }
      }
      return path + ": fields " + Fuzz.shown(after.toString());
    }
    if (before.isArray() && after.isArray() && before.size() == after.size()) {
      for (int i = 0; i < before.size(); i++) {
        String inner = difference(path + "[" + i + "]", before.get(i), after.get(i));
        if (inner != null) {
          return inner;
        }
      }
    }
    return path + ": " + Fuzz.shown(before.toString()) + " -> " + Fuzz.shown(after.toString());
  }

  /** No stack trace and no ERROR line in the server log since {@code mark}. */
  public static void nothingLoggedSince(long mark) {
    String logged = ServerLog.since(mark);
    assertThat(logged).as("server log").doesNotContain("\tat ").doesNotContain(" ERROR ");
    assertThat(logged).as("server log").doesNotContainPattern("(?m)^\\s+at [a-z]");
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
