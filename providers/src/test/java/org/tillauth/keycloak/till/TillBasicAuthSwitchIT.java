package org.tillauth.keycloak.till;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tillauth.keycloak.testing.AdminApi;
import org.tillauth.keycloak.testing.DemoRealm;
import org.tillauth.keycloak.testing.Http;
import org.tillauth.keycloak.testing.KeycloakIT;
import org.tillauth.keycloak.testing.OrganisationSettings;
import org.tillauth.keycloak.testing.RealmFixtures;

/**
 * The organisation's "Enable basic authentication" switch: off refuses every till login before any
 * credential is checked, in a realm of its own.
 */
@KeycloakIT
class TillBasicAuthSwitchIT {

  static final String REALM = "till-switch";
  static final String DIGEST = Md5Digest.of("server123");

  @BeforeAll
  static void realm(AdminApi admin) {
    DemoRealm.createCopy(admin, REALM);
    RealmFixtures fixtures = new RealmFixtures(admin, REALM, "switch");
    fixtures.user("plain-user", "plain-pass", true, List.of(), List.of());
    fixtures.client(
        Map.of(
            "clientId", "other-app",
            "publicClient", true,
            "directAccessGrantsEnabled", true));
    fixtures.client(
        Map.of(
            "clientId",
            "integration",
            "publicClient",
            false,
            "serviceAccountsEnabled",
            true,
            "secret",
            "integration-secret"));
  }

  /** The realm copy goes, and its users and clients with it. */
  @AfterAll
  static void deleteRealm(AdminApi admin) {
    admin.delete("/admin/realms/" + REALM);
  }

  @Test
  void switchIsOnByDefaultAndOffRefusesEveryTillLoginUntilSwitchedBackOn(
      Http http, AdminApi admin) {
    assertThat(http.passwordGrant(REALM, DemoRealm.POS_CLIENT, "store.server", DIGEST).status())
        .isEqualTo(200);

    OrganisationSettings.setBasicAuth(admin, REALM, false);
    try {
      Http.Result valid = http.passwordGrant(REALM, DemoRealm.POS_CLIENT, "store.server", DIGEST);
      Http.Result unknown =
          http.passwordGrant(REALM, DemoRealm.POS_CLIENT, "nobody", "not-even-a-digest");
      for (Http.Result result : List.of(valid, unknown)) {
        assertThat(result.status()).isEqualTo(400);
        assertThat(result.body())
            .isEqualTo(
                "{\"error\":\"unauthorized_client\",\"error_description\":\"Basic authentication"
                    + " is disabled for this organization\"}");
      }

      // Other clients and grant types are unaffected.
      assertThat(http.passwordGrant(REALM, "other-app", "plain-user", "plain-pass").status())
          .isEqualTo(200);
      assertThat(
              http.clientCredentials(REALM, "integration", "integration-secret", Map.of()).status())
          .isEqualTo(200);
    } finally {
      OrganisationSettings.setBasicAuth(admin, REALM, true);
    }

    assertThat(http.passwordGrant(REALM, DemoRealm.POS_CLIENT, "store.server", DIGEST).status())
        .isEqualTo(200);
  }

  @Test
  void switchedOffNoCredentialIsCheckedSoNoFailureIsCounted(Http http, AdminApi admin) {
    String userId = admin.userId(REALM, "till-002");
    OrganisationSettings.setBasicAuth(admin, REALM, false);
    try {
      http.passwordGrant(REALM, DemoRealm.POS_CLIENT, "till-002", Md5Digest.of("wrong"));
    } finally {
      OrganisationSettings.setBasicAuth(admin, REALM, true);
    }
    JsonNode status =
        admin.getJson("/admin/realms/" + REALM + "/attack-detection/brute-force/users/" + userId);
    assertThat(status.path("numFailures").asInt()).isZero();
  }
}
