package org.tillauth.keycloak.lifespan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class LifespanDurationTest {

  @ParameterizedTest
  @CsvSource({
    "60, 3600, 60 minutes",
    "60m, 3600, 60 minutes",
    "1m, 60, 1 minute",
    "' 90 min ', 5400, 90 minutes",
    "2h, 7200, 2 hours",
    "1H, 3600, 1 hour",
    "2 hours, 7200, 2 hours",
    "1d, 86400, 1 day",
    "30d, 2592000, 30 days",
    "30 DAYS, 2592000, 30 days",
    "720h, 2592000, 720 hours",
    "43200, 2592000, 43200 minutes",
  })
  void parsesMinutesHoursAndDaysKeepingTheUnit(String text, long seconds, String shown) {
    LifespanDuration duration = LifespanDuration.parseMaximum(text);
    assertThat(duration.seconds()).isEqualTo(seconds);
    assertThat(duration).hasToString(shown);
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"  "})
  void blankMeansTheDefaultOf60Minutes(String text) {
    assertThat(LifespanDuration.parseMaximum(text)).isEqualTo(LifespanDuration.DEFAULT);
    assertThat(LifespanDuration.DEFAULT.seconds()).isEqualTo(3600);
    assertThat(LifespanDuration.DEFAULT).hasToString("60 minutes");
  }

  @ParameterizedTest
  @ValueSource(strings = {"abc", "1.5h", "-5m", "10s", "1w", "h", "60 m m", "PT1H", "2h30m"})
  void rejectsWhatIsNotAWholeNumberOfMinutesHoursOrDays(String text) {
    assertThatThrownBy(() -> LifespanDuration.parseMaximum(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Maximum access token lifespan must be a whole number of minutes, hours or days,"
                + " for example 60m, 2h or 30d (a bare number means minutes)");
  }

  @ParameterizedTest
  @CsvSource({
    "0, 0 minutes",
    "0d, 0 days",
    "31d, 31 days",
    "721h, 721 hours",
    "43201, 43201 minutes",
    "2147483647m, 2147483647 minutes",
    "99999999999999999999999d, 99999999999999999999... days",
    "0000000000060d, 60 days"
  })
  void rejectsBelowOneMinuteAndAboveThirtyDays(String text, String shown) {
    assertThatThrownBy(() -> LifespanDuration.parseMaximum(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Maximum access token lifespan must be between 1 minute and 30 days, not " + shown);
  }

  @Test
  void boundsAreInclusive() {
    assertThat(LifespanDuration.parseMaximum("1m").seconds()).isEqualTo(60);
    assertThat(LifespanDuration.parseMaximum("30d").seconds()).isEqualTo(30L * 24 * 3600);
  }
}
