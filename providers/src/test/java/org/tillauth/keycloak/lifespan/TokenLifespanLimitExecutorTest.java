package org.tillauth.keycloak.lifespan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TokenLifespanLimitExecutorTest {

  @Test
  void logsAtMostSixtyFourCharactersOfAConfiguredValue() {
    String huge = "9".repeat(100_000);
    assertThat(TokenLifespanLimitExecutor.forLog(huge))
        .isEqualTo("9".repeat(64) + "... (100000 characters)");
    assertThat(TokenLifespanLimitExecutor.forLog("31d")).isEqualTo("31d");
    assertThat(TokenLifespanLimitExecutor.forLog("1\n2\u00003")).isEqualTo("1?2?3");
  }

  @Test
  void readsConfigurationsOfAnyJsonShapeWithoutFailing() throws Exception {
    com.fasterxml.jackson.databind.ObjectMapper json =
        new com.fasterxml.jackson.databind.ObjectMapper();
    for (String malformed :
        List.of(
            "\"\"",
            "[]",
            "{\"max-access-token-lifespan\":[]}",
            "{\"max-access-token-lifespan\":{}}",
            "5")) {
      TokenLifespanLimitExecutor.Configuration config =
          json.convertValue(
              json.readTree(malformed), TokenLifespanLimitExecutor.Configuration.class);
      assertThat(config.isMalformed()).as(malformed).isTrue();
    }
    TokenLifespanLimitExecutor.Configuration number =
        json.convertValue(
            json.readTree("{\"max-access-token-lifespan\":90}"),
            TokenLifespanLimitExecutor.Configuration.class);
    assertThat(number.getMaximumLifespan()).isEqualTo("90");
    assertThat(number.validateConfig()).isTrue();
    TokenLifespanLimitExecutor.Configuration none =
        json.convertValue(json.readTree("null"), TokenLifespanLimitExecutor.Configuration.class);
    assertThat(none.isMalformed()).isFalse();
    assertThat(none.getMaximumLifespan()).isNull();
  }
}
