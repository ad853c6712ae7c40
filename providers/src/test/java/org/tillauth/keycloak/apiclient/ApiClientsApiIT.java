package org.tillauth.keycloak.apiclient;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tillauth.keycloak.admin.AdminErrors;
import org.tillauth.keycloak.testing.AdminApi;
import org.tillauth.keycloak.testing.Http;
import org.tillauth.keycloak.testing.Jwt;
import org.tillauth.keycloak.testing.KeycloakIT;
import org.tillauth.keycloak.testing.RealmFixtures;

/**
 * {@code /admin/realms/{realm}/api-clients}: every endpoint and every error, against the real
 * server.
 */
@KeycloakIT
class ApiClientsApiIT {

  private static final String REALM = "demo-org";
  private static final String BASE = "/admin/realms/" + REALM;
  private static final String API = BASE + "/api-clients";

  private static RealmFixtures fixtures;
  private final List<String> registered = new ArrayList<>();

  @BeforeAll
  static void fixtures(AdminApi admin) {
    fixtures = new RealmFixtures(admin, REALM, "apic");
  }

  @AfterAll
  static void cleanUp() {
    fixtures.close();
  }

  @AfterEach
  void deleteRegistered(AdminApi admin) {
    registered.forEach(id -> admin.delete(API + "/" + id));
    registered.clear();
  }

  static Map<String, Object> body(String name) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("name", name);
    body.put("description", "Integration test client");
    body.put("tokenExpiry", "30m");
    body.put("defaultTill", "store.server");
    body.put("useDefaultTillForInvalidTill", true);
    body.put("accessGroup", "POS");
    return body;
  }

  private JsonNode register(AdminApi admin, Map<String, Object> body) {
    Http.Result result = admin.post(API, body);
    assertThat(result.status()).as(result.body()).isEqualTo(201);
    JsonNode created = result.json();
    registered.add(created.path("id").asText());
    return created;
  }

  @Test
  void registerReturnsKeyAndSecretOnceAndCreatesAnOrdinaryWorkingClient(AdminApi admin, Http http) {
    String name = fixtures.name("Loyalty sync");
    Http.Result result = admin.post(API, body(name));
    assertThat(result.status()).as(result.body()).isEqualTo(201);
    assertThat(result.header("Cache-Control")).contains("no-store");
    JsonNode created = result.json();
    String id = created.path("id").asText();
    registered.add(id);
    assertThat(result.header("Location")).endsWith("/api-clients/" + id);
    String key = created.path("clientKey").asText();
    String secret = created.path("clientSecret").asText();
    assertThat(key).matches("[a-z0-9]{20}");
    assertThat(secret).hasSize(43);
    assertThat(created.path("name").asText()).isEqualTo(name);
    assertThat(created.path("tokenExpiry").asText()).isEqualTo("30m");

    // Never again: list, read, the stock client representation and its client-secret endpoint.
    assertThat(admin.get(API).body()).contains(key).doesNotContain(secret);
    JsonNode read = admin.getJson(API + "/" + id);
    assertThat(read.toString()).doesNotContain(secret);
    assertThat(read.has("clientSecret")).isFalse();
    assertThat(read.path("defaultTill").asText()).isEqualTo("store.server");
    assertThat(read.path("accessGroup").asText()).isEqualTo("POS");
    assertThat(read.path("useDefaultTillForInvalidTill").asBoolean()).isTrue();
    assertThat(read.path("hasSecret").asBoolean()).isTrue();
    JsonNode client = admin.getJson(BASE + "/clients/" + id);
    assertThat(client.toString()).doesNotContain(secret);
    assertThat(client.path("clientId").asText()).isEqualTo(key);
    assertThat(client.path("publicClient").asBoolean()).isFalse();
    assertThat(client.path("serviceAccountsEnabled").asBoolean()).isTrue();
    assertThat(client.path("clientAuthenticatorType").asText()).isEqualTo("client-secret-hashed");
    assertThat(client.path("attributes").path("access.token.lifespan").asText()).isEqualTo("1800");
    assertThat(client.path("protocolMappers").findValuesAsText("protocolMapper"))
        .containsExactlyInAnyOrder("till-attribution-mapper", "access-group-mapper");
    assertThat(admin.getJson(BASE + "/clients/" + id + "/client-secret").toString())
        .doesNotContain(secret);
    assertThat(
            admin
                .getJson(BASE + "/clients/" + id + "/service-account-user")
                .path("username")
                .asText())
        .isEqualTo("service-account-" + key);

    // The secret works, with the registered attribution, access group and lifespan.
    Http.Result token = http.clientCredentials(REALM, key, secret, Map.of());
    Map<String, Object> claims = Jwt.claims(token.accessToken());
    assertThat(claims.get("till_code")).isEqualTo("store.server");
    assertThat(claims.get("till_attribution")).isEqualTo("default");
    assertThat(claims.get("access_group")).isEqualTo("POS");
    assertThat(lifetime(claims)).isEqualTo(1800L);
    assertThat(
            Jwt.claims(
                    http.clientCredentials(
                            REALM, key, secret, Map.of("X-CAP-API-ATTRIBUTION-ENTITY-CODE", "nope"))
                        .accessToken())
                .get("till_attribution"))
        .as("fallback on")
        .isEqualTo("fallback");
  }

  @Test
  void everyBadRegistrationIs400WithTheExtensionsTextAndLeavesNothingBehind(AdminApi admin) {
    String disabledTill = fixtures.name("till-off");
    fixtures.user(disabledTill, "Secret123!", false, List.of("till"), List.of("/stores/store-001"));
    String existing = fixtures.name("Existing");
    register(admin, body(existing));
    Snapshot before = Snapshot.take(admin);

    String name = fixtures.name("Broken");
    Map<String, Map<String, Object>> cases = new LinkedHashMap<>();
    Map<String, String> expected = new LinkedHashMap<>();
    add(
        cases,
        expected,
        "Token expiry duration cannot exceed 60 minutes",
        name,
        "tokenExpiry",
        "61m");
    add(
        cases,
        expected,
        "Token expiry duration cannot exceed 60 minutes",
        name,
        "tokenExpiry",
        "2h");
    add(cases, expected, ApiClientErrors.EXPIRY_SYNTAX, name, "tokenExpiry", "soon");
    add(cases, expected, ApiClientErrors.EXPIRY_TOO_SHORT, name, "tokenExpiry", "0m");
    add(
        cases,
        expected,
        "Default till code \"nope\" is not an enabled till of realm demo-org",
        name,
        "defaultTill",
        "nope");
    add(
        cases,
        expected,
        "Default till code \"" + disabledTill + "\" is not an enabled till of realm demo-org",
        name,
        "defaultTill",
        disabledTill);
    add(
        cases,
        expected,
        "Access group \"Nope\" does not exist under /access-groups",
        name,
        "accessGroup",
        "Nope");
    add(cases, expected, "Field 'accessGroup' is required", name, "accessGroup", null);
    add(cases, expected, "Field 'defaultTill' is required", name, "defaultTill", "");
    add(cases, expected, "Field 'name' is required", null, "name", "  ");
    add(
        cases,
        expected,
        "Field 'useDefaultTillForInvalidTill' must be true or false",
        name,
        "useDefaultTillForInvalidTill",
        "yes");
    add(cases, expected, "Unknown field 'secret'", name, "secret", "chosen");
    add(
        cases,
        expected,
        "An API client named \"" + existing.toUpperCase() + "\" already exists",
        existing.toUpperCase(),
        "name",
        existing.toUpperCase());

    cases.forEach(
        (label, body) -> {
          Http.Result result = admin.post(API, body);
          assertThat(result.status()).as(label + ": " + result.body()).isEqualTo(400);
          assertThat(result.json().path("error_description").asText())
              .as(label)
              .isEqualTo(expected.get(label));
          assertThat(result.json().path("error").asText()).isNotBlank();
        });
    for (String raw : List.of("", "[]", "{", "\"x\"")) {
      Http.Result result = admin.post(API, raw);
      assertThat(result.status()).as(raw).isEqualTo(400);
      assertThat(result.json().path("error_description").asText()).isEqualTo(AdminErrors.NOT_JSON);
    }
    assertThat(Snapshot.take(admin)).isEqualTo(before);
  }

  private static void add(
      Map<String, Map<String, Object>> cases,
      Map<String, String> expected,
      String message,
      String name,
      String field,
      Object value) {
    Map<String, Object> body = body(name == null ? "x" : name);
    body.put(field, value);
    if (value == null) {
      body.remove(field);
    }
    String label = field + "=" + value;
    cases.put(label, body);
    expected.put(label, message);
  }

  @Test
  void theLimitIsCheckedInTheSameTransactionSoARefusedClientLeavesNoTrace(
      AdminApi admin, Http http) {
    register(admin, body(fixtures.name("Already there")));
    String legacy = fixtures.name("legacy-at-limit");
    String legacyId =
        fixtures.confidentialClient(legacy, "legacy-plain-secret", Map.of(), List.of());
    Snapshot before = Snapshot.take(admin);
    int current = admin.getJson(API + "/settings").path("clients").asInt();
    assertThat(admin.getJson(API + "/settings").path("maxClients").asInt()).isEqualTo(15);
    setRealmLimit(admin, String.valueOf(current));
    try {
      assertThat(admin.getJson(API + "/settings").path("maxClients").asInt()).isEqualTo(current);
      Http.Result refused = admin.post(API, body(fixtures.name("One too many")));
      assertThat(refused.status()).as(refused.body()).isEqualTo(400);
      assertThat(refused.json().path("error_description").asText())
          .isEqualTo(String.format(ApiClientErrors.LIMIT_REACHED, current));
      assertThat(Snapshot.take(admin)).isEqualTo(before);

      // Moving a plain-secret client onto a hashed one would make it one more API client.
      Http.Result moved = admin.post(API + "/" + legacyId + "/secret", "");
      assertThat(moved.status()).as(moved.body()).isEqualTo(400);
      assertThat(moved.json().path("error_description").asText())
          .isEqualTo(String.format(ApiClientErrors.LIMIT_REACHED, current));
      assertThat(http.clientCredentials(REALM, legacy, "legacy-plain-secret", Map.of()).status())
          .as("the plain secret still works: nothing was changed")
          .isEqualTo(200);
      assertThat(Snapshot.take(admin)).isEqualTo(before);

      setRealmLimit(admin, String.valueOf(current + 1));
      register(admin, body(fixtures.name("Within limit")));
    } finally {
      setRealmLimit(admin, "");
    }
  }

  private static void setRealmLimit(AdminApi admin, String value) {
    RealmFixtures.expect(
        admin.put(BASE, Map.of("attributes", Map.of("tillauth.api-clients.max", value))), 204);
  }

  @Test
  void updateChangesSettingsThroughTheSameValidation(AdminApi admin, Http http) {
    JsonNode created = register(admin, body(fixtures.name("Updatable")));
    String id = created.path("id").asText();
    String key = created.path("clientKey").asText();
    String secret = created.path("clientSecret").asText();

    Http.Result tooLong = admin.put(API + "/" + id, Map.of("tokenExpiry", "90m"));
    assertThat(tooLong.status()).isEqualTo(400);
    assertThat(tooLong.json().path("error_description").asText())
        .isEqualTo("Token expiry duration cannot exceed 60 minutes");
    Http.Result badGroup = admin.put(API + "/" + id, Map.of("accessGroup", "Ghost"));
    assertThat(badGroup.json().path("error_description").asText())
        .isEqualTo("Access group \"Ghost\" does not exist under /access-groups");
    assertThat(admin.getJson(API + "/" + id).path("tokenExpiry").asText()).isEqualTo("30m");

    Map<String, Object> change = new LinkedHashMap<>();
    change.put("name", fixtures.name("Renamed"));
    change.put("tokenExpiry", "1h");
    change.put("defaultTill", "till-002");
    change.put("useDefaultTillForInvalidTill", false);
    change.put("accessGroup", "Admin");
    Http.Result updated = admin.put(API + "/" + id, change);
    assertThat(updated.status()).as(updated.body()).isEqualTo(200);
    assertThat(updated.json().path("tokenExpiry").asText()).isEqualTo("1h");
    assertThat(updated.body()).doesNotContain(secret);

    Map<String, Object> claims =
        Jwt.claims(http.clientCredentials(REALM, key, secret, Map.of()).accessToken());
    assertThat(claims.get("till_code")).isEqualTo("till-002");
    assertThat(claims.get("access_group")).isEqualTo("Admin");
    assertThat(lifetime(claims)).isEqualTo(3600L);
    assertThat(
            http.clientCredentials(
                    REALM, key, secret, Map.of("X-CAP-API-ATTRIBUTION-ENTITY-CODE", "nope"))
                .status())
        .as("fallback now off")
        .isEqualTo(400);
  }

  @Test
  void regenerateIssuesANewSecretOnceAndEndsTheOldOneAfterTheGracePeriod(
      AdminApi admin, Http http) {
    JsonNode created = register(admin, body(fixtures.name("Rotating")));
    String id = created.path("id").asText();
    String key = created.path("clientKey").asText();
    String first = created.path("clientSecret").asText();

    Http.Result immediate = admin.post(API + "/" + id + "/secret", "");
    assertThat(immediate.status()).as(immediate.body()).isEqualTo(200);
    String second = immediate.json().path("clientSecret").asText();
    assertThat(second).hasSize(43).isNotEqualTo(first);
    assertThat(immediate.json().path("previousSecretValidUntil").asLong(0)).isZero();
    assertThat(http.clientCredentials(REALM, key, first, Map.of()).status()).isEqualTo(401);
    assertThat(http.clientCredentials(REALM, key, second, Map.of()).status()).isEqualTo(200);

    Http.Result graceful = admin.post(API + "/" + id + "/secret", Map.of("gracePeriod", "3s"));
    assertThat(graceful.status()).as(graceful.body()).isEqualTo(200);
    String third = graceful.json().path("clientSecret").asText();
    assertThat(graceful.json().path("previousSecretValidUntil").asLong()).isPositive();
    assertThat(admin.getJson(API + "/" + id).path("previousSecretValidUntil").asLong())
        .isEqualTo(graceful.json().path("previousSecretValidUntil").asLong());
    assertThat(http.clientCredentials(REALM, key, second, Map.of()).status())
        .as("previous secret within the grace period")
        .isEqualTo(200);
    assertThat(http.clientCredentials(REALM, key, third, Map.of()).status()).isEqualTo(200);
    // The old secret works while the server's clock (this machine's, in seconds) is before it.
    long until = graceful.json().path("previousSecretValidUntil").asLong() * 1000;
    try {
      Thread.sleep(Math.max(0, until + 200 - System.currentTimeMillis()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    assertThat(http.clientCredentials(REALM, key, second, Map.of()).status())
        .as("previous secret after the grace period")
        .isEqualTo(401);
    assertThat(http.clientCredentials(REALM, key, third, Map.of()).status()).isEqualTo(200);

    for (Object bad : List.of("soon", "31d", "-1s", true)) {
      Http.Result refused = admin.post(API + "/" + id + "/secret", Map.of("gracePeriod", bad));
      assertThat(refused.status()).as(String.valueOf(bad)).isEqualTo(400);
      assertThat(refused.json().path("error_description").asText())
          .isEqualTo(ApiClientErrors.GRACE_SYNTAX);
    }
    assertThat(http.clientCredentials(REALM, key, third, Map.of()).status())
        .as("a refused regeneration changes nothing")
        .isEqualTo(200);
  }

  @Test
  void keycloaksOwnRegenerateIsRefusedForAHashedClientAndChangesNothing(AdminApi admin, Http http) {
    JsonNode created = register(admin, body(fixtures.name("Stock regenerate")));
    String id = created.path("id").asText();
    String key = created.path("clientKey").asText();
    String secret = created.path("clientSecret").asText();

    Http.Result refused = admin.post(BASE + "/clients/" + id + "/client-secret", "");
    assertThat(refused.status()).as(refused.body()).isEqualTo(400);
    assertThat(refused.json().path("error_description").asText())
        .isEqualTo(
            "The secret of client \""
                + key
                + "\" is kept only as a hash (Client Id and Secret (hashed)): generate a new one"
                + " with POST /admin/realms/"
                + REALM
                + "/api-clients/"
                + id
                + "/secret or on the administration page");
    assertThat(
            admin.getJson(BASE + "/clients/" + id + "/client-secret").path("value").isMissingNode()
                || admin.getJson(BASE + "/clients/" + id + "/client-secret").path("value").isNull())
        .as("no plain secret was kept")
        .isTrue();
    assertThat(http.clientCredentials(REALM, key, secret, Map.of()).status()).isEqualTo(200);
  }

  @Test
  void anExistingPlainSecretClientMovesToAHashedSecretShownOnce(AdminApi admin, Http http) {
    String clientId = fixtures.name("legacy");
    String uuid = fixtures.confidentialClient(clientId, "legacy-plain-secret", Map.of(), List.of());
    assertThat(http.clientCredentials(REALM, clientId, "legacy-plain-secret", Map.of()).status())
        .isEqualTo(200);

    Http.Result moved = admin.post(API + "/" + uuid + "/secret", "");
    assertThat(moved.status()).as(moved.body()).isEqualTo(200);
    String secret = moved.json().path("clientSecret").asText();

    JsonNode client = admin.getJson(BASE + "/clients/" + uuid);
    assertThat(client.path("clientAuthenticatorType").asText()).isEqualTo("client-secret-hashed");
    assertThat(client.toString()).doesNotContain("legacy-plain-secret").doesNotContain(secret);
    assertThat(http.clientCredentials(REALM, clientId, "legacy-plain-secret", Map.of()).status())
        .isEqualTo(401);
    assertThat(http.clientCredentials(REALM, clientId, secret, Map.of()).status()).isEqualTo(200);

    String publicClient = fixtures.passwordClient(fixtures.name("public"), List.of());
    Http.Result refused = admin.post(API + "/" + publicClient + "/secret", "");
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.json().path("error_description").asText())
        .isEqualTo(ApiClientErrors.NOT_CONFIDENTIAL);
  }

  @Test
  void deleteRemovesTheClientAndItsServiceAccount(AdminApi admin, Http http) {
    JsonNode created = register(admin, body(fixtures.name("Doomed")));
    String id = created.path("id").asText();
    String key = created.path("clientKey").asText();

    assertThat(admin.delete(API + "/" + id).status()).isEqualTo(204);
    assertThat(admin.get(API + "/" + id).status()).isEqualTo(404);
    assertThat(admin.get(API + "/" + id).json().path("error_description").asText())
        .isEqualTo(ApiClientErrors.NOT_FOUND);
    assertThat(admin.get(BASE + "/clients/" + id).status()).isEqualTo(404);
    assertThat(
            admin.getJson(
                BASE
                    + "/users?briefRepresentation=true&exact=true&username=service-account-"
                    + key))
        .isEmpty();
    assertThat(
            http.clientCredentials(REALM, key, created.path("clientSecret").asText(), Map.of())
                .status())
        .isEqualTo(401);
    assertThat(admin.delete(API + "/" + id).status()).isEqualTo(404);
    String plain = fixtures.confidentialClient(fixtures.name("not-api"), "x", Map.of(), List.of());
    assertThat(admin.get(API + "/" + plain).status()).as("not an API client").isEqualTo(404);
    assertThat(admin.delete(API + "/" + plain).status()).isEqualTo(404);
  }

  @Test
  void validateButtonAndAccessGroupDropDown(AdminApi admin) {
    JsonNode till = admin.getJson(API + "/default-till?code=store.server");
    assertThat(till.path("defaultTill").asText()).isEqualTo("store.server");
    assertThat(till.path("storeCode").asText()).isEqualTo("store-001");
    Http.Result unknown = admin.get(API + "/default-till?code=nope");
    assertThat(unknown.status()).isEqualTo(400);
    assertThat(unknown.json().path("error_description").asText())
        .isEqualTo("Default till code \"nope\" is not an enabled till of realm demo-org");
    Http.Result empty = admin.get(API + "/default-till?code=");
    assertThat(empty.json().path("error_description").asText())
        .isEqualTo("Default till code is required");

    JsonNode groups = admin.getJson(API + "/access-groups");
    assertThat(groups.findValuesAsText("name")).contains("POS", "Admin");
    assertThat(groups.findValuesAsText("path")).contains("/access-groups/POS");

    JsonNode settings = admin.getJson(API + "/settings");
    assertThat(settings.path("maxTokenExpiry").asText()).isEqualTo("60m");
    assertThat(settings.path("maxTokenExpiryText").asText()).isEqualTo("60 minutes");
  }

  @Test
  void aRealmWithoutThePageClientGetsItOnRequest(AdminApi admin) {
    JsonNode existing = admin.getJson(BASE + "/clients?clientId=till-admin");
    assertThat(existing).as("created with the imported realm").hasSize(1);
    assertThat(existing.get(0).path("baseUrl").asText()).isEqualTo("/realms/demo-org/till-admin/");
    RealmFixtures.expect(
        admin.delete(BASE + "/clients/" + existing.get(0).path("id").asText()), 204);

    Http.Result created = admin.post(API + "/page-client", "");
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat(created.json().path("pageUrl").asText()).endsWith("/realms/demo-org/till-admin/");
    JsonNode client = admin.getJson(BASE + "/clients?clientId=till-admin").get(0);
    assertThat(client.path("publicClient").asBoolean()).isTrue();
    assertThat(client.path("redirectUris").get(0).asText())
        .isEqualTo("/realms/demo-org/till-admin/*");
    assertThat(client.path("attributes").path("pkce.code.challenge.method").asText())
        .isEqualTo("S256");
    assertThat(admin.post(API + "/page-client", "").status()).isEqualTo(200);
  }

  @Test
  void viewClientsMayReadManageClientsMayWriteOthersAreRefused(AdminApi admin, Http http) {
    String viewer = fixtures.name("viewer");
    String nobody = fixtures.name("nobody");
    String viewerId = fixtures.user(viewer, "Viewer123!", true, List.of(), List.of());
    fixtures.user(nobody, "Nobody123!", true, List.of(), List.of());
    String realmManagement = admin.clientUuid(REALM, "realm-management");
    JsonNode viewClients =
        admin.getJson(BASE + "/clients/" + realmManagement + "/roles/view-clients");
    RealmFixtures.expect(
        admin.post(
            BASE + "/users/" + viewerId + "/role-mappings/clients/" + realmManagement,
            List.of(Http.JSON.convertValue(viewClients, Map.class))),
        204);
    String viewerToken = http.passwordGrant(REALM, "admin-cli", viewer, "Viewer123!").accessToken();
    String nobodyToken = http.passwordGrant(REALM, "admin-cli", nobody, "Nobody123!").accessToken();

    assertThat(as(http, viewerToken, "GET", API, null).status()).isEqualTo(200);
    assertThat(as(http, viewerToken, "GET", API + "/access-groups", null).status()).isEqualTo(200);
    assertThat(as(http, viewerToken, "GET", API + "/default-till?code=store.server", null).status())
        .as("till validation reveals tills: manage-clients only")
        .isEqualTo(403);
    assertThat(as(http, viewerToken, "POST", API, Http.toJson(body(fixtures.name("No")))).status())
        .isEqualTo(403);
    assertThat(as(http, nobodyToken, "GET", API, null).status()).isEqualTo(403);
    assertThat(as(http, null, "GET", API, null).status()).isEqualTo(401);
    assertThat(as(http, null, "POST", API, Http.toJson(body(fixtures.name("No")))).status())
        .isEqualTo(401);
  }

  private static long lifetime(Map<String, Object> claims) {
    return ((Number) claims.get("exp")).longValue() - ((Number) claims.get("iat")).longValue();
  }

  private static Http.Result as(Http http, String token, String method, String path, String body) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "application/json");
    if (token != null) {
      headers.put("Authorization", "Bearer " + token);
    }
    var request = http.request(path, headers);
    request.method(
        method,
        body == null
            ? java.net.http.HttpRequest.BodyPublishers.noBody()
            : java.net.http.HttpRequest.BodyPublishers.ofString(body));
    return http.send(request.build());
  }

  /** The realm's clients, protocol mappers and service-account users, to prove nothing was left. */
  record Snapshot(Set<String> clients, Set<String> mappers, Set<String> serviceAccounts) {
    static Snapshot take(AdminApi admin) {
      Set<String> clients = new TreeSet<>();
      Set<String> mappers = new TreeSet<>();
      for (JsonNode client : admin.getJson(BASE + "/clients?max=1000")) {
        clients.add(client.path("id").asText());
        client.path("protocolMappers").forEach(m -> mappers.add(m.path("id").asText()));
      }
      Set<String> accounts = new TreeSet<>();
      for (JsonNode user :
          admin.getJson(
              BASE + "/users?briefRepresentation=true&max=1000&search=service-account-")) {
        accounts.add(user.path("username").asText());
      }
      return new Snapshot(clients, mappers, accounts);
    }
  }
}
