package org.tillauth.keycloak.organisation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tillauth.keycloak.organisation.OrganisationFixtures.as;
import static org.tillauth.keycloak.organisation.OrganisationFixtures.tillLogin;
import static org.tillauth.keycloak.organisation.OrganisationFixtures.userExists;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tillauth.keycloak.admin.AdminErrors;
import org.tillauth.keycloak.testing.AdminApi;
import org.tillauth.keycloak.testing.DemoRealm;
import org.tillauth.keycloak.testing.Http;
import org.tillauth.keycloak.testing.Jwt;
import org.tillauth.keycloak.testing.KeycloakIT;
import org.tillauth.keycloak.testing.UniqueNames;
import org.tillauth.keycloak.till.Md5Digest;

/**
 * {@code /admin/realms/{realm}/tills}: every endpoint and refusal against the real server, in a
 * copy of the demo realm; tills created here log in at the token endpoint with their digest.
 */
@KeycloakIT
class TillsApiIT {

  static final String REALM = "org-tills";
  static final String API = "/admin/realms/" + REALM + "/tills";

  @BeforeAll
  static void realm(AdminApi admin) {
    DemoRealm.createCopy(admin, REALM);
  }

  @AfterAll
  static void dropRealm(AdminApi admin) {
    OrganisationFixtures.deleteRealm(admin, REALM);
  }

  static String code(String prefix) {
    return UniqueNames.of(prefix);
  }

  static Map<String, Object> till(String code, String store, String field, String secret) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("code", code);
    body.put("store", store);
    body.put(field, secret);
    return body;
  }

  @Test
  void aTillCreatedWithAPasswordLogsInWithItsDigestAndHasRoleStoreAndPrehashedCredential(
      AdminApi admin, Http http) {
    String code = code("till");
    Http.Result created = admin.post(API, till(code, "store-001", "password", "Counter-1"));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat(created.header("Location")).endsWith("/tills/" + code);
    JsonNode view = created.json();
    assertThat(view.path("code").asText()).isEqualTo(code);
    assertThat(view.path("store").asText()).isEqualTo("store-001");
    assertThat(view.path("enabled").asBoolean()).isTrue();
    assertThat(view.path("password").asText()).isEqualTo("md5-prehash");
    assertThat(view.path("problems")).isEmpty();

    Http.Result login = tillLogin(http, REALM, code, Md5Digest.of("Counter-1"));
    assertThat(login.status()).as(login.body()).isEqualTo(200);
    assertThat(Jwt.claims(login.accessToken()))
        .containsEntry("till_code", code)
        .containsEntry("store_code", "store-001");

    // What the console shows: role till, one store group, the credential's algorithm.
    String id = admin.userId(REALM, code);
    String user = "/admin/realms/" + REALM + "/users/" + id;
    assertThat(admin.getJson(user + "/role-mappings/realm").findValuesAsText("name"))
        .contains("till");
    assertThat(admin.getJson(user + "/groups").findValuesAsText("path"))
        .containsExactly("/stores/store-001");
    JsonNode credentials = admin.getJson(user + "/credentials");
    assertThat(credentials).hasSize(1);
    assertThat(credentials.get(0).path("credentialData").asText()).contains("till-md5-argon2");
    assertThat(credentials.toString()).doesNotContain(Md5Digest.of("Counter-1"));

    assertThat(admin.getJson(API + "/" + code).path("code").asText()).isEqualTo(code);
    assertThat(admin.getJson(API).findValuesAsText("code")).contains(code, "store.server");
  }

  /**
   * A till that a client names as its default till is neither disabled nor deleted (its tokens
   * would be refused from then on): 400 naming the client; a move still works, and once the client
   * has another default till the till can be disabled and deleted.
   */
  @Test
  void aTillThatAClientNamesAsItsDefaultTillIsNeitherDisabledNorDeleted(AdminApi admin) {
    String code = code("default");
    Http.Result till = admin.post(API, till(code, "store-001", "md5Digest", Md5Digest.of("p")));
    assertThat(till.status()).as(till.body()).isEqualTo(201);
    String clients = "/admin/realms/" + REALM + "/api-clients";
    String name = UniqueNames.of("Uses a till");
    Map<String, Object> client = new LinkedHashMap<>();
    client.put("name", name);
    client.put("tokenExpiry", "30m");
    client.put("defaultTill", code);
    client.put("accessGroup", "POS");
    Http.Result registered = admin.post(clients, client);
    assertThat(registered.status()).as(registered.body()).isEqualTo(201);
    String id = registered.json().path("id").asText();
    String key = registered.json().path("clientKey").asText();

    Http.Result disable = admin.put(API + "/" + code, Map.of("enabled", false));
    assertThat(disable.status()).as(disable.body()).isEqualTo(400);
    assertThat(disable.json().path("error").asText()).isEqualTo("invalid_request");
    assertThat(disable.json().path("error_description").asText())
        .isEqualTo(
            "Till \""
                + code
                + "\" cannot be disabled while API clients use it as their default till: "
                + name
                + " ("
                + key
                + "); give them another default till first");
    Http.Result delete = admin.delete(API + "/" + code);
    assertThat(delete.status()).as(delete.body()).isEqualTo(400);
    assertThat(delete.json().path("error_description").asText())
        .startsWith("Till \"" + code + "\" cannot be deleted while API clients use it");
    assertThat(admin.getJson(API + "/" + code).path("enabled").asBoolean()).isTrue();
    Http.Result moved = admin.put(API + "/" + code, Map.of("store", "store-002"));
    assertThat(moved.status()).as(moved.body()).isEqualTo(200);

    Http.Result changed = admin.put(clients + "/" + id, Map.of("defaultTill", "store.server"));
    assertThat(changed.status()).as(changed.body()).isEqualTo(200);
    assertThat(admin.put(API + "/" + code, Map.of("enabled", false)).status()).isEqualTo(200);
    assertThat(admin.delete(API + "/" + code).status()).isEqualTo(204);
    assertThat(admin.delete(clients + "/" + id).status()).isEqualTo(204);
  }

  @Test
  void aLegacyDigestImportLogsInAndCodesAreStoredInLowerCase(AdminApi admin, Http http) {
    String code = code("Legacy");
    String digest = Md5Digest.of("legacy-pass");
    Http.Result created =
        admin.post(API, till(code, "STORE-002", "md5Digest", digest.toUpperCase(Locale.ROOT)));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    String stored = code.toLowerCase(Locale.ROOT);
    assertThat(created.json().path("code").asText()).isEqualTo(stored);
    assertThat(created.json().path("store").asText()).isEqualTo("store-002");

    Http.Result login = tillLogin(http, REALM, stored, digest);
    assertThat(login.status()).as(login.body()).isEqualTo(200);
    assertThat(Jwt.claims(login.accessToken())).containsEntry("store_code", "store-002");
  }

  @Test
  void disabledTillIsRefusedMovedTillGetsTheNewStoreAndResetPasswordReplacesTheOld(
      AdminApi admin, Http http) {
    String code = code("till");
    String old = Md5Digest.of("first-pass");
    assertThat(admin.post(API, till(code, "store-001", "md5Digest", old)).status()).isEqualTo(201);

    Http.Result disabled = admin.put(API + "/" + code, Map.of("enabled", false));
    assertThat(disabled.status()).as(disabled.body()).isEqualTo(200);
    assertThat(disabled.json().path("enabled").asBoolean()).isFalse();
    Http.Result refused = tillLogin(http, REALM, code, old);
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.json().path("error").asText()).isEqualTo("invalid_grant");
    assertThat(admin.getJson(API).findValuesAsText("code"))
        .as("disabled tills are listed")
        .contains(code);

    assertThat(admin.put(API + "/" + code, Map.of("enabled", true)).status()).isEqualTo(200);
    Http.Result moved = admin.put(API + "/" + code, Map.of("store", "store-002"));
    assertThat(moved.status()).as(moved.body()).isEqualTo(200);
    assertThat(moved.json().path("store").asText()).isEqualTo("store-002");
    Http.Result login = tillLogin(http, REALM, code, old);
    assertThat(login.status()).as(login.body()).isEqualTo(200);
    assertThat(Jwt.claims(login.accessToken())).containsEntry("store_code", "store-002");
    assertThat(admin.getJson(API + "?store=store-002").findValuesAsText("code")).contains(code);
    assertThat(admin.getJson(API + "?store=store-001").findValuesAsText("code"))
        .doesNotContain(code);
    assertThat(
            admin
                .getJson(
                    "/admin/realms/" + REALM + "/users/" + admin.userId(REALM, code) + "/groups")
                .findValuesAsText("path"))
        .containsExactly("/stores/store-002");

    Http.Result reset = admin.put(API + "/" + code + "/password", Map.of("password", "second"));
    assertThat(reset.status()).as(reset.body()).isEqualTo(204);
    assertThat(tillLogin(http, REALM, code, Md5Digest.of("second")).status()).isEqualTo(200);
    String third = Md5Digest.of("third");
    Http.Result byPost = admin.post(API + "/" + code + "/password", Map.of("md5Digest", third));
    assertThat(byPost.status()).as(byPost.body()).isEqualTo(204);
    assertThat(tillLogin(http, REALM, code, third).status()).isEqualTo(200);
    assertThat(tillLogin(http, REALM, code, old).status()).as("old digest").isEqualTo(400);
  }

  @Test
  void everyBadCreateIs400WithItsTextAndLeavesNoUser(AdminApi admin) {
    String digest = Md5Digest.of("x");
    Map<String, Object> both = till(code("both"), "store-001", "password", "p");
    both.put("md5Digest", digest);
    Map<String, Object> unknownField = till(code("extra"), "store-001", "password", "p");
    unknownField.put("role", "admin");
    Map<String, String> cases = new LinkedHashMap<>();
    Map<String, Object> bodies = new LinkedHashMap<>();
    bodies.put("no code", till(null, "store-001", "password", "p"));
    cases.put("no code", "Field 'code' is required");
    bodies.put("slash", till("a/b-" + code("x"), "store-001", "password", "p"));
    cases.put("slash", OrganisationErrors.TILL_CODE);
    bodies.put("short", till("ab", "store-001", "password", "p"));
    cases.put("short", OrganisationErrors.TILL_CODE);
    bodies.put("at", till("a@b.org", "store-001", "password", "p"));
    cases.put("at", OrganisationErrors.TILL_CODE);
    bodies.put("taken", till("store.server", "store-001", "password", "p"));
    cases.put("taken", "Till code \"store.server\" is already used by a user of this organisation");
    bodies.put("customer", till("jane.doe", "store-001", "password", "p"));
    cases.put("customer", "Till code \"jane.doe\" is already used by a user of this organisation");
    String lost = code("lost");
    bodies.put("unknown store", till(lost, "store-999", "password", "p"));
    cases.put("unknown store", "Store \"store-999\" does not exist; add it first");
    bodies.put("parent group", till(code("parent"), "stores", "password", "p"));
    cases.put("parent group", "Store \"stores\" does not exist; add it first");
    bodies.put("no store", till(code("nostore"), null, "password", "p"));
    cases.put("no store", "Field 'store' is required");
    bodies.put("both", both);
    cases.put("both", OrganisationErrors.ONE_SECRET);
    bodies.put("neither", till(code("neither"), "store-001", "password", null));
    cases.put("neither", OrganisationErrors.ONE_SECRET);
    bodies.put("bad digest", till(code("bad"), "store-001", "md5Digest", "abc123"));
    cases.put("bad digest", OrganisationErrors.BAD_DIGEST);
    bodies.put("digest as password", till(code("dap"), "store-001", "password", digest));
    cases.put("digest as password", OrganisationErrors.PASSWORD_IS_DIGEST);
    bodies.put("empty password", till(code("empty"), "store-001", "password", ""));
    cases.put("empty password", "Field 'password' is required");
    bodies.put("unknown field", unknownField);
    cases.put("unknown field", "Unknown field 'role'");
    bodies.put("code not a string", Map.of("code", 42, "store", "store-001", "password", "p"));
    cases.put("code not a string", "Field 'code' must be a string");

    int before = admin.getJson(API).size();
    bodies.forEach(
        (label, body) -> {
          Http.Result result = admin.post(API, body);
          assertThat(result.status()).as(label + ": " + result.body()).isEqualTo(400);
          assertThat(result.json().path("error").asText()).isEqualTo("invalid_request");
          assertThat(result.json().path("error_description").asText())
              .as(label)
              .isEqualTo(cases.get(label));
          @SuppressWarnings("unchecked")
          Object code = ((Map<String, Object>) body).get("code");
          if (code instanceof String s && !s.equals("store.server") && !s.equals("jane.doe")) {
            assertThat(userExists(admin, REALM, s.toLowerCase(Locale.ROOT))).as(label).isFalse();
          }
        });
    for (String raw : List.of("", "[]", "{", "\"x\"")) {
      Http.Result result = admin.post(API, raw);
      assertThat(result.status()).as(raw).isEqualTo(400);
      assertThat(result.json().path("error_description").asText()).isEqualTo(AdminErrors.NOT_JSON);
    }
    assertThat(admin.getJson(API)).hasSize(before);
    JsonNode jane = admin.getJson("/admin/realms/" + REALM + "/users?exact=true&username=jane.doe");
    assertThat(
            admin
                .getJson(
                    "/admin/realms/"
                        + REALM
                        + "/users/"
                        + jane.get(0).path("id").asText()
                        + "/role-mappings/realm")
                .findValuesAsText("name"))
        .doesNotContain("till");
  }

  @Test
  void thePasswordPolicyAppliesToPlainPasswordsAndARefusedTillIsNotCreated(
      AdminApi admin, Http http) {
    String realm = "/admin/realms/" + REALM;
    String policy = admin.getJson(realm).path("passwordPolicy").asText();
    OrganisationFixtures.expect(
        admin.put(realm, Map.of("passwordPolicy", policy + " and length(10)")), 204);
    try {
      String code = code("policy");
      Http.Result refused = admin.post(API, till(code, "store-001", "password", "short"));
      assertThat(refused.status()).as(refused.body()).isEqualTo(400);
      assertThat(refused.json().path("error_description").asText())
          .startsWith("Invalid password: minimum length 10");
      assertThat(userExists(admin, REALM, code)).as("rolled back").isFalse();

      Http.Result created = admin.post(API, till(code, "store-001", "password", "long-enough-1"));
      assertThat(created.status()).as(created.body()).isEqualTo(201);
      Http.Result reset = admin.put(API + "/" + code + "/password", Map.of("password", "tiny"));
      assertThat(reset.status()).isEqualTo(400);
      assertThat(tillLogin(http, REALM, code, Md5Digest.of("long-enough-1")).status())
          .as("old password kept")
          .isEqualTo(200);
      // A legacy digest's password is unknown: nothing to check.
      assertThat(
              admin
                  .put(API + "/" + code + "/password", Map.of("md5Digest", Md5Digest.of("x")))
                  .status())
          .isEqualTo(204);
    } finally {
      OrganisationFixtures.expect(admin.put(realm, Map.of("passwordPolicy", policy)), 204);
    }
  }

  @Test
  void badChangesAre400Or404AndChangeNothing(AdminApi admin) {
    String code = code("till");
    assertThat(admin.post(API, till(code, "store-001", "password", "keep-me")).status())
        .isEqualTo(201);
    String one = API + "/" + code;

    Map<String, Object> badStore = Map.of("enabled", false, "store", "store-999");
    Http.Result result = admin.put(one, badStore);
    assertThat(result.status()).isEqualTo(400);
    assertThat(result.json().path("error_description").asText())
        .isEqualTo("Store \"store-999\" does not exist; add it first");
    JsonNode unchanged = admin.getJson(one);
    assertThat(unchanged.path("enabled").asBoolean()).as("nothing half-saved").isTrue();
    assertThat(unchanged.path("store").asText()).isEqualTo("store-001");

    assertThat(admin.put(one, Map.of()).json().path("error_description").asText())
        .isEqualTo("Nothing to change: send at least one of 'enabled', 'store'");
    assertThat(admin.put(one, Map.of("enabled", "no")).json().path("error_description").asText())
        .isEqualTo("Field 'enabled' must be true or false");
    assertThat(admin.put(one, Map.of("code", "new")).json().path("error_description").asText())
        .isEqualTo("Unknown field 'code'");
    assertThat(admin.put(one + "/password", Map.of()).json().path("error_description").asText())
        .isEqualTo(OrganisationErrors.ONE_SECRET);
    assertThat(
            admin
                .put(one + "/password", Map.of("md5Digest", "zz"))
                .json()
                .path("error_description")
                .asText())
        .isEqualTo(OrganisationErrors.BAD_DIGEST);

    for (String missing : List.of("no-such-till", "jane.doe")) {
      Http.Result notFound = admin.get(API + "/" + missing);
      assertThat(notFound.status()).as(missing).isEqualTo(404);
      assertThat(notFound.json().path("error_description").asText()).isEqualTo("Till not found");
      assertThat(admin.put(API + "/" + missing, Map.of("enabled", false)).status()).isEqualTo(404);
      assertThat(admin.put(API + "/" + missing + "/password", Map.of("password", "x")).status())
          .isEqualTo(404);
    }
    Http.Result unknownStore = admin.get(API + "?store=store-999");
    assertThat(unknownStore.status()).isEqualTo(400);
  }

  @Test
  void viewUsersReadsManageUsersWritesOthersAreRefused(AdminApi admin, Http http) {
    String viewer =
        OrganisationFixtures.adminToken(admin, http, REALM, code("viewer"), List.of("view-users"));
    String nobody = OrganisationFixtures.adminToken(admin, http, REALM, code("nobody"), List.of());
    String body = Http.toJson(till(code("perm"), "store-001", "password", "p"));

    assertThat(as(http, viewer, "GET", API, null).status()).isEqualTo(200);
    assertThat(as(http, viewer, "GET", API + "/store.server", null).status()).isEqualTo(200);
    assertThat(as(http, viewer, "POST", API, body).status()).isEqualTo(403);
    assertThat(as(http, viewer, "PUT", API + "/store.server", "{\"enabled\":false}").status())
        .isEqualTo(403);
    assertThat(
            as(http, viewer, "PUT", API + "/store.server/password", "{\"password\":\"x\"}")
                .status())
        .isEqualTo(403);
    assertThat(as(http, nobody, "GET", API, null).status()).isEqualTo(403);
    assertThat(as(http, null, "GET", API, null).status()).isEqualTo(401);
    assertThat(as(http, null, "POST", API, body).status()).isEqualTo(401);
    assertThat(admin.getJson(API + "/store.server").path("enabled").asBoolean()).isTrue();
  }
}
