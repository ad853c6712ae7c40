package org.tillauth.keycloak.till;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tillauth.keycloak.testing.RealmFixtures.expect;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tillauth.keycloak.testing.AdminApi;
import org.tillauth.keycloak.testing.BruteForce;
import org.tillauth.keycloak.testing.DemoRealm;
import org.tillauth.keycloak.testing.Http;
import org.tillauth.keycloak.testing.KeycloakIT;
import org.tillauth.keycloak.testing.RealmFixtures;

/** Brute-force detection counts wrong till digests, locks the till and resets on success. */
@KeycloakIT
class TillBruteForceIT {

  static final String REALM = "till-brute-force";

  static RealmFixtures fixtures;

  @BeforeAll
  static void realm(AdminApi admin) {
    DemoRealm.createCopy(admin, REALM);
    fixtures = new RealmFixtures(admin, REALM, "brute-force");
    // Three strikes; no quick-login lockout so the test controls the count exactly.
    expect(
        admin.put(
            "/admin/realms/" + REALM,
            Map.of(
                "bruteForceProtected", true,
                "failureFactor", 3,
                "quickLoginCheckMilliSeconds", 1,
                "waitIncrementSeconds", 900,
                "maxFailureWaitSeconds", 900)),
        204);
  }

  /** The realm copy goes, and the tills with it. */
  @AfterAll
  static void deleteRealm(AdminApi admin) {
    admin.delete("/admin/realms/" + REALM);
  }

  @Test
  void failuresCountAgainstTheTillAndALockedTillGetsTheSameInvalidGrant(Http http, AdminApi admin) {
    String id = fixtures.till("lock-me", "lock-pass");

    for (int i = 0; i < 3; i++) {
      Http.Result failure =
          http.passwordGrant(REALM, DemoRealm.POS_CLIENT, "lock-me", Md5Digest.of("wrong" + i));
      assertThat(failure.body()).isEqualTo(TillLoginIT.INVALID_GRANT);
      awaitFailures(admin, id, i + 1);
    }
    JsonNode status = BruteForce.awaitFailures(admin, REALM, id, 3);
    assertThat(status.path("disabled").asBoolean()).isTrue();

    Http.Result locked =
        http.passwordGrant(REALM, DemoRealm.POS_CLIENT, "lock-me", Md5Digest.of("lock-pass"));
    assertThat(locked.status()).isEqualTo(400);
    assertThat(locked.body()).isEqualTo(TillLoginIT.INVALID_GRANT);

    JsonNode errors =
        admin.getJson("/admin/realms/" + REALM + "/events?type=LOGIN_ERROR&user=" + id + "&max=1");
    assertThat(errors.get(0).path("error").asText()).isEqualTo("user_temporarily_disabled");
  }

  @Test
  void successResetsTheFailureCount(Http http, AdminApi admin) {
    String id = fixtures.till("reset-me", "reset-pass");

    http.passwordGrant(REALM, DemoRealm.POS_CLIENT, "reset-me", Md5Digest.of("wrong1"));
    awaitFailures(admin, id, 1);
    http.passwordGrant(REALM, DemoRealm.POS_CLIENT, "reset-me", Md5Digest.of("wrong2"));
    BruteForce.awaitFailures(admin, REALM, id, 2);

    assertThat(
            http.passwordGrant(REALM, DemoRealm.POS_CLIENT, "reset-me", Md5Digest.of("reset-pass"))
                .status())
        .isEqualTo(200);
    BruteForce.awaitFailures(admin, REALM, id, 0);
  }

  /**
   * Keycloak records a failure after the response is sent, and its blocking protector answers
   * {@code user_temporarily_disabled} to a login that arrives while the previous failure is still
   * being recorded; on a loaded machine that race is real, so each failure is awaited.
   */
  static void awaitFailures(AdminApi admin, String userId, int expected) {
    BruteForce.awaitFailures(admin, REALM, userId, expected);
  }
}
