package org.tillauth.keycloak.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tillauth.keycloak.gateway.GatewayRequests.basic;
import static org.tillauth.keycloak.gateway.GatewayRequests.headers;
import static org.tillauth.keycloak.gateway.GatewayRequests.verify;
import static org.tillauth.keycloak.gateway.GatewayRequests.verifyBasic;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tillauth.keycloak.testing.AdminApi;
import org.tillauth.keycloak.testing.BruteForce;
import org.tillauth.keycloak.testing.DemoRealm;
import org.tillauth.keycloak.testing.Http;
import org.tillauth.keycloak.testing.KeycloakIT;
import org.tillauth.keycloak.testing.OrganisationSettings;
import org.tillauth.keycloak.testing.RealmFixtures;
import org.tillauth.keycloak.till.Md5Digest;

/** Per-request till Basic credentials at the gateway endpoint, under the till login's rules. */
@KeycloakIT
class GatewayTillBasicIT {

  static final String REALM = "gateway-basic";
  static final String DIGEST = "8a16a6b70505eb1f1ff7cdc0cd5559a7"; // store.server / server123
  static final String REFUSED =
      "{\"data\":null,\"errors\":[{\"code\":330001,\"message\":\"Authentication failed. Please"
          + " check username and password.\"}]}";

  static RealmFixtures fixtures;

  @BeforeAll
  static void realm(AdminApi admin) {
    DemoRealm.createCopy(admin, REALM);
    // No quick-login lockout, so each test controls failure counts exactly.
    RealmFixtures.expect(
        admin.put(
            "/admin/realms/" + REALM, Map.of("failureFactor", 3, "quickLoginCheckMilliSeconds", 1)),
        204);
    fixtures = new RealmFixtures(admin, REALM, "gw");
  }

  @AfterAll
  static void cleanUp(AdminApi admin) {
    fixtures.close();
    admin.delete("/admin/realms/" + REALM);
  }

  @Test
  void documentedHeaderReachesTheTillWithItsStore(Http http) {
    Http.Result result =
        verify(
            http,
            REALM,
            headers(
                "Authorization",
                "Basic c3RvcmUuc2VydmVyOjhhMTZhNmI3MDUwNWViMWYxZmY3Y2RjMGNkNTU1OWE3"));

    assertThat(result.status()).isEqualTo(200);
    assertThat(result.header("X-Auth-Type")).isEqualTo("till");
    assertThat(result.header("X-Till-Code")).isEqualTo("store.server");
    assertThat(result.header("X-Store-Code")).isEqualTo("store-001");
    assertThat(result.header("X-Till-Attribution")).isEqualTo("self");
    assertThat(result.headers().allValues("X-Access-Group")).containsExactly("");
    assertThat(result.header("Cache-Control")).contains("no-store");
    assertThat(result.json().path("data").path("tillCode").asText()).isEqualTo("store.server");
    assertThat(result.json().path("errors").isNull()).isTrue();
  }

  @Test
  void headAndPostWithABodyAnswerLikeGet(Http http) {
    Map<String, String> auth = headers("Authorization", basic("store.server", DIGEST));
    Http.Result head =
        http.send(
            http.request(GatewayRequests.path(REALM), auth)
                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                .build());
    Http.Result post =
        http.send(
            http.request(GatewayRequests.path(REALM), auth)
                .POST(HttpRequest.BodyPublishers.ofString("{\"ignored\":true}"))
                .build());

    assertThat(head.status()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
    assertThat(head.header("X-Till-Code")).isEqualTo("store.server");
    assertThat(post.status()).isEqualTo(200);
    assertThat(post.header("X-Till-Code")).isEqualTo("store.server");
  }

  @Test
  void upperCaseDigestAndTillCodeInAnyCaseAreTheSameTill(Http http) {
    Http.Result result = verifyBasic(http, REALM, "STORE.Server", DIGEST.toUpperCase());
    assertThat(result.status()).isEqualTo(200);
    assertThat(result.header("X-Till-Code")).isEqualTo("store.server");
  }

  @Test
  void everyBadTillCredentialGetsTheSameAnswer(Http http, AdminApi admin) {
    String disabled = fixtures.name("disabled");
    fixtures.till(disabled, "disabled-pass");
    fixtures.disableTill(disabled);
    String noRole = fixtures.name("norole");
    fixtures.user(noRole, "norole-pass", true, List.of(), List.of("/stores/store-001"));
    String locked = fixtures.name("locked");
    String lockedId = fixtures.till(locked, "locked-pass");
    for (int i = 0; i < 3; i++) {
      verifyBasic(http, REALM, locked, Md5Digest.of("wrong" + i));
    }
    BruteForce.awaitLocked(admin, REALM, lockedId);

    List<Http.Result> refusals = new ArrayList<>();
    refusals.add(verifyBasic(http, REALM, "no-such-till", DIGEST));
    refusals.add(verifyBasic(http, REALM, "store.server", Md5Digest.of("wrong")));
    refusals.add(verifyBasic(http, REALM, disabled, Md5Digest.of("disabled-pass")));
    refusals.add(verifyBasic(http, REALM, noRole, Md5Digest.of("norole-pass")));
    refusals.add(verifyBasic(http, REALM, locked, Md5Digest.of("locked-pass")));
    refusals.add(verifyBasic(http, REALM, "service-account-demo-integration", DIGEST));
    // Malformed: the plain password, no colon, not base64, invalid UTF-8, control character, huge.
    refusals.add(verifyBasic(http, REALM, "store.server", "server123"));
    refusals.add(verify(http, REALM, headers("Authorization", "Basic " + b64("store.server"))));
    refusals.add(verify(http, REALM, headers("Authorization", "Basic %%%notbase64")));
    refusals.add(
        verify(
            http,
            REALM,
            headers(
                "Authorization",
                "Basic "
                    + Base64.getEncoder()
                        .encodeToString(new byte[] {(byte) 0xC1, (byte) 0xA4, ':', 'x'}))));
    refusals.add(
        verify(
            http, REALM, headers("Authorization", "Basic " + b64("store\u0001server:" + DIGEST))));
    refusals.add(
        verify(
            http, REALM, headers("Authorization", "Basic " + b64("a".repeat(600) + ":" + DIGEST))));

    for (Http.Result refusal : refusals) {
      assertThat(refusal.status()).as(refusal.toString()).isEqualTo(401);
      assertThat(refusal.body()).isEqualTo(REFUSED);
      assertThat(refusal.headers().allValues("WWW-Authenticate"))
          .containsExactly(
              "Basic realm=\"" + REALM + "\", charset=\"UTF-8\"", "Bearer realm=\"" + REALM + "\"");
      assertThat(refusal.header("Cache-Control")).contains("no-store");
    }
  }

  @Test
  void eventsTellTheGatewayPathApartAndRecordEachFreshVerification(Http http, AdminApi admin) {
    String code = fixtures.name("events");
    String id = fixtures.till(code, "events-pass", "store-002");

    verifyBasic(http, REALM, code, Md5Digest.of("wrong"));
    verifyBasic(http, REALM, code, Md5Digest.of("events-pass"));
    verifyBasic(http, REALM, code, Md5Digest.of("events-pass")); // cache hit: no second LOGIN

    JsonNode errors =
        admin.getJson("/admin/realms/" + REALM + "/events?type=LOGIN_ERROR&user=" + id);
    assertThat(errors).hasSize(1);
    assertThat(errors.get(0).path("error").asText()).isEqualTo("invalid_user_credentials");
    assertThat(errors.get(0).path("details").path("auth_method").asText())
        .isEqualTo("till-gateway-basic");
    assertThat(errors.get(0).path("details").path("username").asText()).isEqualTo(code);
    JsonNode logins = admin.getJson("/admin/realms/" + REALM + "/events?type=LOGIN&user=" + id);
    assertThat(logins).hasSize(1);
    assertThat(logins.get(0).path("details").path("auth_method").asText())
        .isEqualTo("till-gateway-basic");
  }

  @Test
  void wrongDigestsCountALockedTillIsRefusedAndSuccessResetsTheCount(Http http, AdminApi admin) {
    String code = fixtures.name("brute");
    String id = fixtures.till(code, "brute-pass");

    verifyBasic(http, REALM, code, Md5Digest.of("wrong1"));
    verifyBasic(http, REALM, code, Md5Digest.of("wrong2"));
    BruteForce.awaitFailures(admin, REALM, id, 2);
    assertThat(verifyBasic(http, REALM, code, Md5Digest.of("brute-pass")).status()).isEqualTo(200);
    BruteForce.awaitFailures(admin, REALM, id, 0);

    // Cached now; a lockout still refuses it at once.
    for (int i = 0; i < 3; i++) {
      verifyBasic(http, REALM, code, Md5Digest.of("wrong" + i));
    }
    BruteForce.awaitLocked(admin, REALM, id);
    Http.Result locked = verifyBasic(http, REALM, code, Md5Digest.of("brute-pass"));
    assertThat(locked.status()).isEqualTo(401);
    assertThat(locked.body()).isEqualTo(REFUSED);
    // The token login sees the same lockout: one brute-force record for both paths.
    assertThat(
            http.passwordGrant(REALM, DemoRealm.POS_CLIENT, code, Md5Digest.of("brute-pass"))
                .status())
        .isEqualTo(400);
  }

  @Test
  void aCachedCredentialStopsAtOnceOnPasswordChangeDisableAndRoleRemoval(
      Http http, AdminApi admin) {
    String code = fixtures.name("stale");
    String id = fixtures.till(code, "old-pass");
    String oldDigest = Md5Digest.of("old-pass");
    assertThat(verifyBasic(http, REALM, code, oldDigest).status()).isEqualTo(200);
    assertThat(verifyBasic(http, REALM, code, oldDigest).status()).isEqualTo(200);

    resetPassword(admin, id, "new-pass");
    assertThat(verifyBasic(http, REALM, code, oldDigest).body()).isEqualTo(REFUSED);
    assertThat(verifyBasic(http, REALM, code, Md5Digest.of("new-pass")).status()).isEqualTo(200);

    setEnabled(admin, id, false);
    assertThat(verifyBasic(http, REALM, code, Md5Digest.of("new-pass")).body()).isEqualTo(REFUSED);
    setEnabled(admin, id, true);
    assertThat(verifyBasic(http, REALM, code, Md5Digest.of("new-pass")).status()).isEqualTo(200);

    JsonNode role = admin.getJson("/admin/realms/" + REALM + "/roles/till");
    RealmFixtures.expect(
        admin.deleteWithBody(
            "/admin/realms/" + REALM + "/users/" + id + "/role-mappings/realm", List.of(role)),
        204);
    assertThat(verifyBasic(http, REALM, code, Md5Digest.of("new-pass")).body()).isEqualTo(REFUSED);
  }

  @Test
  void theOrganisationSwitchOffRefusesBasicAtTheNextRequest(Http http, AdminApi admin) {
    assertThat(verifyBasic(http, REALM, "store.server", DIGEST).status()).isEqualTo(200);
    OrganisationSettings.setBasicAuth(admin, REALM, false);
    try {
      Http.Result off = verifyBasic(http, REALM, "store.server", DIGEST);
      assertThat(off.status()).isEqualTo(401);
      assertThat(off.body())
          .isEqualTo(
              "{\"data\":null,\"errors\":[{\"code\":330002,\"message\":\"Basic authentication is"
                  + " disabled for this organization\"}]}");
    } finally {
      OrganisationSettings.setBasicAuth(admin, REALM, true);
    }
    assertThat(verifyBasic(http, REALM, "store.server", DIGEST).status()).isEqualTo(200);
  }

  @Test
  void cacheHitsAndMissesAreVisibleInServerInfo(Http http, AdminApi admin) {
    long hitsBefore = cacheCounter(admin, "verify-cache-hits");
    verifyBasic(http, REALM, "till-002", Md5Digest.of("till002pass"));
    verifyBasic(http, REALM, "till-002", Md5Digest.of("till002pass"));
    verifyBasic(http, REALM, "till-002", Md5Digest.of("till002pass"));
    assertThat(cacheCounter(admin, "verify-cache-hits")).isGreaterThanOrEqualTo(hitsBefore + 2);
  }

  @Test
  void noCredentialsGetsBothChallenges(Http http) {
    Http.Result result = verify(http, REALM, Map.of());
    assertThat(result.status()).isEqualTo(401);
    assertThat(result.json().path("errors").get(0).path("code").asInt()).isEqualTo(330000);
    assertThat(result.headers().allValues("WWW-Authenticate")).hasSize(2);
  }

  static long cacheCounter(AdminApi admin, String name) {
    JsonNode info =
        admin
            .getJson("/admin/serverinfo")
            .path("providers")
            .path("realm-restapi-extension")
            .path("providers")
            .path("till-auth")
            .path("operationalInfo");
    return info.path(name).asLong(-1);
  }

  static void resetPassword(AdminApi admin, String id, String password) {
    RealmFixtures.expect(
        admin.put(
            "/admin/realms/" + REALM + "/users/" + id + "/reset-password",
            Map.of("type", "password", "value", password, "temporary", false)),
        204);
  }

  static void setEnabled(AdminApi admin, String id, boolean enabled) {
    RealmFixtures.expect(
        admin.put("/admin/realms/" + REALM + "/users/" + id, Map.of("enabled", enabled)), 204);
  }

  private static String b64(String value) {
    return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
  }
}
