package org.tillauth.keycloak.accessgroup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tillauth.keycloak.testing.RealmFixtures.mapper;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tillauth.keycloak.testing.AdminApi;
import org.tillauth.keycloak.testing.Http;
import org.tillauth.keycloak.testing.Jwt;
import org.tillauth.keycloak.testing.KeycloakIT;
import org.tillauth.keycloak.testing.KeycloakServer;
import org.tillauth.keycloak.testing.RealmFixtures;

/** Access-group claims on client-credentials tokens of realm demo-org, over HTTP. */
@KeycloakIT
class AccessGroupIT {

  private static final String REALM = "demo-org";
  private static final String SECRET = "it-secret";
  private static final List<String> POS =
      List.of(
          "config:store:read",
          "data:customer:write",
          "data:points:read",
          "data:product:read",
          "data:store:read",
          "data:transaction:write");

  private static RealmFixtures fixtures;

  @BeforeAll
  static void setUp(AdminApi admin) {
    fixtures = new RealmFixtures(admin, REALM, "it-ag");
  }

  @AfterAll
  static void tearDown() {
    fixtures.close();
  }

  private static Map<String, Object> accessGroup(String group) {
    return mapper("access group", AccessGroupMapper.PROVIDER_ID, Map.of("access.group", group));
  }

  private static Map<String, Object> token(Http http, String clientId) {
    return Jwt.claims(http.clientCredentials(REALM, clientId, SECRET, Map.of()).accessToken());
  }

  @Test
  void demoIntegrationCarriesThePosAccessGroup(Http http) {
    Map<String, Object> claims =
        Jwt.claims(
            http.clientCredentials(REALM, "demo-integration", "demo-integration-secret", Map.of())
                .accessToken());
    assertThat(claims.get("access_group")).isEqualTo("POS");
    assertThat(claims.get("access_group_permissions")).isEqualTo(POS);
  }

  @Test
  void groupMayBeConfiguredAsAPath(Http http) {
    String client = fixtures.name("path");
    fixtures.confidentialClient(
        client, SECRET, Map.of(), List.of(accessGroup("/access-groups/POS")));
    Map<String, Object> claims = token(http, client);
    assertThat(claims.get("access_group")).isEqualTo("POS");
    assertThat(claims.get("access_group_permissions")).isEqualTo(POS);
  }

  @Test
  void changesToTheGroupOrTheChosenGroupShowInTheNextToken(AdminApi admin, Http http) {
    String groupName = fixtures.name("group");
    String groupId =
        fixtures.childGroup("/access-groups", groupName, Map.of("data.customer", List.of("read")));
    String clientId = fixtures.name("changing");
    String client =
        fixtures.confidentialClient(clientId, SECRET, Map.of(), List.of(accessGroup(groupName)));

    assertThat(token(http, clientId).get("access_group_permissions"))
        .isEqualTo(List.of("data:customer:read"));

    JsonNode group = admin.getJson(fixtures.base() + "/groups/" + groupId);
    Map<String, Object> update = Http.JSON.convertValue(group, Map.class);
    update.put(
        "attributes",
        Map.of(
            "data.customer", List.of("write"),
            "config.points", List.of("read"),
            "data.otp", List.of("none")));
    RealmFixtures.expect(admin.put(fixtures.base() + "/groups/" + groupId, update), 204);

    Map<String, Object> claims = token(http, clientId);
    assertThat(claims.get("access_group")).isEqualTo(groupName);
    assertThat(claims.get("access_group_permissions"))
        .isEqualTo(List.of("config:points:read", "data:customer:write"));

    String models = fixtures.base() + "/clients/" + client + "/protocol-mappers/models";
    JsonNode mapper = admin.getJson(models).get(0);
    Map<String, Object> mapperUpdate = Http.JSON.convertValue(mapper, Map.class);
    Map<String, Object> config =
        new LinkedHashMap<>(Http.JSON.convertValue(mapper.get("config"), Map.class));
    config.put("access.group", "Admin");
    mapperUpdate.put("config", config);
    RealmFixtures.expect(admin.put(models + "/" + mapper.get("id").asText(), mapperUpdate), 204);

    assertThat(token(http, clientId).get("access_group")).isEqualTo("Admin");
  }

  @Test
  void invalidPermissionValuesAreIgnoredWithAWarning(KeycloakServer server, Http http) {
    String groupName = fixtures.name("sloppy");
    fixtures.childGroup(
        "/access-groups",
        groupName,
        Map.of(
            "data.customer", List.of("admin"),
            "data.custmer", List.of("write"),
            "data.points", List.of("read")));
    String clientId = fixtures.name("sloppy-client");
    fixtures.confidentialClient(clientId, SECRET, Map.of(), List.of(accessGroup(groupName)));

    assertThat(token(http, clientId).get("access_group_permissions"))
        .isEqualTo(List.of("data:points:read"));
    assertThat(server.readLog())
        .contains(
            "Access group '"
                + groupName
                + "': attribute data.customer: value [admin] ignored (expected one of none, read,"
                + " write)")
        .contains(
            "Access group '"
                + groupName
                + "': attribute data.custmer: unknown resource 'custmer' ignored");
  }

  @Test
  void userTokensNeverCarryAccessGroupClaims(Http http) {
    String till = fixtures.name("till");
    // Made the stock way, with names and e-mail: it logs in through Keycloak's own direct grant
    // with a new client's default scopes (profile, email), which the demo realm requires them for.
    fixtures.tillAsStockUser(till, "till-pass-1");
    String person = fixtures.name("person");
    fixtures.user(person, "person-pass-1", true, List.of(), List.of());
    String client = fixtures.name("login");
    fixtures.passwordClient(client, List.of(accessGroup("POS")));

    for (String[] login :
        List.of(new String[] {till, "till-pass-1"}, new String[] {person, "person-pass-1"})) {
      Http.Result result = http.passwordGrant(REALM, client, login[0], login[1]);
      Map<String, Object> claims = Jwt.claims(result.accessToken());
      assertThat(claims).as(login[0]).containsEntry("preferred_username", login[0]);
      assertThat(claims)
          .as(login[0])
          .doesNotContainKeys("access_group", "access_group_permissions");
    }
  }

  @Test
  void savingRequiresAnExistingAccessGroup(AdminApi admin) {
    String client = fixtures.confidentialClient(fixtures.name("save"), SECRET, Map.of(), List.of());
    String models = fixtures.base() + "/clients/" + client + "/protocol-mappers/models";

    Map<String, String> cases = new LinkedHashMap<>();
    cases.put("NoSuchGroup", "Access group \"NoSuchGroup\" does not exist under /access-groups");
    cases.put("store-001", "Access group \"store-001\" does not exist under /access-groups");
    cases.put(
        "/stores/store-001",
        "Access group \"/stores/store-001\" does not exist under /access-groups");
    cases.put("", "Access group is required");
    cases.forEach(
        (group, message) -> {
          Http.Result result = admin.post(models, accessGroup(group));
          assertThat(result.status()).as(result.body()).isEqualTo(400);
          assertThat(result.json().path("error_description").asText()).isEqualTo(message);
        });
    assertThat(admin.getJson(models)).isEmpty();

    RealmFixtures.expect(admin.post(models, accessGroup("POS")), 201);
  }
}
