package org.tillauth.keycloak.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OutcomeTest {

  private static final String TOKEN =
      "eyJhbGciOiJSUzI1NiJ9."
          + Base64.getUrlEncoder()
              .withoutPadding()
              .encodeToString(
                  "{\"till_code\":\"store.server\",\"till_attribution\":\"self\"}"
                      .getBytes(StandardCharsets.UTF_8))
          + ".sig";

  private static Outcome outcome(String line) {
    return Outcome.parse("README.md:10", 10, line);
  }

  private static Outcome.StepResult response(int status, String body, String printed) {
    return new Outcome.StepResult(
        printed, status, Map.of("cache-control", List.of("no-store")), body);
  }

  @Test
  void statusHeaderAndClaimsOfTheLastResponse() {
    String body = "{\"access_token\":\"" + TOKEN + "\",\"expires_in\":300}";
    Outcome.StepResult result = response(200, body, body);

    assertThat(
            outcome(
                    "# => 200 header.Cache-Control=no-store claim.till_code=store.server"
                        + " !claim.store_code expires_in=300")
                .mismatches(result))
        .isEmpty();
    assertThat(
            outcome("# => 400 claim.till_attribution=header !claim.till_code").mismatches(result))
        .containsExactly(
            "expected HTTP status 400, got 200",
            "expected claim till_attribution=header, got self",
            "expected no claim till_code, got \"store.server\"");
  }

  @Test
  void claimsAreAlsoReadFromThePlatformEnvelope() {
    String body =
        "{\"data\":{\"accessToken\":\"" + TOKEN + "\",\"ttlSeconds\":300},\"errors\":null}";

    assertThat(outcome("# => claim.till_attribution=self").mismatches(response(200, body, body)))
        .isEmpty();
  }

  @Test
  void documentedJsonMatchesWhenEveryDocumentedFieldMatches() {
    String printed =
        "{\"data\":{\"accessToken\":\"eyJhbGciOi.x.y\",\"ttlSeconds\":300},\"errors\":null,"
            + "\"extra\":true}";
    Outcome.StepResult result = response(200, printed, printed);

    assertThat(
            outcome(
                    "# => 200 {\"data\":{\"accessToken\":\"eyJ...\",\"ttlSeconds\":300},\"errors\":null}")
                .mismatches(result))
        .isEmpty();
    assertThat(outcome("# => {\"data\":{\"ttlSeconds\":3600}}").mismatches(result))
        .singleElement()
        .asString()
        .contains("data.ttlSeconds is 300, expected 3600");
    assertThat(outcome("# => {\"errors\":[]}").mismatches(result))
        .singleElement()
        .asString()
        .contains("errors is null, not 0 element(s)");
  }

  @Test
  void quotedValuesAndPlainOutput() {
    String printed =
        "{\"error\":\"invalid_request\",\"error_description\":\"Unknown till code 'nope'\"}";
    Outcome.StepResult result = response(400, printed, printed);

    assertThat(
            outcome("# => 400 error_description=\"Unknown till code 'nope'\" error=invalid_request")
                .mismatches(result))
        .isEmpty();
    assertThat(outcome("# => output=3600").mismatches(response(200, "{}", "3600\n"))).isEmpty();
    assertThat(outcome("# => output=3600").mismatches(response(200, "{}", "300")))
        .containsExactly("expected output '3600', got '300'");
  }

  @Test
  void aStepWithoutRequestOrJsonSaysSo() {
    Outcome.StepResult nothing = new Outcome.StepResult("plain text", null, Map.of(), null);

    assertThat(outcome("# => 200 till_code=x").mismatches(nothing))
        .containsExactly(
            "expected HTTP status 200, but the step made no curl request",
            "expected printed JSON with till_code, but the step printed: plain text");
  }

  @Test
  void malformedOutcomeLinesNameTheirLocation() {
    assertThatThrownBy(() -> outcome("# => {\"a\":"))
        .hasMessageStartingWith("README.md:10: documented JSON outcome is not valid JSON");
    assertThatThrownBy(() -> outcome("# => sometimes"))
        .hasMessageStartingWith("README.md:10: outcome item 'sometimes' is neither");
    assertThatThrownBy(() -> outcome("# => a=\"open"))
        .hasMessageStartingWith("README.md:10: unclosed quote");
    assertThatThrownBy(() -> outcome("# =>")).hasMessageStartingWith("README.md:10: empty outcome");
  }
}
