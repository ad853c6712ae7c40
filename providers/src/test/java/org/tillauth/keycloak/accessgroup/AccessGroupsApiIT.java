package org.tillauth.keycloak.accessgroup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tillauth.keycloak.testing.RealmFixtures.mapper;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tillauth.keycloak.testing.AdminApi;
import org.tillauth.keycloak.testing.Http;
import org.tillauth.keycloak.testing.Jwt;
import org.tillauth.keycloak.testing.KeycloakIT;
import org.tillauth.keycloak.testing.RealmFixtures;

/**
 * {@code /admin/realms/{realm}/access-groups}: every endpoint, every refusal, the permissions, and
 * the effect on API-client tokens, against the real server.
 */
@KeycloakIT
class AccessGroupsApiIT {

  private static final String REALM = "demo-org";
  private static final String BASE = "/admin/realms/" + REALM;
  private static final String API = BASE + "/access-groups";
  private static final String API_CLIENTS = BASE + "/api-clients";

  private static RealmFixtures fixtures;
  private final List<String> groups = new ArrayList<>();
  private final List<String> apiClients = new ArrayList<>();

  /** An API client registered through /api-clients: its id, key and the secret shown once. */
  record Registered(String id, String key, String secret) {}

  @BeforeAll
  static void fixtures(AdminApi admin) {
    fixtures = new RealmFixtures(admin, REALM, "agapi");
  }

  @AfterAll
  static void cleanUp() {
    fixtures.close();
  }

  @AfterEach
  void deleteCreated(AdminApi admin) {
    apiClients.forEach(id -> admin.delete(API_CLIENTS + "/" + id));
    apiClients.clear();
    for (String name : groups) {
      Http.Result group = admin.get(BASE + "/group-by-path/access-groups/" + encode(name));
      if (group.status() == 200) {
        admin.delete(BASE + "/groups/" + group.json().path("id").asText());
      }
    }
    groups.clear();
  }

  @Test
  void theCatalogueAndTheBuiltInGroups(AdminApi admin) {
    JsonNode catalogue = admin.getJson(API + "/resources");
    assertThat(catalogue.path("apis").findValuesAsText("name"))
        .containsExactly("Data API", "Config API");
    assertThat(catalogue.path("apis").findValuesAsText("id")).containsExactly("data", "config");
    assertThat(catalogue.path("resources")).hasSize(22);
    assertThat(catalogue.path("resources").get(0).path("id").asText()).isEqualTo("customer");
    assertThat(catalogue.path("resources").get(0).path("name").asText()).isEqualTo("Customer");
    assertThat(catalogue.path("resources").findValuesAsText("name"))
        .contains("Points", "Transaction", "Store", "Product", "Organization Data Fields", "OTP");
    assertThat(catalogue.path("levels").findValuesAsText("id"))
        .containsExactly("none", "read", "write");

    JsonNode list = admin.getJson(API);
    assertThat(list.findValuesAsText("name")).contains("Admin", "Instore", "POS");
    for (String builtIn : List.of("Admin", "Instore", "POS")) {
      JsonNode group = byName(list, builtIn);
      assertThat(group.path("builtIn").asBoolean()).as(builtIn).isTrue();
      assertThat(group.path("active").asBoolean()).as(builtIn).isTrue();
      assertThat(group.path("problems")).as(builtIn).isEmpty();
    }
    JsonNode pos = admin.getJson(API + "/POS");
    assertThat(pos.path("path").asText()).isEqualTo("/access-groups/POS");
    assertThat(pos.path("description").asText()).isEqualTo("Point-of-sale integrations");
    assertThat(Http.JSON.convertValue(pos.path("permissions"), Map.class))
        .isEqualTo(
            Map.of(
                "data",
                Map.of(
                    "customer", "write",
                    "points", "read",
                    "product", "read",
                    "store", "read",
                    "transaction", "write"),
                "config",
                Map.of("store", "read")));
    assertThat(pos.path("inUse").asBoolean()).isTrue();
    assertThat(pos.path("apiClients").findValuesAsText("clientKey")).contains("demo-integration");
  }

  @Test
  void createUseEditDeactivateAndDelete(AdminApi admin, Http http) {
    String name = fixtures.name("Loyalty sync");
    Http.Result created =
        admin.post(
            API,
            body(
                name,
                Map.of(
                    "data", Map.of("points", "write", "customer", "read", "otp", "none"),
                    "config", Map.of("store", "read"))));
    groups.add(name);
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat(created.header("Location")).endsWith("/access-groups/" + encode(name));
    JsonNode group = created.json();
    assertThat(group.path("builtIn").asBoolean()).isFalse();
    assertThat(group.path("active").asBoolean()).isTrue();
    assertThat(group.path("inUse").asBoolean()).isFalse();
    assertThat(group.path("apiClients")).isEmpty();
    assertThat(group.path("permissions").path("data").path("points").asText()).isEqualTo("write");
    assertThat(group.path("permissions").path("data").has("otp")).as("none is left out").isFalse();
    assertThat(admin.getJson(API + "/" + encode(name))).isEqualTo(group);

    // An ordinary Keycloak group with the attributes the token mapper reads.
    JsonNode keycloakGroup = admin.getJson(BASE + "/group-by-path/access-groups/" + encode(name));
    assertThat(keycloakGroup.path("attributes").path("data.points").get(0).asText())
        .isEqualTo("write");
    assertThat(keycloakGroup.path("attributes").path("config.store").get(0).asText())
        .isEqualTo("read");
    assertThat(keycloakGroup.path("attributes").has("data.otp")).isFalse();

    // Offered for API clients and carried in their tokens.
    assertThat(admin.getJson(API_CLIENTS + "/access-groups").findValuesAsText("name"))
        .contains(name);
    Registered client = registerApiClient(admin, name);
    Map<String, Object> claims = claims(http, client);
    assertThat(claims.get("access_group")).isEqualTo(name);
    assertThat(claims.get("access_group_permissions"))
        .isEqualTo(List.of("config:store:read", "data:customer:read", "data:points:write"));
    JsonNode used = admin.getJson(API + "/" + encode(name));
    assertThat(used.path("inUse").asBoolean()).isTrue();
    assertThat(used.path("apiClients").findValuesAsText("clientKey")).containsExactly(client.key());

    // Edited: the whole matrix is replaced; the next token shows it.
    Http.Result edited =
        admin.put(
            API + "/" + encode(name),
            Map.of(
                "description",
                "Hourly points sync",
                "permissions",
                Map.of("data", Map.of("transaction", "write"))));
    assertThat(edited.status()).as(edited.body()).isEqualTo(200);
    assertThat(edited.json().path("description").asText()).isEqualTo("Hourly points sync");
    assertThat(Http.JSON.convertValue(edited.json().path("permissions"), Map.class))
        .isEqualTo(Map.of("data", Map.of("transaction", "write"), "config", Map.of()));
    assertThat(claims(http, client).get("access_group_permissions"))
        .isEqualTo(List.of("data:transaction:write"));

    // While the client uses it: neither deleted nor deactivated, and the client is named.
    String inUse =
        "Access group \"%s\" cannot be %s while API clients use it: "
            + fixtures.name("client-" + name)
            + " ("
            + client.key()
            + ")";
    Http.Result refusedDelete = admin.delete(API + "/" + encode(name));
    assertThat(refusedDelete.status()).isEqualTo(400);
    assertThat(refusedDelete.json().path("error_description").asText())
        .isEqualTo(String.format(inUse, name, "deleted"));
    Http.Result refusedDeactivate = admin.put(API + "/" + encode(name), Map.of("active", false));
    assertThat(refusedDeactivate.status()).isEqualTo(400);
    assertThat(refusedDeactivate.json().path("error_description").asText())
        .isEqualTo(String.format(inUse, name, "deactivated"));
    assertThat(admin.getJson(API + "/" + encode(name)).path("active").asBoolean()).isTrue();

    // Once unused: deactivated, it is neither offered nor accepted for API clients.
    assertThat(admin.delete(API_CLIENTS + "/" + client.id()).status()).isEqualTo(204);
    Http.Result deactivated = admin.put(API + "/" + encode(name), Map.of("active", false));
    assertThat(deactivated.status()).as(deactivated.body()).isEqualTo(200);
    assertThat(deactivated.json().path("active").asBoolean()).isFalse();
    assertThat(admin.getJson(API_CLIENTS + "/access-groups").findValuesAsText("name"))
        .doesNotContain(name);
    Map<String, Object> registration = registration(name);
    Http.Result refused = admin.post(API_CLIENTS, registration);
    assertThat(refused.status()).as(refused.body()).isEqualTo(400);
    assertThat(refused.json().path("error_description").asText())
        .isEqualTo(
            "Access group \""
                + name
                + "\" is deactivated; activate it or choose another access group");
    Http.Result reassign =
        admin.put(
            API_CLIENTS + "/" + registerApiClient(admin, "POS").id(), Map.of("accessGroup", name));
    assertThat(reassign.status()).isEqualTo(400);

    // Activated again, then deleted.
    assertThat(
            admin
                .put(API + "/" + encode(name), Map.of("active", true))
                .json()
                .path("active")
                .asBoolean())
        .isTrue();
    assertThat(admin.getJson(API_CLIENTS + "/access-groups").findValuesAsText("name"))
        .contains(name);
    assertThat(admin.delete(API + "/" + encode(name)).status()).isEqualTo(204);
    Http.Result gone = admin.get(API + "/" + encode(name));
    assertThat(gone.status()).isEqualTo(404);
    assertThat(gone.json().path("error_description").asText()).isEqualTo("Access group not found");
    assertThat(admin.get(BASE + "/group-by-path/access-groups/" + encode(name)).status())
        .isEqualTo(404);
    assertThat(admin.delete(API + "/" + encode(name)).status()).isEqualTo(404);
    assertThat(admin.put(API + "/" + encode(name), Map.of("active", true)).status()).isEqualTo(404);
  }

  @Test
  void everyRefusalIs400WithItsTextAndSavesNothing(AdminApi admin) {
    String name = fixtures.name("Refusals");
    create(admin, body(name, Map.of("data", Map.of("points", "read"))));
    registerApiClient(admin, name);
    String before = snapshot(admin);

    Map<String, Object> cases = new LinkedHashMap<>();
    cases.put(
        "Unknown resource 'loyalty' in permissions.data (the resources are listed by GET"
            + " /access-groups/resources)",
        body(fixtures.name("a"), Map.of("data", Map.of("loyalty", "write"))));
    cases.put(
        "Permission data.customer must be one of none, read, write",
        body(fixtures.name("b"), Map.of("data", Map.of("customer", "full"))));
    cases.put(
        "Unknown API 'loyalty' in permissions (expected data or config)",
        body(fixtures.name("c"), Map.of("loyalty", Map.of())));
    cases.put(
        "An access group named \"POS\" already exists",
        body("pos", Map.of("data", Map.of("points", "read"))));
    cases.put(AccessGroupErrors.BAD_NAME, body("a/b", Map.of()));
    cases.put("Field 'name' is required", Map.of("description", "no name"));
    cases.put("Unknown field 'active'", Map.of("name", fixtures.name("d"), "active", false));
    cases.forEach(
        (message, body) -> {
          Http.Result result = admin.post(API, body);
          assertThat(result.status()).as(message + ": " + result.body()).isEqualTo(400);
          assertThat(result.json().path("error").asText()).isEqualTo("invalid_request");
          assertThat(result.json().path("error_description").asText()).isEqualTo(message);
        });
    for (String raw : List.of("", "[]", "{", "\"x\"")) {
      Http.Result result = admin.post(API, raw);
      assertThat(result.status()).as(raw).isEqualTo(400);
      assertThat(result.json().path("error_description").asText())
          .isEqualTo("Request body must be a JSON object");
    }

    // Updates: a valid description next to an invalid permission saves neither.
    String one = API + "/" + encode(name);
    Map<String, Object> halfValid =
        Map.of(
            "description",
            "changed",
            "permissions",
            Map.of("data", Map.of("points", "write"), "config", Map.of("points", "admin")));
    refused(admin.put(one, halfValid), "Permission config.points must be one of none, read, write");
    refused(
        admin.put(
            one, Map.of("active", false, "permissions", Map.of("data", Map.of("points", "write")))),
        "Access group \""
            + name
            + "\" cannot be deactivated while API clients use it: "
            + apiClientShown(admin, name));
    refused(
        admin.put(one, Map.of("name", name + "-renamed")),
        "An access group cannot be renamed (API clients refer to it by name); create a new one");
    refused(admin.put(one, Map.of("colour", "red")), "Unknown field 'colour'");

    // Built-in groups are read-only.
    String builtIn = "Access group \"POS\" is built in and cannot be changed or deleted";
    refused(admin.put(API + "/POS", Map.of("description", "mine now")), builtIn);
    refused(admin.put(API + "/POS", Map.of("active", false)), builtIn);
    refused(admin.delete(API + "/POS"), builtIn);
    refused(
        admin.delete(API + "/" + encode(name)),
        "Access group \""
            + name
            + "\" cannot be deleted while API clients use it: "
            + apiClientShown(admin, name));

    assertThat(snapshot(admin)).isEqualTo(before);
  }

  @Test
  void handEditedEntriesAreFlaggedUntilTheMatrixIsSavedAgain(AdminApi admin, Http http) {
    String name = fixtures.name("sloppy");
    groups.add(name);
    fixtures.childGroup(
        "/access-groups",
        name,
        Map.of(
            "data.loyalty", List.of("full"),
            "data.customer", List.of("admin"),
            "data.points", List.of("read"),
            "description", List.of("edited in the console")));

    JsonNode flagged = admin.getJson(API + "/" + encode(name));
    List<String> problems = new ArrayList<>();
    flagged.path("problems").forEach(p -> problems.add(p.asText()));
    assertThat(problems)
        .containsExactly(
            "attribute data.customer: value [admin] ignored (expected one of none, read, write)",
            "attribute data.loyalty: unknown resource 'loyalty' ignored");
    assertThat(Http.JSON.convertValue(flagged.path("permissions"), Map.class))
        .as("only valid entries, as in the token")
        .isEqualTo(Map.of("data", Map.of("points", "read"), "config", Map.of()));
    assertThat(byName(admin.getJson(API), name).path("problems")).hasSize(2);

    // The token path keeps ignoring them.
    Registered client = registerApiClient(admin, name);
    assertThat(claims(http, client).get("access_group_permissions"))
        .isEqualTo(List.of("data:points:read"));

    Http.Result saved =
        admin.put(
            API + "/" + encode(name),
            Map.of("permissions", Map.of("data", Map.of("points", "read", "customer", "write"))));
    assertThat(saved.status()).as(saved.body()).isEqualTo(200);
    assertThat(saved.json().path("problems")).isEmpty();
    JsonNode attributes =
        admin.getJson(BASE + "/group-by-path/access-groups/" + encode(name)).path("attributes");
    assertThat(attributes.has("data.loyalty")).isFalse();
    assertThat(attributes.path("data.customer").get(0).asText()).isEqualTo("write");
    assertThat(attributes.path("description").get(0).asText())
        .as("other attributes stay")
        .isEqualTo("edited in the console");
    assertThat(claims(http, client).get("access_group_permissions"))
        .isEqualTo(List.of("data:customer:write", "data:points:read"));
  }

  @Test
  void aDeactivatedGroupGrantsNothingToAClientThatBypassedTheCheck(AdminApi admin, Http http) {
    String name = fixtures.name("retired");
    create(admin, body(name, Map.of("data", Map.of("points", "write"))));
    assertThat(admin.put(API + "/" + encode(name), Map.of("active", false)).status())
        .isEqualTo(200);
    // Keycloak does not validate mappers embedded in a client representation.
    String clientId = fixtures.name("bypass");
    fixtures.confidentialClient(
        clientId,
        "bypass-secret",
        Map.of(),
        List.of(
            mapper("access group", AccessGroupMapper.PROVIDER_ID, Map.of("access.group", name))));
    Map<String, Object> claims =
        Jwt.claims(
            http.clientCredentials(REALM, clientId, "bypass-secret", Map.of()).accessToken());
    assertThat(claims.get("access_group")).isEqualTo(name);
    assertThat(claims.get("access_group_permissions")).isEqualTo(List.of());
    assertThat(admin.getJson(API + "/" + encode(name)).path("inUse").asBoolean()).isTrue();
  }

  @Test
  void viewUsersReadsManageUsersWritesOthersAreRefused(AdminApi admin, Http http) {
    String viewer = fixtures.name("viewer");
    String nobody = fixtures.name("nobody");
    String viewerId = fixtures.user(viewer, "Viewer123!", true, List.of(), List.of());
    fixtures.user(nobody, "Nobody123!", true, List.of(), List.of());
    String realmManagement = admin.clientUuid(REALM, "realm-management");
    JsonNode viewUsers = admin.getJson(BASE + "/clients/" + realmManagement + "/roles/view-users");
    RealmFixtures.expect(
        admin.post(
            BASE + "/users/" + viewerId + "/role-mappings/clients/" + realmManagement,
            List.of(Http.JSON.convertValue(viewUsers, Map.class))),
        204);
    String viewerToken = http.passwordGrant(REALM, "admin-cli", viewer, "Viewer123!").accessToken();
    String nobodyToken = http.passwordGrant(REALM, "admin-cli", nobody, "Nobody123!").accessToken();
    String create = Http.toJson(body(fixtures.name("No"), Map.of()));

    Http.Result list = as(http, viewerToken, "GET", API, null);
    assertThat(list.status()).isEqualTo(200);
    JsonNode pos = byName(list.json(), "POS");
    assertThat(pos.path("inUse").asBoolean()).isTrue();
    assertThat(pos.path("apiClients")).as("clients the viewer may not view").isEmpty();
    assertThat(as(http, viewerToken, "GET", API + "/resources", null).status()).isEqualTo(200);
    assertThat(as(http, viewerToken, "GET", API + "/POS", null).status()).isEqualTo(200);
    assertThat(as(http, viewerToken, "POST", API, create).status()).isEqualTo(403);
    assertThat(as(http, viewerToken, "PUT", API + "/POS", "{\"active\":true}").status())
        .isEqualTo(403);
    assertThat(as(http, viewerToken, "DELETE", API + "/POS", null).status()).isEqualTo(403);

    assertThat(as(http, nobodyToken, "GET", API, null).status()).isEqualTo(403);
    assertThat(as(http, nobodyToken, "GET", API + "/resources", null).status()).isEqualTo(403);
    assertThat(as(http, nobodyToken, "GET", API + "/no-such-group", null).status())
        .as("no hint whether the group exists")
        .isEqualTo(403);
    assertThat(as(http, null, "GET", API, null).status()).isEqualTo(401);
    assertThat(as(http, null, "POST", API, create).status()).isEqualTo(401);
    assertThat(as(http, null, "DELETE", API + "/POS", null).status()).isEqualTo(401);
    assertThat(admin.getJson(API).findValuesAsText("name")).doesNotContain(fixtures.name("No"));
  }

  // ---- helpers ------------------------------------------------------------------------------

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static Map<String, Object> body(String name, Map<String, Object> permissions) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("name", name);
    body.put("description", "AccessGroupsApiIT");
    body.put("permissions", permissions);
    return body;
  }

  private JsonNode create(AdminApi admin, Map<String, Object> body) {
    groups.add((String) body.get("name"));
    Http.Result result = admin.post(API, body);
    assertThat(result.status()).as(result.body()).isEqualTo(201);
    return result.json();
  }

  private static Map<String, Object> registration(String group) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("name", fixtures.name("client-" + group));
    body.put("tokenExpiry", "30m");
    body.put("defaultTill", "store.server");
    body.put("accessGroup", group);
    return body;
  }

  private Registered registerApiClient(AdminApi admin, String group) {
    Http.Result result = admin.post(API_CLIENTS, registration(group));
    assertThat(result.status()).as(result.body()).isEqualTo(201);
    JsonNode created = result.json();
    Registered registered =
        new Registered(
            created.path("id").asText(),
            created.path("clientKey").asText(),
            created.path("clientSecret").asText());
    apiClients.add(registered.id());
    return registered;
  }

  private static Map<String, Object> claims(Http http, Registered client) {
    return Jwt.claims(
        http.clientCredentials(REALM, client.key(), client.secret(), Map.of()).accessToken());
  }

  /** How a refusal names the API client registered for {@code group} by this class. */
  private static String apiClientShown(AdminApi admin, String group) {
    JsonNode clients = admin.getJson(API + "/" + encode(group)).path("apiClients");
    assertThat(clients).hasSize(1);
    return clients.get(0).path("name").asText()
        + " ("
        + clients.get(0).path("clientKey").asText()
        + ")";
  }

  private static void refused(Http.Result result, String message) {
    assertThat(result.status()).as(result.body()).isEqualTo(400);
    assertThat(result.json().path("error").asText()).isEqualTo("invalid_request");
    assertThat(result.json().path("error_description").asText()).isEqualTo(message);
  }

  private static JsonNode byName(JsonNode list, String name) {
    for (JsonNode group : list) {
      if (group.path("name").asText().equals(name)) {
        return group;
      }
    }
    throw new AssertionError("No access group " + name + " in " + list);
  }

  /** The raw Keycloak groups under /access-groups with their attributes. */
  private static String snapshot(AdminApi admin) {
    String parent = admin.getJson(BASE + "/group-by-path/access-groups").path("id").asText();
    return admin
        .getJson(BASE + "/groups/" + parent + "/children?briefRepresentation=false&max=1000")
        .toString();
  }

  private static Http.Result as(Http http, String token, String method, String path, String body) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "application/json");
    if (token != null) {
      headers.put("Authorization", "Bearer " + token);
    }
    HttpRequest.Builder request = http.request(path, headers);
    request.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    return http.send(request.build());
  }
}
