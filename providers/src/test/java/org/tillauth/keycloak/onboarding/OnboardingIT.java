package org.tillauth.keycloak.onboarding;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.tillauth.keycloak.testing.AdminApi;
import org.tillauth.keycloak.testing.DemoRealm;
import org.tillauth.keycloak.testing.Http;
import org.tillauth.keycloak.testing.Jwt;
import org.tillauth.keycloak.testing.KeycloakIT;
import org.tillauth.keycloak.testing.KeycloakServer;
import org.tillauth.keycloak.testing.UniqueNames;
import org.tillauth.keycloak.till.Md5Digest;

/**
 * {@code POST /admin/realms/master/organisations} against the real server: an onboarded
 * organisation works at once (its administrator, a store and a till that logs in with its digest,
 * the page client, the settings), and every refused request leaves no realm behind.
 */
@KeycloakIT
class OnboardingIT {

  static final String API = "/admin/realms/master/organisations";
  private static final List<String> CREATED = new ArrayList<>();

  @AfterAll
  static void dropRealms(AdminApi admin) {
    CREATED.forEach(code -> admin.delete("/admin/realms/" + code));
  }

  static String code() {
    String code = UniqueNames.of("org");
    CREATED.add(code);
    return code;
  }

  static Map<String, Object> body(String code) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("code", code);
    body.put("name", "Acme Retail " + code);
    body.put("administrator", Map.of("email", "Boss@" + code + ".example.com"));
    body.put("redirectUris", List.of("https://loyalty.example.com/*", "http://localhost:3000/*"));
    return body;
  }

  static boolean realmExists(AdminApi admin, String code) {
    return admin.get("/admin/realms/" + code).status() == 200;
  }

  static Http.Result as(Http http, String token, String path, Object body) {
    Map<String, String> headers = new LinkedHashMap<>();
    if (token != null) {
      headers.put("Authorization", "Bearer " + token);
    }
    return http.postJson(path, Http.toJson(body), headers);
  }

  @Test
  void anOnboardedOrganisationWorksAtOnceAndHasNoDemoData(AdminApi admin, Http http) {
    String code = code();
    Map<String, Object> body = body(code);
    body.put("tokenLifespanCeiling", "2h");
    Http.Result created = admin.post(API, body);
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat(created.header("Location")).endsWith("/admin/realms/" + code);
    assertThat(created.header("Cache-Control")).contains("no-store");
    JsonNode answer = created.json();
    assertThat(answer.path("code").asText()).isEqualTo(code);
    assertThat(answer.path("name").asText()).isEqualTo("Acme Retail " + code);
    assertThat(answer.path("pageUrl").asText()).isEqualTo("/realms/" + code + "/till-admin/");
    String username = answer.path("administrator").path("username").asText();
    assertThat(username).isEqualTo("boss@" + code + ".example.com");
    String password = answer.path("administrator").path("temporaryPassword").asText();
    assertThat(password).hasSizeGreaterThanOrEqualTo(20);

    String base = "/admin/realms/" + code;
    // No demo data: the administrator is the only user, no store, no API client.
    JsonNode users = admin.getJson(base + "/users");
    assertThat(users.findValuesAsText("username")).containsExactly(username);
    assertThat(admin.getJson(base + "/stores").toString()).doesNotContain("store-001");
    assertThat(admin.getJson(base + "/clients").findValuesAsText("clientId"))
        .contains("pos-terminal", "customer-web", "till-admin")
        .doesNotContain("demo-integration", "customer-mobile");
    JsonNode web =
        admin.getJson(base + "/clients?clientId=customer-web").get(0).path("redirectUris");
    assertThat(web.toString()).contains("https://loyalty.example.com/*", "http://localhost:3000/*");

    // The settings applied, read through the organisation-settings endpoint.
    JsonNode settings = admin.getJson(base + "/organisation-settings");
    assertThat(settings.path("basicAuthentication").asBoolean()).isTrue();
    assertThat(settings.path("tokenLifespanCeiling").asText()).isEqualTo("2h");

    // The administrator: realm-management roles, required action, and the temporary password is
    // the right one (a wrong one is "Invalid user credentials"; the right one stops at the setup).
    String userId = admin.userId(code, username);
    JsonNode user = admin.getJson(base + "/users/" + userId);
    assertThat(user.path("requiredActions").toString()).contains("UPDATE_PASSWORD");
    String management = admin.clientUuid(code, "realm-management");
    assertThat(
            admin
                .getJson(base + "/users/" + userId + "/role-mappings/clients/" + management)
                .findValuesAsText("name"))
        .containsExactlyInAnyOrder(
            "manage-clients", "manage-users", "manage-realm", "manage-events");
    Http.Result wrong = http.passwordGrant(code, "admin-cli", username, password + "x");
    assertThat(wrong.json().path("error_description").asText())
        .isEqualTo("Invalid user credentials");
    Http.Result pending = http.passwordGrant(code, "admin-cli", username, password);
    assertThat(pending.status()).isEqualTo(400);
    assertThat(pending.json().path("error_description").asText())
        .isEqualTo("Account is not fully set up");

    // Once set up (as the first sign-in would), the administrator runs the organisation alone:
    // a store and a till, and the till logs in with its MD5 digest.
    Map<String, Object> setUp = new LinkedHashMap<>();
    setUp.put("firstName", "Ada");
    setUp.put("lastName", "Boss");
    setUp.put("email", username);
    setUp.put("requiredActions", List.of());
    assertThat(admin.put(base + "/users/" + userId, setUp).status()).isEqualTo(204);
    String token = http.passwordGrant(code, "admin-cli", username, password).accessToken();
    Http.Result store = as(http, token, base + "/stores", Map.of("code", "s1", "name", "First"));
    assertThat(store.status()).as(store.body()).isEqualTo(201);
    Http.Result till =
        as(
            http,
            token,
            base + "/tills",
            Map.of("code", "till-1", "store", "s1", "password", "Counter-1"));
    assertThat(till.status()).as(till.body()).isEqualTo(201);
    Http.Result login =
        http.passwordGrant(code, DemoRealm.POS_CLIENT, "till-1", Md5Digest.of("Counter-1"));
    assertThat(login.status()).as(login.body()).isEqualTo(200);
    assertThat(Jwt.claims(login.accessToken()))
        .containsEntry("till_code", "till-1")
        .containsEntry("store_code", "s1");
  }

  @Test
  void basicAuthenticationOffAndTheTemplatesCeilingAndAChosenUsername(AdminApi admin, Http http) {
    String code = code();
    Map<String, Object> body = body(code);
    body.put("basicAuthentication", false);
    body.put("administrator", Map.of("email", "it@example.com", "username", "Org-Admin"));
    Http.Result created = admin.post(API, body);
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat(created.json().path("administrator").path("username").asText())
        .isEqualTo("org-admin");
    JsonNode settings = admin.getJson("/admin/realms/" + code + "/organisation-settings");
    assertThat(settings.path("basicAuthentication").asBoolean()).isFalse();
    assertThat(settings.path("tokenLifespanCeiling").asText()).isEqualTo("60m");
    // The switch is in force: a till of this organisation is refused at the token endpoint.
    String base = "/admin/realms/" + code;
    assertThat(admin.post(base + "/stores", Map.of("code", "s1", "name", "S")).status())
        .isEqualTo(201);
    Http.Result till =
        admin.post(
            base + "/tills", Map.of("code", "till-1", "store", "s1", "password", "Counter-1"));
    assertThat(till.status()).as(till.body()).isEqualTo(201);
    Http.Result login =
        http.passwordGrant(code, DemoRealm.POS_CLIENT, "till-1", Md5Digest.of("Counter-1"));
    assertThat(login.json().path("error_description").asText())
        .isEqualTo("Basic authentication is disabled for this organization");
  }

  /**
   * Who created what: with admin events on in master (restored afterwards), the creation is a
   * CREATE REALM event at organisations/{code} by the bootstrap admin, without the password.
   */
  @Test
  void theCreationIsAnAdminEventOnMaster(AdminApi admin) {
    String config = "/admin/realms/master/events/config";
    JsonNode before = admin.getJson(config);
    Map<String, Object> on = Http.JSON.convertValue(before, Map.class);
    on.put("adminEventsEnabled", true);
    on.put("adminEventsDetailsEnabled", true);
    assertThat(admin.put(config, on).status()).isEqualTo(204);
    try {
      String code = code();
      Http.Result created = admin.post(API, body(code));
      assertThat(created.status()).as(created.body()).isEqualTo(201);
      String password = created.json().path("administrator").path("temporaryPassword").asText();
      JsonNode events =
          admin.getJson(
              "/admin/realms/master/admin-events?operationTypes=CREATE&resourceTypes=REALM"
                  + "&resourcePath=organisations/"
                  + code);
      assertThat(events).hasSize(1);
      JsonNode event = events.get(0);
      assertThat(event.path("resourcePath").asText()).isEqualTo("organisations/" + code);
      assertThat(event.path("authDetails").path("userId").asText())
          .isEqualTo(admin.userId("master", "admin"));
      assertThat(event.path("representation").asText())
          .contains("\"code\":\"" + code + "\"")
          .doesNotContain(password);
    } finally {
      admin.put(config, Http.JSON.convertValue(before, Map.class));
    }
  }

  @Test
  void anExistingRealmIs409AndKeepsItsData(AdminApi admin) {
    String code = code();
    assertThat(admin.post(API, body(code)).status()).isEqualTo(201);
    Map<String, Object> again = body(code);
    again.put("name", "Someone else");
    Http.Result conflict = admin.post(API, again);
    assertThat(conflict.status()).as(conflict.body()).isEqualTo(409);
    assertThat(conflict.json().path("error").asText()).isEqualTo("conflict");
    assertThat(conflict.json().path("error_description").asText()).contains(code);
    assertThat(admin.getJson("/admin/realms/" + code).path("displayName").asText())
        .isEqualTo("Acme Retail " + code);

    Http.Result master = admin.post(API, body("master"));
    assertThat(master.status()).isEqualTo(409);
  }

  /**
   * A failure after the realm and its administrator were created (the test server's test-only
   * option fails organisations with this code prefix there): the whole request is rolled back, no
   * realm is left, and master has no admin client for it.
   */
  @Test
  void aFailureAfterTheRealmWasCreatedLeavesNoRealm(AdminApi admin) {
    String code = KeycloakServer.ONBOARDING_FAILURE_PREFIX + UniqueNames.of("org").substring(4);
    CREATED.add(code);
    Http.Result refused = admin.post(API, body(code));
    assertThat(refused.status()).as(refused.body()).isEqualTo(500);
    assertThat(realmExists(admin, code)).isFalse();
    assertThat(admin.getJson("/admin/realms/master/clients?clientId=" + code + "-realm")).isEmpty();
    assertThat(admin.getJson("/admin/realms").findValuesAsText("realm")).doesNotContain(code);
  }

  /**
   * Keycloak would add a second master client named like the new realm's admin client ({@code
   * <code>-realm}) without complaint: refused as 409 before anything is created, and master keeps
   * exactly its one client of that name.
   */
  @Test
  void aMasterClientNamedLikeTheRealmsAdminClientIs409(AdminApi admin) {
    String code = code();
    Http.Result clash =
        admin.post(
            "/admin/realms/master/clients",
            Map.of("clientId", code + "-realm", "publicClient", true));
    assertThat(clash.status()).as(clash.body()).isEqualTo(201);
    String clashId = AdminApi.createdId(clash);
    try {
      Http.Result refused = admin.post(API, body(code));
      assertThat(refused.status()).as(refused.body()).isEqualTo(409);
      assertThat(refused.json().path("error_description").asText()).contains(code + "-realm");
      assertThat(realmExists(admin, code)).isFalse();
      assertThat(admin.getJson("/admin/realms/master/clients?clientId=" + code + "-realm"))
          .hasSize(1);
    } finally {
      // Keycloak refuses to delete a master client named '*-realm' (it takes it for a realm's
      // admin client): renamed first, best effort.
      Map<String, Object> renamed = new LinkedHashMap<>();
      renamed.put("clientId", code + "-clash");
      renamed.put("publicClient", true);
      admin.put("/admin/realms/master/clients/" + clashId, renamed);
      admin.delete("/admin/realms/master/clients/" + clashId);
    }
  }

  @Test
  void eachInvalidFieldIs400NamingItAndCreatesNothing(AdminApi admin) {
    Map<String, Map<String, Object>> cases = new LinkedHashMap<>();
    String code = code();
    cases.put("code", with(body(code), "code", "Upper-Case"));
    cases.put("code ", with(body(code), "code", "a"));
    cases.put("code  ", with(body(code), "code", "x".repeat(37)));
    cases.put("'code' is required", without(body(code), "code"));
    cases.put("'name' is required", with(body(code), "name", " "));
    cases.put("'name' must be a string", with(body(code), "name", 5));
    cases.put("'administrator' is required", without(body(code), "administrator"));
    cases.put("'administrator' must be a JSON object", with(body(code), "administrator", "x"));
    cases.put(
        "administrator.email",
        with(body(code), "administrator", Map.of("email", "not-an-address")));
    cases.put(
        "'administrator.email' is required",
        with(body(code), "administrator", Map.of("username", "boss")));
    cases.put(
        "administrator.username",
        with(body(code), "administrator", Map.of("email", "a@b.example", "username", "a b")));
    cases.put(
        "'administrator.phone'",
        with(body(code), "administrator", Map.of("email", "a@b.example", "phone", "1")));
    cases.put("'redirectUris' is required", without(body(code), "redirectUris"));
    cases.put("redirectUris", with(body(code), "redirectUris", List.of()));
    cases.put(
        "http://example.com/*", with(body(code), "redirectUris", List.of("http://example.com/*")));
    cases.put(
        "https://a.example/*/x",
        with(body(code), "redirectUris", List.of("https://a.example/*/x")));
    cases.put(
        "'redirectUris' must be a list", with(body(code), "redirectUris", "https://a.example/"));
    cases.put("basicAuthentication", with(body(code), "basicAuthentication", "yes"));
    cases.put("tokenLifespanCeiling", with(body(code), "tokenLifespanCeiling", "31d"));
    cases.put("tokenLifespanCeiling ", with(body(code), "tokenLifespanCeiling", "soon"));
    cases.put("Unknown field 'users'", with(body(code), "users", List.of()));
    cases.forEach(
        (expected, request) -> {
          Http.Result refused = admin.post(API, request);
          assertThat(refused.status()).as(expected + ": " + refused.body()).isEqualTo(400);
          assertThat(refused.json().path("error").asText()).isEqualTo("invalid_request");
          assertThat(refused.json().path("error_description").asText())
              .as(expected)
              .contains(expected.strip());
        });
    assertThat(realmExists(admin, code)).isFalse();
    assertThat(realmExists(admin, "upper-case")).isFalse();
  }

  @Test
  void aBodyThatIsNotStrictJsonIsRefused(AdminApi admin, Http http) {
    String code = code();
    Map<String, String> headers = Map.of("Authorization", admin.authorization());
    String json = Http.toJson(body(code));
    Http.Result duplicate =
        http.postJson(API, json.replace("{\"code\"", "{\"code\":\"x\",\"code\""), headers);
    assertThat(duplicate.status()).isEqualTo(400);
    assertThat(duplicate.json().path("error_description").asText()).contains("'code'");
    Http.Result plain =
        http.send(
            http.request(API, headers)
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build());
    assertThat(plain.status()).isEqualTo(415);
    assertThat(realmExists(admin, code)).isFalse();
  }

  @Test
  void onlyMasterAdministratorsWhoMayCreateRealmsOnboard(AdminApi admin, Http http) {
    String code = code();
    // Anonymous: Keycloak's admin authentication answers first.
    assertThat(as(http, null, API, body(code)).status()).isEqualTo(401);

    // Under another realm the path does not exist, even for the master administrator.
    String other = "/admin/realms/" + DemoRealm.NAME + "/organisations";
    Http.Result elsewhere = admin.post(other, body(code));
    assertThat(elsewhere.status()).isIn(403, 404);

    // A master user without create-realm (here: view-realm of master only) is refused.
    String viewer = masterUser(admin, UniqueNames.of("viewer"), List.of());
    assertThat(as(http, masterToken(http, viewer), API, body(code)).status()).isEqualTo(403);
    // The demo organisation's administrator, with all its admin rights there, is refused too.
    String demoAdmin =
        http.passwordGrant(
                DemoRealm.NAME, "admin-cli", DemoRealm.ADMIN_USERNAME, DemoRealm.ADMIN_PASSWORD)
            .accessToken();
    assertThat(as(http, demoAdmin, API, body(code)).status()).isEqualTo(403);
    assertThat(realmExists(admin, code)).isFalse();

    // A master user with create-realm only may onboard, and administers what it created, as with
    // Keycloak's own realm creation.
    String creator = masterUser(admin, UniqueNames.of("creator"), List.of("create-realm"));
    Http.Result created = as(http, masterToken(http, creator), API, body(code));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    Map<String, String> headers = Map.of("Authorization", "Bearer " + masterToken(http, creator));
    assertThat(http.get("/admin/realms/" + code + "/organisation-settings", headers).status())
        .isEqualTo(200);
  }

  static String masterToken(Http http, String username) {
    return http.passwordGrant("master", "admin-cli", username, "Creator-1!").accessToken();
  }

  /** A user of master with the given master realm roles; returns the username. */
  static String masterUser(AdminApi admin, String username, List<String> roles) {
    Map<String, Object> user = new LinkedHashMap<>();
    user.put("username", username);
    user.put("enabled", true);
    user.put("firstName", "Platform");
    user.put("lastName", "Operator");
    user.put("email", username + "@example.invalid");
    user.put("emailVerified", true);
    user.put(
        "credentials",
        List.of(Map.of("type", "password", "value", "Creator-1!", "temporary", false)));
    String id = AdminApi.createdId(admin.post("/admin/realms/master/users", user));
    CREATED_USERS.add(id);
    List<Object> reps = new ArrayList<>();
    for (String role : roles) {
      reps.add(
          Http.JSON.convertValue(admin.getJson("/admin/realms/master/roles/" + role), Map.class));
    }
    if (!reps.isEmpty()) {
      Http.Result mapped =
          admin.post("/admin/realms/master/users/" + id + "/role-mappings/realm", reps);
      assertThat(mapped.status()).isEqualTo(204);
    }
    return username;
  }

  private static final List<String> CREATED_USERS = new ArrayList<>();

  @AfterAll
  static void dropUsers(AdminApi admin) {
    CREATED_USERS.forEach(id -> admin.delete("/admin/realms/master/users/" + id));
  }

  private static Map<String, Object> with(Map<String, Object> body, String field, Object value) {
    body.put(field, value);
    return body;
  }

  private static Map<String, Object> without(Map<String, Object> body, String field) {
    body.remove(field);
    return body;
  }
}
