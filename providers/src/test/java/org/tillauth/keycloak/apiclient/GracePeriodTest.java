package org.tillauth.keycloak.apiclient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.tillauth.keycloak.admin.InvalidFieldException;

class GracePeriodTest {

  @ParameterizedTest
  @CsvSource({
    "0, 0",
    "'', 0",
    "30s, 30",
    "30, 30",
    "15m, 900",
    "1h, 3600",
    "24H, 86400",
    "30d, 2592000"
  })
  void parsesSecondsMinutesHoursAndDays(String text, long seconds) {
    assertThat(GracePeriod.parse(text)).isEqualTo(Duration.ofSeconds(seconds));
  }

  @ParameterizedTest
  @ValueSource(strings = {"soon", "-1s", "1w", "31d", "721h", "1.5h", "1h30m"})
  void refusesEverythingElse(String text) {
    assertThatThrownBy(() -> GracePeriod.parse(text))
        .isInstanceOf(InvalidFieldException.class)
        .hasMessage(ApiClientErrors.GRACE_SYNTAX);
  }
}
