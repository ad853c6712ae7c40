package org.tillauth.keycloak.testing.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.tillauth.keycloak.testing.Http;

/**
 * What a fuzzed request may get back, per surface: never a 5xx, and errors in the documented format
 * of the surface. Each check fails with the status and body.
 */
public final class Answers {

  /** The JSON endpoint's error codes and the HTTP status each is sent with. */
  public static final Map<Integer, Set<Integer>> ENVELOPE_CODES =
      Map.of(
          320001, Set.of(401),
          320100, Set.of(400),
          320101, Set.of(400),
          320102, Set.of(400),
          320103, Set.of(400),
          320104, Set.of(400),
          320105, Set.of(400),
          320106, Set.of(415),
          320107, Set.of(405),
          320200, Set.of(400, 403));

  /** A response of either client. */
  public record Answer(int status, Function<String, String> header, String body) {

    public static Answer of(Http.Result result) {
      return new Answer(result.status(), result::header, result.body());
    }

    public static Answer of(RawHttp.Response response) {
      return new Answer(response.status(), response::header, response.body());
    }

    public JsonNode json() {
      try {
        return Http.JSON.readTree(body);
      } catch (Exception e) {
        throw new AssertionError("Not JSON (" + this + ")");
      }
    }

    @Override
    public String toString() {
      return status + " " + Fuzz.shown(body);
    }
  }

  private Answers() {}

  public static void noServerError(Answer answer) {
    assertThat(answer.status()).as("no 5xx: %s", answer).isLessThan(500);
  }

  /**
   * Keycloak's HTTP layer refuses a header value with control characters before any provider runs:
   * 400, empty body. Documented in README "Limits and input rules".
   */
  public static void httpLayerRefusal(Answer answer) {
    assertThat(answer.status()).as("HTTP layer refusal: %s", answer).isEqualTo(400);
    assertThat(answer.body()).as("HTTP layer refusal body").isEmpty();
  }

  /** OAuth error JSON of the token endpoint: {@code {"error":"...","error_description":"..."}}. */
  public static void oauthError(Answer answer) {
    noServerError(answer);
    assertThat(answer.status()).as("OAuth error status: %s", answer).isBetween(400, 499);
    JsonNode json = answer.json();
    assertThat(json.path("error").isTextual() && !json.path("error").asText().isEmpty())
        .as("OAuth error field: %s", answer)
        .isTrue();
    if (json.has("error_description")) {
      assertThat(json.path("error_description").isTextual()).as("%s", answer).isTrue();
    }
  }

  /**
   * An admin REST refusal: 4xx with Keycloak's {@code {"error","error_description"}} or {@code
   * {"errorMessage"}} JSON.
   */
  public static void adminError(Answer answer) {
    noServerError(answer);
    assertThat(answer.status()).as("admin refusal status: %s", answer).isBetween(400, 499);
    JsonNode json = answer.json();
    boolean described =
        textual(json, "errorMessage")
            || textual(json, "error")
            || textual(json, "error_description");
    assertThat(described).as("admin error message: %s", answer).isTrue();
  }

  /** The platform envelope with one documented error and {@code Cache-Control: no-store}. */
  public static int envelopeError(Answer answer) {
    noServerError(answer);
    assertThat(answer.header().apply("Cache-Control"))
        .as("no-store: %s", answer)
        .contains("no-store");
    JsonNode json = answer.json();
    assertThat(json.isObject() && json.size() == 2).as("envelope shape: %s", answer).isTrue();
    assertThat(json.path("data").isNull()).as("data null: %s", answer).isTrue();
    JsonNode errors = json.path("errors");
    assertThat(errors.isArray() && errors.size() == 1).as("one error: %s", answer).isTrue();
    JsonNode error = errors.get(0);
    int code = error.path("code").asInt();
    assertThat(error.path("code").isInt()).as("int code: %s", answer).isTrue();
    assertThat(ENVELOPE_CODES).as("documented code: %s", answer).containsKey(code);
    assertThat(ENVELOPE_CODES.get(code))
        .as("status of code %d: %s", code, answer)
        .contains(answer.status());
    assertThat(textual(error, "message")).as("message: %s", answer).isTrue();
    return code;
  }

  private static boolean textual(JsonNode json, String field) {
    return json.path(field).isTextual() && !json.path(field).asText().isBlank();
  }
}
