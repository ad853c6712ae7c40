package org.tillauth.keycloak.lifespan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ClientLifespanRuleTest {

  private static final LifespanDuration SIXTY_MINUTES = LifespanDuration.parseMaximum("60m");
  private static final LifespanDuration TWO_HOURS = LifespanDuration.parseMaximum("2h");
  private static final LifespanDuration THIRTY_DAYS = LifespanDuration.parseMaximum("30d");
  private static final long TEN_HOURS = 36_000;

  @Test
  void attributeInTheBodyWinsOverTheStoredValue() {
    assertThat(
            ClientLifespanRule.effectiveAttribute(Map.of("access.token.lifespan", "300"), "7200"))
        .isEqualTo("300");
  }

  @Test
  void attributeAbsentFromTheBodyKeepsTheStoredValue() {
    assertThat(ClientLifespanRule.effectiveAttribute(Map.of("other", "x"), "7200"))
        .isEqualTo("7200");
    assertThat(ClientLifespanRule.effectiveAttribute(null, "7200")).isEqualTo("7200");
    assertThat(ClientLifespanRule.effectiveAttribute(null, null)).isNull();
  }

  @Test
  void blankOrNullInTheBodyRemovesTheOverride() {
    Map<String, String> attributes = new HashMap<>();
    attributes.put("access.token.lifespan", null);
    assertThat(ClientLifespanRule.effectiveAttribute(attributes, "7200")).isNull();
    assertThat(ClientLifespanRule.effectiveAttribute(Map.of("access.token.lifespan", ""), "7200"))
        .isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "1", "60", "3599", "3600"})
  void acceptsNoOverrideAndAnythingUpToTheMaximum(String value) {
    assertThat(ClientLifespanRule.violation(value, TEN_HOURS, SIXTY_MINUTES)).isEmpty();
    assertThat(ClientLifespanRule.violation(null, TEN_HOURS, SIXTY_MINUTES)).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({
    "3601, 60m, Token expiry duration cannot exceed 60 minutes",
    "7201, 2h, Token expiry duration cannot exceed 2 hours",
    "2592001, 30d, Token expiry duration cannot exceed 30 days",
    "61, 1m, Token expiry duration cannot exceed 1 minute",
  })
  void rejectsOneSecondOverTheMaximumWithAUnitAwareMessage(
      String value, String maximum, String message) {
    assertThat(
            ClientLifespanRule.violation(value, TEN_HOURS, LifespanDuration.parseMaximum(maximum)))
        .contains(message);
  }

  @Test
  void exactBoundariesAreAccepted() {
    assertThat(ClientLifespanRule.violation("7200", TEN_HOURS, TWO_HOURS)).isEmpty();
    assertThat(ClientLifespanRule.violation("2592000", TEN_HOURS, THIRTY_DAYS)).isEmpty();
  }

  @Test
  void minusOneIsJudgedAsTheSessionMax() {
    assertThat(ClientLifespanRule.violation("-1", TEN_HOURS, SIXTY_MINUTES))
        .contains("Token expiry duration cannot exceed 60 minutes");
    assertThat(ClientLifespanRule.violation("-1", TEN_HOURS, THIRTY_DAYS)).isEmpty();
    assertThat(ClientLifespanRule.violation("-1", 3600, SIXTY_MINUTES)).isEmpty();
    // No session max means "never": always too long.
    assertThat(ClientLifespanRule.violation("-1", 0, THIRTY_DAYS))
        .contains("Token expiry duration cannot exceed 30 days");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "abc",
        "1h",
        "60.5",
        "-2",
        "-3600",
        "99999999999999999999",
        "2147483648",
        " 3600",
        "3600 ",
        "+60",
        "\uFF19",
        "0",
        "-0",
        "00",
        "060",
        "1\u00A0",
        "\u0663\u0666",
        "-1 ",
        " -1",
        "\u3000",
        "\u00A0"
      })
  void rejectsValuesKeycloakCannotReadAsSecondsOrReadsDifferently(String value) {
    assertThat(ClientLifespanRule.violation(value, TEN_HOURS, THIRTY_DAYS))
        .contains(ClientLifespanRule.NOT_SECONDS);
  }

  @ParameterizedTest
  @ValueSource(strings = {"1", "60", "2147483647", "-1"})
  void acceptsPlainDigitsAndMinusOne(String value) {
    assertThat(ClientLifespanRule.violation(value, 0, LifespanDuration.CEILING))
        .isEqualTo(
            value.equals("1") || value.equals("60")
                ? java.util.Optional.empty()
                : java.util.Optional.of("Token expiry duration cannot exceed 30 days"));
  }

  @Test
  void clampsOnlyExpiriesBeyondTheMaximum() {
    long iat = 1_000_000;
    assertThat(ClientLifespanRule.clampedExpiry(iat, iat + 7200, SIXTY_MINUTES))
        .isEqualTo(iat + 3600);
    assertThat(ClientLifespanRule.clampedExpiry(iat, iat + 3601, SIXTY_MINUTES))
        .isEqualTo(iat + 3600);
    assertThat(ClientLifespanRule.clampedExpiry(iat, iat + 3600, SIXTY_MINUTES))
        .isEqualTo(iat + 3600);
    assertThat(ClientLifespanRule.clampedExpiry(iat, iat + 300, SIXTY_MINUTES))
        .isEqualTo(iat + 300);
    assertThat(ClientLifespanRule.clampedExpiry(iat, null, SIXTY_MINUTES)).isEqualTo(iat + 3600);
    assertThat(ClientLifespanRule.clampedExpiry(iat, 0L, SIXTY_MINUTES)).isEqualTo(iat + 3600);
  }

  @Test
  void ownSecondsAreOnlyPlainNumbersKeycloakReadsAsSuch() {
    assertThat(ClientLifespanRule.ownSeconds("2592000")).hasValue(2_592_000);
    assertThat(ClientLifespanRule.ownSeconds("2147483647")).hasValue(Integer.MAX_VALUE);
    for (String notOwn :
        new String[] {null, "", " ", "-1", "0", "060", "+60", " 60", "2147483648"}) {
      assertThat(ClientLifespanRule.ownSeconds(notOwn)).as("%s", notOwn).isEmpty();
    }
  }

  @Test
  void ownExpiryIsExactlyTheClientsLifespanWithinTheLimit() {
    long iat = 1_000_000;
    assertThat(ClientLifespanRule.ownExpiry(iat, 2_592_000, THIRTY_DAYS.seconds()))
        .isEqualTo(iat + 2_592_000);
    assertThat(ClientLifespanRule.ownExpiry(iat, 7_200, THIRTY_DAYS.seconds()))
        .isEqualTo(iat + 7_200);
    // A client saved before the ceiling was lowered never gets more than the limit.
    assertThat(ClientLifespanRule.ownExpiry(iat, 2_592_000, SIXTY_MINUTES.seconds()))
        .isEqualTo(iat + 3_600);
  }

  @Test
  void describesSecondsInTheLargestWholeUnit() {
    assertThat(ClientLifespanRule.describe(2_592_000)).isEqualTo("30 days");
    assertThat(ClientLifespanRule.describe(86_400)).isEqualTo("1 day");
    assertThat(ClientLifespanRule.describe(36_000)).isEqualTo("10 hours");
    assertThat(ClientLifespanRule.describe(3_600)).isEqualTo("1 hour");
    assertThat(ClientLifespanRule.describe(5_400)).isEqualTo("90 minutes");
    assertThat(ClientLifespanRule.describe(3_601)).isEqualTo("3601 seconds");
  }
}
