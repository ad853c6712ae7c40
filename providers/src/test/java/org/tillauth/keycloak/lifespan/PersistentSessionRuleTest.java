package org.tillauth.keycloak.lifespan;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.tillauth.keycloak.lifespan.PersistentSessionRule.Settings;

class PersistentSessionRuleTest {

  private static final String THIRTY_DAYS = "2592000";
  private static final long TEN_HOURS = 36_000;

  @Test
  void withoutRefreshTokensTheSessionIsTransientAndNothingIsRefused() {
    assertThat(
            PersistentSessionRule.violation(THIRTY_DAYS, new Settings(false, TEN_HOURS, 60, "60")))
        .isEmpty();
  }

  @Test
  void realmDefaultAndUntilSessionMaxAreNotTheClientsOwnLifespan() {
    Settings tight = new Settings(true, 60, 60, "60");
    assertThat(PersistentSessionRule.violation(null, tight)).isEmpty();
    assertThat(PersistentSessionRule.violation("", tight)).isEmpty();
    assertThat(PersistentSessionRule.violation("-1", tight)).isEmpty();
  }

  @Test
  void refusesALifespanLongerThanTheSsoSessionMaxNamingIt() {
    assertThat(PersistentSessionRule.violation(THIRTY_DAYS, new Settings(true, TEN_HOURS, 0, null)))
        .hasValue(
            "Token expiry duration of 30 days is longer than this client's sessions last (10"
                + " hours): with \"Use refresh tokens for client credentials grant\" on, its"
                + " tokens end with their session. Turn that option off, or raise SSO Session Max"
                + " (realm settings, Sessions) to at least 30 days");
    assertThat(PersistentSessionRule.violation("36000", new Settings(true, TEN_HOURS, 0, null)))
        .isEmpty();
    assertThat(PersistentSessionRule.violation("36001", new Settings(true, TEN_HOURS, 0, null)))
        .isPresent();
  }

  @Test
  void anUnsetSsoSessionMaxMeansKeycloaksTenHours() {
    assertThat(PersistentSessionRule.violation("36001", new Settings(true, 0, 0, null)))
        .hasValueSatisfying(m -> assertThat(m).contains("(10 hours)", "SSO Session Max"));
  }

  @Test
  void theClientsClientSessionMaxReplacesTheRealmsAndIsNamed() {
    Settings settings = new Settings(true, 2_592_000, 60, "3600");
    assertThat(PersistentSessionRule.violation(THIRTY_DAYS, settings))
        .hasValueSatisfying(
            m ->
                assertThat(m)
                    .contains(
                        "(1 hour)",
                        "raise the client's Client Session Max (client.session.max.lifespan) to"
                            + " at least 30 days")
                    .doesNotContain("SSO Session Max", "realm settings"));
    // A longer client value overrides a short realm Client Session Max, as in Keycloak.
    assertThat(
            PersistentSessionRule.violation(
                THIRTY_DAYS, new Settings(true, 2_592_000, 60, THIRTY_DAYS)))
        .isEmpty();
  }

  @Test
  void theRealmsClientSessionMaxAppliesWhenTheClientHasNone() {
    assertThat(
            PersistentSessionRule.violation(THIRTY_DAYS, new Settings(true, TEN_HOURS, 7_200, "")))
        .hasValueSatisfying(
            m ->
                assertThat(m)
                    .contains(
                        "(2 hours)",
                        "raise SSO Session Max (realm settings, Sessions) and Client Session Max"
                            + " (realm settings, Sessions) to at least 30 days"));
    // Keycloak ignores a client value it cannot parse, so does the rule.
    assertThat(
            PersistentSessionRule.violation(THIRTY_DAYS, new Settings(true, 2_592_000, 7_200, "x")))
        .hasValueSatisfying(m -> assertThat(m).contains("(2 hours)"));
  }
}
