package org.tillauth.keycloak.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tillauth.keycloak.policy.LifespanTestRealm.apiClient;
import static org.tillauth.keycloak.policy.LifespanTestRealm.clientCredentials;
import static org.tillauth.keycloak.policy.LifespanTestRealm.lifetime;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tillauth.keycloak.testing.AdminApi;
import org.tillauth.keycloak.testing.Http;
import org.tillauth.keycloak.testing.KeycloakIT;

/**
 * Behaviour 5: with the maximum raised to 30 days, a client saved with 30 days gets a 30-day token,
 * provided the realm's SSO Session Max allows it (Keycloak caps every access token there).
 */
@KeycloakIT
class TokenLifespanThirtyDaysIT {

  private static final long THIRTY_DAYS = 30L * 24 * 3600;

  @Test
  void thirtyDayMaximumAndSessionMaxYieldAThirtyDayToken(AdminApi admin, Http http) {
    try (LifespanTestRealm realm =
        LifespanTestRealm.create(
            admin, "lifespan-30d", Map.of("ssoSessionMaxLifespan", (int) THIRTY_DAYS))) {
      realm.applyLimit("30d");
      realm.createClientOk(apiClient("monthly", String.valueOf(THIRTY_DAYS)));

      assertThat(lifetime(clientCredentials(http, realm.name, "monthly"))).isEqualTo(THIRTY_DAYS);
    }
  }

  @Test
  void keycloaksSessionMaxStillCapsTheTokenWhenItIsShorter(AdminApi admin, Http http) {
    // Documented requirement: SSO Session Max (default 10 h) must be raised too.
    try (LifespanTestRealm realm =
        LifespanTestRealm.create(
            admin, "lifespan-30d-capped", Map.of("ssoSessionMaxLifespan", 36_000))) {
      realm.applyLimit("30d");
      realm.createClientOk(apiClient("monthly", String.valueOf(THIRTY_DAYS)));

      assertThat(lifetime(clientCredentials(http, realm.name, "monthly"))).isEqualTo(36_000);
    }
  }
}
