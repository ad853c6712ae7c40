package org.tillauth.keycloak.apiclient;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tillauth.keycloak.testing.AdminApi;
import org.tillauth.keycloak.testing.DemoRealm;
import org.tillauth.keycloak.testing.Http;
import org.tillauth.keycloak.testing.KeycloakIT;
import org.tillauth.keycloak.testing.UniqueNames;

/**
 * Realm boundaries and read roles of the extension's admin endpoints. Keycloak's client lookup by
 * id is not realm-scoped, so a master client's id under a demo-org path must be "not found", and
 * nothing may happen to that client. Roles are exactly the documented ones: query-clients and
 * query-groups (which the console hands out freely) read nothing and learn no names.
 */
@KeycloakIT
class ApiClientBoundariesIT {

  static final String REALM = UniqueNames.of("boundaries");
  static final String BASE = "/admin/realms/" + REALM;

  static String masterClientId;
  static String masterClientUuid;

  @BeforeAll
  static void setUp(AdminApi admin) {
    DemoRealm.createCopy(admin, REALM);
    masterClientId = UniqueNames.of("master-service");
    Map<String, Object> client = new LinkedHashMap<>();
    client.put("clientId", masterClientId);
    client.put("publicClient", false);
    client.put("serviceAccountsEnabled", true);
    client.put("standardFlowEnabled", false);
    client.put("clientAuthenticatorType", "client-secret");
    client.put("secret", "master-secret-value");
    masterClientUuid = AdminApi.createdId(admin.post("/admin/realms/master/clients", client));
  }

  @AfterAll
  static void tearDown(AdminApi admin) {
    admin.delete("/admin/realms/master/clients/" + masterClientUuid);
    admin.delete(BASE);
  }

  @Test
  void aClientOfAnotherRealmIsNotFoundAndStaysAsItWas(AdminApi admin, Http http) {
    JsonNode before = masterClient(admin);
    String path = BASE + "/api-clients/" + masterClientUuid;

    assertThat(admin.get(path).status()).isEqualTo(404);
    assertThat(admin.put(path, Map.of("name", "taken over")).status()).isEqualTo(404);
    Http.Result secret = admin.post(path + "/secret", Map.of("gracePeriod", "0"));
    assertThat(secret.status()).as("%s", secret).isEqualTo(404);
    assertThat(secret.json().path("error").asText()).isEqualTo("not_found");
    assertThat(admin.post(path + "/secret", Map.of()).status()).isEqualTo(404);
    assertThat(admin.delete(path).status()).isEqualTo(404);

    JsonNode after = masterClient(admin);
    assertThat(after).isEqualTo(before);
    assertThat(after.path("clientAuthenticatorType").asText()).isEqualTo("client-secret");
    assertThat(
            admin
                .getJson("/admin/realms/master/clients/" + masterClientUuid + "/client-secret")
                .path("value")
                .asText())
        .isEqualTo("master-secret-value");
    assertThat(
            http.clientCredentials("master", masterClientId, "master-secret-value", Map.of())
                .status())
        .isEqualTo(200);
  }

  /**
   * The master client as admin REST shows it, its client scopes sorted (Keycloak's order varies).
   */
  private static JsonNode masterClient(AdminApi admin) {
    ObjectNode client =
        (ObjectNode) admin.getJson("/admin/realms/master/clients/" + masterClientUuid);
    for (String field : List.of("defaultClientScopes", "optionalClientScopes")) {
      List<String> scopes = new ArrayList<>();
      client.path(field).forEach(scope -> scopes.add(scope.asText()));
      Collections.sort(scopes);
      client.set(field, Http.JSON.valueToTree(scopes));
    }
    return client;
  }

  @Test
  void queryClientsAloneReadsNoApiClients(AdminApi admin, Http http) {
    String token = adminToken(admin, http, UniqueNames.of("query-clients"), "query-clients");
    for (String path :
        List.of(
            "/api-clients",
            "/api-clients/settings",
            "/api-clients/access-groups",
            "/api-clients/" + admin.clientUuid(REALM, "demo-integration"),
            "/api-clients/00000000-0000-0000-0000-000000000000")) {
      Http.Result answer = as(http, token, BASE + path);
      assertThat(answer.status()).as("%s: %s", path, answer).isEqualTo(403);
    }
    String viewer = adminToken(admin, http, UniqueNames.of("view-clients"), "view-clients");
    assertThat(as(http, viewer, BASE + "/api-clients").status()).isEqualTo(200);
    assertThat(as(http, viewer, BASE + "/api-clients/settings").status()).isEqualTo(200);
    assertThat(as(http, viewer, BASE + "/api-clients/access-groups").status()).isEqualTo(200);
  }

  @Test
  void queryGroupsAloneCannotTellWhichAccessGroupsExist(AdminApi admin, Http http) {
    String token = adminToken(admin, http, UniqueNames.of("query-groups"), "query-groups");
    Http.Result existing = as(http, token, BASE + "/access-groups/POS");
    Http.Result missing = as(http, token, BASE + "/access-groups/no-such-group");
    assertThat(existing.status()).as("%s", existing).isEqualTo(403);
    assertThat(missing.status()).as("%s", missing).isEqualTo(403);
    assertThat(missing.body()).isEqualTo(existing.body());

    String viewer = adminToken(admin, http, UniqueNames.of("view-users"), "view-users");
    assertThat(as(http, viewer, BASE + "/access-groups/POS").status()).isEqualTo(200);
    assertThat(as(http, viewer, BASE + "/access-groups/no-such-group").status()).isEqualTo(404);
  }

  private static Http.Result as(Http http, String token, String path) {
    return http.send(
        http.request(path, Map.of("Authorization", "Bearer " + token))
            .method("GET", HttpRequest.BodyPublishers.noBody())
            .build());
  }

  /** A user of the test realm holding exactly one realm-management role. */
  private static String adminToken(AdminApi admin, Http http, String username, String role) {
    Map<String, Object> user = new LinkedHashMap<>();
    user.put("username", username);
    user.put("enabled", true);
    user.put("firstName", "Test");
    user.put("lastName", "Admin");
    user.put("email", username + "@example.invalid");
    user.put("emailVerified", true);
    user.put(
        "credentials",
        List.of(Map.of("type", "password", "value", "Admin123!", "temporary", false)));
    String id = AdminApi.createdId(admin.post(BASE + "/users", user));
    String management = admin.clientUuid(REALM, "realm-management");
    Object rep =
        Http.JSON.convertValue(
            admin.getJson(BASE + "/clients/" + management + "/roles/" + role), Map.class);
    Http.Result mapped =
        admin.post(BASE + "/users/" + id + "/role-mappings/clients/" + management, List.of(rep));
    assertThat(mapped.status()).as("%s", mapped).isEqualTo(204);
    return http.passwordGrant(REALM, "admin-cli", username, "Admin123!").accessToken();
  }
}
