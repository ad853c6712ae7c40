package org.tillauth.keycloak.till;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tillauth.keycloak.testing.RealmFixtures.expect;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tillauth.keycloak.testing.AdminApi;
import org.tillauth.keycloak.testing.BruteForce;
import org.tillauth.keycloak.testing.DemoRealm;
import org.tillauth.keycloak.testing.Http;
import org.tillauth.keycloak.testing.Jwt;
import org.tillauth.keycloak.testing.KeycloakIT;
import org.tillauth.keycloak.testing.KeycloakServer;
import org.tillauth.keycloak.testing.RealmFixtures;
import org.tillauth.keycloak.testing.UniqueNames;

/**
 * Till login through the standard token endpoint of the demo realm: code and MD5 digest, the
 * answers for every kind of wrong till, timing, events and the till claims.
 */
@KeycloakIT
class TillLoginIT {

  static final String REALM = DemoRealm.NAME;
  static final String CLIENT = DemoRealm.POS_CLIENT;
  static final String DOCUMENTED_DIGEST = "8a16a6b70505eb1f1ff7cdc0cd5559a7";
  static final String INVALID_GRANT =
      "{\"error\":\"invalid_grant\",\"error_description\":\"Invalid user credentials\"}";

  static String disabledTill;
  static String wrongDigestTill;
  static String customer;
  static String serviceAccountUser;
  static RealmFixtures fixtures;

  @BeforeAll
  static void fixtures(AdminApi admin) {
    fixtures = new RealmFixtures(admin, REALM, "till-login");
    disabledTill = UniqueNames.of("disabled-till");
    fixtures.till(disabledTill, "secret-pass");
    fixtures.disableTill(disabledTill);

    wrongDigestTill = UniqueNames.of("wrong-digest-till");
    fixtures.till(wrongDigestTill, "right-pass");

    customer = UniqueNames.of("customer");
    fixtures.user(customer, "secret-pass", true, List.of(), List.of());

    String clientId = UniqueNames.of("svc");
    fixtures.client(
        Map.of(
            "clientId",
            clientId,
            "publicClient",
            false,
            "serviceAccountsEnabled",
            true,
            "secret",
            "svc-secret"));
    serviceAccountUser = "service-account-" + clientId;
  }

  @AfterAll
  static void removeFixtures() {
    fixtures.close();
  }

  @Test
  void documentedExampleLogsInWithTillClaims(Http http) {
    assertThat(Md5Digest.of("server123")).isEqualTo(DOCUMENTED_DIGEST);

    Http.Result result = http.passwordGrant(REALM, CLIENT, "store.server", DOCUMENTED_DIGEST);

    Map<String, Object> claims = Jwt.claims(result.accessToken());
    assertThat(claims)
        .containsEntry("till_code", "store.server")
        .containsEntry("store_code", "store-001")
        .containsEntry("till_attribution", "self")
        .containsEntry("azp", CLIENT);
  }

  /** Admins create tills with a code and a password only: no e-mail or names are needed. */
  @Test
  void tillWithJustACodeAndAPasswordLogsIn(Http http, AdminApi admin) {
    String code = UniqueNames.of("bare-till");
    String id =
        AdminApi.createdId(
            admin.post(
                "/admin/realms/" + REALM + "/users",
                Map.of(
                    "username",
                    code,
                    "enabled",
                    true,
                    "groups",
                    List.of("/stores/store-002"),
                    "credentials",
                    List.of(Map.of("type", "password", "value", "bare-pass")))));
    fixtures.adopt(code);
    Object tillRole = admin.getJson("/admin/realms/" + REALM + "/roles/till");
    expect(
        admin.post(
            "/admin/realms/" + REALM + "/users/" + id + "/role-mappings/realm", List.of(tillRole)),
        204);

    Http.Result result = http.passwordGrant(REALM, CLIENT, code, Md5Digest.of("bare-pass"));

    assertThat(Jwt.claims(result.accessToken()))
        .containsEntry("till_code", code)
        .containsEntry("store_code", "store-002");
  }

  /** OIDC libraries often ask for openid/profile/email: the till login still answers. */
  @Test
  void tillCanAskForTheUsualOidcScopes(Http http) {
    Http.Result result =
        http.postForm(
            http.tokenEndpoint(REALM),
            Map.of(
                "grant_type", "password",
                "client_id", CLIENT,
                "username", "store.server",
                "password", DOCUMENTED_DIGEST,
                "scope", "openid profile email"));

    assertThat(result.json().has("id_token")).as("%s", result).isTrue();
    assertThat(Jwt.claims(result.accessToken()))
        .containsEntry("till_code", "store.server")
        .containsEntry("preferred_username", "store.server");
  }

  @Test
  void upperCaseHexDigestIsAccepted(Http http) {
    Http.Result result =
        http.passwordGrant(
            REALM, CLIENT, "till-002", Md5Digest.of("till002pass").toUpperCase(Locale.ROOT));

    assertThat(Jwt.claims(result.accessToken()))
        .containsEntry("till_code", "till-002")
        .containsEntry("store_code", "store-002");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "server123",
        "8a16a6b70505eb1f1ff7cdc0cd5559a",
        "8a16a6b70505eb1f1ff7cdc0cd5559a7a",
        "8a16a6b70505eb1f1ff7cdc0cd5559g7",
        "8a16a6b70505eb1f1ff7cdc0cd5559a ",
        ""
      })
  void passwordThatIsNotAnMd5HexDigestIsAnInvalidRequest(String password, Http http) {
    Http.Result result = http.passwordGrant(REALM, CLIENT, "store.server", password);

    assertThat(result.status()).isEqualTo(400);
    assertThat(result.json().path("error").asText()).isEqualTo("invalid_request");
    assertThat(result.json().path("error_description").asText())
        .isEqualTo(
            "Password must be the MD5 hex digest of the till password (32 hexadecimal characters)");
  }

  @Test
  void everyKindOfWrongTillGetsTheSameAnswer(Http http) {
    List<Http.Result> results =
        List.of(
            http.passwordGrant(REALM, CLIENT, wrongDigestTill, Md5Digest.of("wrong")),
            http.passwordGrant(REALM, CLIENT, UniqueNames.of("no-such-till"), DOCUMENTED_DIGEST),
            http.passwordGrant(REALM, CLIENT, disabledTill, Md5Digest.of("secret-pass")),
            http.passwordGrant(REALM, CLIENT, customer, Md5Digest.of("secret-pass")),
            http.passwordGrant(REALM, CLIENT, serviceAccountUser, DOCUMENTED_DIGEST));

    for (Http.Result result : results) {
      assertThat(result.status()).as(result.toString()).isEqualTo(400);
      assertThat(result.body()).isEqualTo(INVALID_GRANT);
    }
  }

  /** The shipped sample customer is no till: it cannot use the till login, digest or not. */
  @Test
  void sampleCustomerCannotUseTheTillLogin(Http http) {
    for (String password : List.of(Md5Digest.of("JaneRewards1"), Md5Digest.of("x"))) {
      Http.Result result = http.passwordGrant(REALM, CLIENT, "jane.doe", password);
      assertThat(result.status()).isEqualTo(400);
      assertThat(result.body()).isEqualTo(INVALID_GRANT);
    }
  }

  /**
   * A missing user costs a password hash too, so timing does not tell tills from non-tills. In a
   * realm whose password policy ({@code hashIterations}) brings Argon2 back to production's cost:
   * the test server hashes cheaply, and the hash must be most of a login's time, as in production,
   * for a missing one to show.
   */
  @Test
  void unknownTillTakesAboutAsLongAsAWrongDigest(Http http, AdminApi admin) {
    String realm = DemoRealm.createCopy(admin, UniqueNames.of("till-timing"));
    try {
      int productionCost =
          KeycloakServer.PRODUCTION_ARGON2_ITERATIONS * KeycloakServer.PRODUCTION_ARGON2_MEMORY_KIB;
      int iterations =
          (productionCost + KeycloakServer.ARGON2_MEMORY_KIB - 1)
              / KeycloakServer.ARGON2_MEMORY_KIB;
      expect(
          admin.put(
              "/admin/realms/" + realm,
              Map.of(
                  "passwordPolicy",
                  "hashAlgorithm(till-md5-argon2) and hashIterations(" + iterations + ")")),
          204);
      String timingTill = UniqueNames.of("timing-till");
      new RealmFixtures(admin, realm, "timing").till(timingTill, "timing-pass");
      Supplier<Long> wrongDigest =
          () -> timed(() -> http.passwordGrant(realm, CLIENT, timingTill, Md5Digest.of("nope")));
      Supplier<Long> unknownTill =
          () ->
              timed(
                  () ->
                      http.passwordGrant(
                          realm, CLIENT, UniqueNames.of("ghost"), DOCUMENTED_DIGEST));
      wrongDigest.get();
      unknownTill.get();

      List<Long> known = new ArrayList<>();
      List<Long> unknown = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        known.add(wrongDigest.get());
        unknown.add(unknownTill.get());
      }
      double ratio = (double) median(unknown) / median(known);
      assertThat(ratio)
          .as("unknown %s vs wrong digest %s (ms)", unknown, known)
          .isBetween(0.5, 2.0);
    } finally {
      // Deleting the realm copy removes the till with it.
      admin.delete("/admin/realms/" + realm);
    }
  }

  @Test
  void eventsNameTheTill(Http http, AdminApi admin) {
    String code = UniqueNames.of("event-till");
    String id = fixtures.till(code, "event-pass");

    http.passwordGrant(REALM, CLIENT, code, Md5Digest.of("wrong")).status();
    BruteForce.outlastQuickLoginCheck();
    http.passwordGrant(REALM, CLIENT, code, Md5Digest.of("event-pass")).accessToken();

    JsonNode errors =
        admin.getJson("/admin/realms/" + REALM + "/events?type=LOGIN_ERROR&user=" + id);
    assertThat(errors).isNotEmpty();
    assertThat(errors.get(0).path("error").asText()).isEqualTo("invalid_user_credentials");
    assertThat(errors.get(0).path("clientId").asText()).isEqualTo(CLIENT);
    assertThat(errors.get(0).path("details").path("username").asText()).isEqualTo(code);

    JsonNode logins = admin.getJson("/admin/realms/" + REALM + "/events?type=LOGIN&user=" + id);
    assertThat(logins).hasSize(1);
    assertThat(logins.get(0).path("clientId").asText()).isEqualTo(CLIENT);
    assertThat(logins.get(0).path("details").path("grant_type").asText()).isEqualTo("password");
  }

  private static long timed(Supplier<Http.Result> call) {
    long start = System.nanoTime();
    Http.Result result = call.get();
    assertThat(result.status()).isEqualTo(400);
    return (System.nanoTime() - start) / 1_000_000;
  }

  private static long median(List<Long> values) {
    List<Long> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get(sorted.size() / 2);
  }
}
