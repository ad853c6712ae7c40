package org.tillauth.keycloak.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tillauth.keycloak.cluster.ClusterFixtures.expect;
import static org.tillauth.keycloak.testing.RealmFixtures.audience;
import static org.tillauth.keycloak.testing.RealmFixtures.mapper;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.tillauth.keycloak.testing.AdminApi;
import org.tillauth.keycloak.testing.ClusterIT;
import org.tillauth.keycloak.testing.ClusterNode;
import org.tillauth.keycloak.testing.DemoRealm;
import org.tillauth.keycloak.testing.Http;
import org.tillauth.keycloak.testing.Jwt;
import org.tillauth.keycloak.testing.KeycloakCluster;
import org.tillauth.keycloak.testing.RealmFixtures;

/**
 * API-client configuration lives in Keycloak's realm model (client mappers, group attributes,
 * client policies): changed through node A, node B applies it at the next token; B's save-time
 * checks see what A changed; a token minted on A is valid on B.
 */
@ClusterIT
@Order(3)
class ApiClientClusterIT {

  static final String REALM = DemoRealm.NAME;
  static final String SECRET = "cluster-secret";

  static ClusterNode a;
  static ClusterNode b;
  static RealmFixtures fixtures;

  @BeforeAll
  static void setUp(KeycloakCluster cluster) {
    a = cluster.a();
    b = cluster.b();
    fixtures = new RealmFixtures(a.admin(), REALM, "cluster-api");
  }

  @AfterAll
  static void tearDown() {
    fixtures.close();
  }

  static Map<String, Object> token(ClusterNode node, String clientId) {
    return Jwt.claims(
        node.http().clientCredentials(REALM, clientId, SECRET, Map.of()).accessToken());
  }

  static Map<String, Object> attribution(String defaultTill) {
    return mapper(
        "till attribution",
        "till-attribution-mapper",
        Map.of("default.till", defaultTill, "fallback.to.default.till", "false"));
  }

  /** PUTs the client's only mapper of {@code type} with one config key changed. */
  static Http.Result changeMapper(
      AdminApi admin, String client, String type, String key, String value) {
    String models = fixtures.base() + "/clients/" + client + "/protocol-mappers/models";
    for (JsonNode mapper : admin.getJson(models)) {
      if (type.equals(mapper.path("protocolMapper").asText())) {
        Map<String, Object> update = Http.JSON.convertValue(mapper, Map.class);
        Map<String, Object> config =
            new LinkedHashMap<>(Http.JSON.convertValue(mapper.get("config"), Map.class));
        config.put(key, value);
        update.put("config", config);
        return admin.put(models + "/" + mapper.get("id").asText(), update);
      }
    }
    throw new AssertionError("No " + type + " mapper on " + client);
  }

  @Test
  void aTillAttributionMapperChangedOnAIsAppliedByBAtTheNextToken() {
    String clientId = fixtures.name("attribution");
    String client =
        fixtures.confidentialClient(
            clientId, SECRET, Map.of(), List.of(attribution("store.server")));
    assertThat(token(b, clientId)).containsEntry("till_code", "store.server");

    expect(
        changeMapper(a.admin(), client, "till-attribution-mapper", "default.till", "till-002"),
        204);

    assertThat(token(b, clientId))
        .containsEntry("till_code", "till-002")
        .containsEntry("store_code", "store-002");
  }

  @Test
  void bRefusesToSaveAMapperNamingATillDisabledOnA() {
    String till = fixtures.name("till");
    String tillId =
        fixtures.user(till, "till-pass", true, List.of("till"), List.of("/stores/store-001"));
    String clientId = fixtures.name("save-check");
    String client =
        fixtures.confidentialClient(
            clientId, SECRET, Map.of(), List.of(attribution("store.server")));
    expect(changeMapper(b.admin(), client, "till-attribution-mapper", "default.till", till), 204);

    ClusterFixtures.setEnabled(a.admin(), REALM, tillId, false);

    Http.Result refused =
        changeMapper(b.admin(), client, "till-attribution-mapper", "default.till", till);
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.body())
        .contains(
            "Default till code \\\"" + till + "\\\" is not an enabled till of realm " + REALM);
  }

  @Test
  void anAccessGroupAttributeChangedOnAIsAppliedByBAtTheNextToken() {
    String group = fixtures.name("group");
    String groupId =
        fixtures.childGroup("/access-groups", group, Map.of("data.customer", List.of("read")));
    String clientId = fixtures.name("group-client");
    fixtures.confidentialClient(
        clientId,
        SECRET,
        Map.of(),
        List.of(mapper("access group", "access-group-mapper", Map.of("access.group", group))));
    assertThat(token(b, clientId).get("access_group_permissions"))
        .isEqualTo(List.of("data:customer:read"));

    Map<String, Object> update =
        Http.JSON.convertValue(
            a.admin().getJson(fixtures.base() + "/groups/" + groupId), Map.class);
    update.put("attributes", Map.of("data.customer", List.of("write")));
    expect(a.admin().put(fixtures.base() + "/groups/" + groupId, update), 204);

    assertThat(token(b, clientId).get("access_group_permissions"))
        .isEqualTo(List.of("data:customer:write"));
  }

  /**
   * The demo realm's lifespan profile (at most 60m for API clients) lowered on A clamps B's next
   * token, and B refuses to save a client over the new limit; restored afterwards.
   */
  @Test
  void aLifespanProfileLoweredOnAClampsBsNextTokenAndBRefusesOverLimitClients() {
    String clientId = fixtures.name("lifespan");
    fixtures.confidentialClient(
        clientId, SECRET, Map.of("access.token.lifespan", "3600"), List.of());
    assertThat(lifetime(b, clientId)).isEqualTo(3600);

    String profiles = fixtures.base() + "/client-policies/profiles";
    JsonNode original = a.admin().getJson(profiles);
    try {
      expect(a.admin().put(profiles, withMaximum(original, "30m")), 204);

      assertThat(lifetime(b, clientId)).isEqualTo(1800);
      Map<String, Object> overLimit = new LinkedHashMap<>();
      overLimit.put("clientId", fixtures.name("over-limit"));
      overLimit.put("publicClient", false);
      overLimit.put("serviceAccountsEnabled", true);
      overLimit.put("attributes", Map.of("access.token.lifespan", "3600"));
      Http.Result refused = b.admin().post(fixtures.base() + "/clients", overLimit);
      assertThat(refused.status()).as("%s", refused).isEqualTo(400);
      assertThat(refused.json().path("error").asText()).isEqualTo("invalid_client_metadata");
    } finally {
      expect(a.admin().put(profiles, original), 204);
    }
    assertThat(lifetime(b, clientId)).isEqualTo(3600);
  }

  @Test
  void anApiClientTokenMintedOnAIsIntrospectedOnBAndAcceptedByBsGateway() {
    String resourceServer = fixtures.name("resource-server");
    fixtures.confidentialClient(resourceServer, SECRET, Map.of(), List.of());
    String clientId = fixtures.name("minted-on-a");
    fixtures.confidentialClient(
        clientId,
        SECRET,
        Map.of(),
        List.of(
            attribution("store.server"),
            mapper("access group", "access-group-mapper", Map.of("access.group", "POS")),
            audience(resourceServer)));
    String token =
        a.http()
            .clientCredentials(
                REALM, clientId, SECRET, Map.of("X-CAP-API-ATTRIBUTION-TILL-CODE", "till-002"))
            .accessToken();

    Map<String, String> form = new LinkedHashMap<>();
    form.put("token", token);
    form.put("client_id", resourceServer);
    form.put("client_secret", SECRET);
    JsonNode introspected =
        b.http()
            .postForm("/realms/" + REALM + "/protocol/openid-connect/token/introspect", form)
            .json();
    assertThat(introspected.path("active").asBoolean()).as("%s", introspected).isTrue();
    assertThat(introspected.path("till_code").asText()).isEqualTo("till-002");

    Http.Result verified = ClusterGateway.verifyToken(b, REALM, token, "GET", "/v2/customers/42");
    assertThat(verified.status()).as("%s", verified).isEqualTo(200);
    assertThat(verified.header("X-Client-Id")).isEqualTo(clientId);
    assertThat(verified.header("X-Till-Code")).isEqualTo("till-002");
    assertThat(verified.header("X-Access-Group")).isEqualTo("POS");
  }

  /** Keycloak's own client secret, regenerated on A: B refuses the old one at once. */
  @Test
  void aSecretRegeneratedOnAIsRefusedByBAtOnce() {
    String clientId = fixtures.name("regenerated");
    String client = fixtures.confidentialClient(clientId, SECRET, Map.of(), List.of());
    assertThat(b.http().clientCredentials(REALM, clientId, SECRET, Map.of()).status())
        .isEqualTo(200);

    Http.Result regenerated =
        a.admin().post(fixtures.base() + "/clients/" + client + "/client-secret", Map.of());
    assertThat(regenerated.status()).isEqualTo(200);
    String fresh = regenerated.json().path("value").asText();

    Http.Result old = b.http().clientCredentials(REALM, clientId, SECRET, Map.of());
    assertThat(old.status()).isEqualTo(401);
    assertThat(old.json().path("error").asText()).isEqualTo("unauthorized_client");
    assertThat(b.http().clientCredentials(REALM, clientId, fresh, Map.of()).status())
        .isEqualTo(200);
  }

  /**
   * A hashed-secret API client registered on A: its secret works on B; regenerated on A without a
   * grace period, the old secret is refused by B at once; regenerated with one, B honours the grace
   * period too (the hash and the previous hash live on the client, which Keycloak invalidates
   * cluster-wide).
   */
  @Test
  void aHashedSecretRegeneratedOnAIsRefusedByBAtOnceOrAfterItsGracePeriod() {
    String api = "/admin/realms/" + REALM + "/api-clients";
    Map<String, Object> body = new java.util.LinkedHashMap<>();
    body.put("name", fixtures.name("Hashed"));
    body.put("tokenExpiry", "30m");
    body.put("defaultTill", "store.server");
    body.put("useDefaultTillForInvalidTill", false);
    body.put("accessGroup", "POS");
    Http.Result registered = a.admin().post(api, body);
    assertThat(registered.status()).as("%s", registered).isEqualTo(201);
    String id = registered.json().path("id").asText();
    String key = registered.json().path("clientKey").asText();
    String first = registered.json().path("clientSecret").asText();
    try {
      assertThat(b.http().clientCredentials(REALM, key, first, Map.of()).status()).isEqualTo(200);

      Http.Result immediate = a.admin().post(api + "/" + id + "/secret", Map.of());
      assertThat(immediate.status()).as("%s", immediate).isEqualTo(200);
      String second = immediate.json().path("clientSecret").asText();
      assertThat(b.http().clientCredentials(REALM, key, first, Map.of()).status())
          .as("old hashed secret on B right after regeneration on A")
          .isEqualTo(401);
      assertThat(b.http().clientCredentials(REALM, key, second, Map.of()).status()).isEqualTo(200);

      Http.Result graceful =
          a.admin().post(api + "/" + id + "/secret", Map.of("gracePeriod", "10m"));
      assertThat(graceful.status()).as("%s", graceful).isEqualTo(200);
      String third = graceful.json().path("clientSecret").asText();
      assertThat(b.http().clientCredentials(REALM, key, second, Map.of()).status())
          .as("previous hashed secret on B within its grace period")
          .isEqualTo(200);
      assertThat(b.http().clientCredentials(REALM, key, third, Map.of()).status()).isEqualTo(200);
    } finally {
      a.admin().delete(api + "/" + id);
    }
  }

  static long lifetime(ClusterNode node, String clientId) {
    Map<String, Object> claims = token(node, clientId);
    return ((Number) claims.get("exp")).longValue() - ((Number) claims.get("iat")).longValue();
  }

  /** The stored profiles with the lifespan executor's maximum replaced. */
  static JsonNode withMaximum(JsonNode profiles, String maximum) {
    JsonNode copy = profiles.deepCopy();
    for (JsonNode profile : copy.path("profiles")) {
      for (JsonNode executor : profile.path("executors")) {
        if ("token-lifespan-limit".equals(executor.path("executor").asText())) {
          ((com.fasterxml.jackson.databind.node.ObjectNode) executor.path("configuration"))
              .put("max-access-token-lifespan", maximum);
        }
      }
    }
    return copy;
  }
}
