package org.tillauth.keycloak.till;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tillauth.keycloak.testing.RealmFixtures.mapper;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tillauth.keycloak.testing.AdminApi;
import org.tillauth.keycloak.testing.DemoRealm;
import org.tillauth.keycloak.testing.Http;
import org.tillauth.keycloak.testing.KeycloakIT;
import org.tillauth.keycloak.testing.RealmFixtures;

/**
 * A till in two store groups has no store anyone could pick without guessing: joining a second
 * store is refused, and a till that got there anyway (the role granted after the joins) is refused
 * by its login, the attribution of API-client tokens to it, the gateway and saving it as a default
 * till, which say why wherever the caller is entitled to know.
 */
@KeycloakIT
class TillStoreConflictIT {

  private static final String REALM = DemoRealm.NAME;
  private static final String SECRET = "it-secret";
  private static final String PASSWORD = "two-stores-pass";
  private static final String CODE_HEADER = "X-CAP-API-ATTRIBUTION-ENTITY-CODE";

  private static RealmFixtures fixtures;
  private static String viaComposite;
  private static String till;
  private static String strict;
  private static String lenient;
  private static String message;

  @BeforeAll
  static void setUp(AdminApi admin) {
    fixtures = new RealmFixtures(admin, REALM, "it-stores");
    // Granted directly, the till role is refused to a user in two stores; a composite role that
    // contains it is the way a till still ends up there, and what the till paths must catch.
    viaComposite = fixtures.name("till-composite");
    RealmFixtures.expect(
        admin.post(fixtures.base() + "/roles", Map.of("name", viaComposite, "composite", false)),
        201);
    RealmFixtures.expect(
        admin.post(
            fixtures.base() + "/roles/" + viaComposite + "/composites",
            List.of(admin.getJson(fixtures.base() + "/roles/till"))),
        204);
    till = fixtures.name("till");
    fixtures.user(
        till,
        PASSWORD,
        true,
        List.of(viaComposite),
        List.of("/stores/store-002", "/stores/store-001"));
    message = "Till '" + till + "' is in more than one store (store-001, store-002)";
    strict = fixtures.name("strict");
    fixtures.confidentialClient(strict, SECRET, Map.of(), List.of(attribution(false)));
    lenient = fixtures.name("lenient");
    fixtures.confidentialClient(lenient, SECRET, Map.of(), List.of(attribution(true)));
  }

  @AfterAll
  static void tearDown(AdminApi admin) {
    fixtures.close();
    if (viaComposite != null) {
      admin.delete(fixtures.base() + "/roles/" + viaComposite);
    }
  }

  private static Map<String, Object> attribution(boolean fallback) {
    return mapper(
        "till attribution",
        "till-attribution-mapper",
        Map.of("default.till", "store.server", "fallback.to.default.till", "" + fallback));
  }

  @Test
  void theTillLoginIsRefusedWithTheReasonOnlyForTheRightDigest(Http http) {
    Http.Result right =
        http.passwordGrant(REALM, DemoRealm.POS_CLIENT, till, Md5Digest.of(PASSWORD));
    assertThat(right.status()).as("%s", right).isEqualTo(400);
    assertThat(right.json().get("error").asText()).isEqualTo("invalid_grant");
    assertThat(right.json().get("error_description").asText()).isEqualTo(message);

    Http.Result wrong = http.passwordGrant(REALM, DemoRealm.POS_CLIENT, till, Md5Digest.of("no"));
    assertThat(wrong.body()).isEqualTo(TillLoginIT.INVALID_GRANT);
  }

  @Test
  void attributionToItIsRefusedEvenWhereTheClientFallsBack(Http http) {
    for (String client : List.of(strict, lenient)) {
      Http.Result result = http.clientCredentials(REALM, client, SECRET, Map.of(CODE_HEADER, till));
      assertThat(result.status()).as("%s %s", client, result).isEqualTo(400);
      assertThat(result.json().get("error").asText()).isEqualTo("invalid_request");
      assertThat(result.json().get("error_description").asText()).isEqualTo(message);
    }
  }

  @Test
  void theGatewayRefusesItsBasicCredentials(Http http) {
    String basic =
        Base64.getEncoder()
            .encodeToString((till + ":" + Md5Digest.of(PASSWORD)).getBytes(StandardCharsets.UTF_8));
    Http.Result result =
        http.get(
            "/realms/" + REALM + "/till-auth/verify", Map.of("Authorization", "Basic " + basic));
    assertThat(result.status()).as("%s", result).isEqualTo(401);
    assertThat(result.json().at("/errors/0/code").asInt()).isEqualTo(330001);
  }

  @Test
  void theGatewayRefusesATokenIssuedBeforeTheTillGotASecondStore(Http http, AdminApi admin) {
    String code = fixtures.name("later-two");
    String id =
        fixtures.user(code, PASSWORD, true, List.of(viaComposite), List.of("/stores/store-001"));
    String token =
        http.passwordGrant(REALM, DemoRealm.POS_CLIENT, code, Md5Digest.of(PASSWORD)).accessToken();
    String roles = fixtures.base() + "/users/" + id + "/role-mappings/realm";
    List<Object> composite = List.of(admin.getJson(fixtures.base() + "/roles/" + viaComposite));
    RealmFixtures.expect(admin.deleteWithBody(roles, composite), 204);
    String second =
        admin.getJson(fixtures.base() + "/group-by-path/stores/store-002").get("id").asText();
    RealmFixtures.expect(
        admin.put(fixtures.base() + "/users/" + id + "/groups/" + second, Map.of()), 204);
    RealmFixtures.expect(admin.post(roles, composite), 204);

    Http.Result result =
        http.get(
            "/realms/" + REALM + "/till-auth/verify", Map.of("Authorization", "Bearer " + token));
    assertThat(result.status()).as("%s", result).isEqualTo(401);
    assertThat(result.json().at("/errors/0/code").asInt()).isEqualTo(330003);
  }

  @Test
  void aTillCannotJoinASecondStore(AdminApi admin) {
    String code = fixtures.name("one-store");
    String id = fixtures.user(code, PASSWORD, true, List.of("till"), List.of("/stores/store-001"));
    String second =
        admin.getJson(fixtures.base() + "/group-by-path/stores/store-002").get("id").asText();

    Http.Result joined =
        admin.put(fixtures.base() + "/users/" + id + "/groups/" + second, Map.of());

    assertThat(joined.status()).as("%s", joined).isEqualTo(400);
    assertThat(joined.json().get("error").asText()).isEqualTo("invalid_request");
    assertThat(joined.json().get("error_description").asText())
        .isEqualTo(
            "Till '"
                + code
                + "' cannot join store 'store-002': it is already in store 'store-001' (a till"
                + " belongs to one store)");
    assertThat(admin.getJson(fixtures.base() + "/users/" + id + "/groups").findValuesAsText("path"))
        .containsExactly("/stores/store-001");
  }

  @Test
  void aUserInTwoStoresCannotBeGivenTheTillRole(AdminApi admin) {
    String code = fixtures.name("two-stores-user");
    String id =
        fixtures.user(
            code, PASSWORD, true, List.of(), List.of("/stores/store-001", "/stores/store-002"));

    Http.Result granted =
        admin.post(
            fixtures.base() + "/users/" + id + "/role-mappings/realm",
            List.of(admin.getJson(fixtures.base() + "/roles/till")));

    assertThat(granted.status()).as("%s", granted).isEqualTo(400);
    assertThat(granted.json().get("error_description").asText())
        .isEqualTo(
            "User '"
                + code
                + "' cannot be given the role 'till': it is in more than one store (store-001,"
                + " store-002), and a till belongs to one store");
    assertThat(
            admin
                .getJson(fixtures.base() + "/users/" + id + "/role-mappings/realm")
                .findValuesAsText("name"))
        .doesNotContain("till");
  }

  @Test
  void itCannotBeSavedAsADefaultTill(AdminApi admin) {
    String client = fixtures.confidentialClient(fixtures.name("save"), SECRET, Map.of(), List.of());
    Http.Result saved =
        admin.post(
            fixtures.base() + "/clients/" + client + "/protocol-mappers/models",
            mapper("till attribution", "till-attribution-mapper", Map.of("default.till", till)));
    assertThat(saved.status()).as("%s", saved).isEqualTo(400);
    assertThat(saved.json().get("error_description").asText())
        .isEqualTo("Default till code \"" + till + "\" is in more than one store");
  }
}
