package org.tillauth.keycloak.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.tillauth.keycloak.testing.ClusterIT;
import org.tillauth.keycloak.testing.ClusterNode;
import org.tillauth.keycloak.testing.DemoRealm;
import org.tillauth.keycloak.testing.Http;
import org.tillauth.keycloak.testing.KeycloakCluster;

/**
 * Identifiers no stored name can match, on PostgreSQL (which refuses a NUL anywhere in a query,
 * where the single-node suite's H2 finds nothing): a client key or till code with a NUL is an
 * unknown client or till, answered like one, never a 500.
 */
@ClusterIT
@Order(4)
class LookupInputClusterIT {

  static final String REALM = DemoRealm.NAME;
  static final String DIGEST = "8a16a6b70505eb1f1ff7cdc0cd5559a7";

  static ClusterNode node;

  @BeforeAll
  static void setUp(KeycloakCluster cluster) {
    node = cluster.a();
  }

  @Test
  void aKeyWithANulAtTheJsonEndpointIsAnUnknownKey() {
    Http.Result result =
        node.http()
            .postJson(
                "/realms/" + REALM + "/v3/oauth/token/generate",
                "{\"key\":\"demo-integration\\u0000\",\"secret\":\"demo-integration-secret\"}",
                Map.of());

    assertThat(result.status()).as(result.toString()).isEqualTo(401);
    assertThat(result.json().path("errors").get(0).path("code").asInt()).isEqualTo(320001);
  }

  @Test
  void aClientIdWithANulAtTheTokenEndpointIsAnUnknownClient() {
    Map<String, String> unknownForm = new LinkedHashMap<>();
    unknownForm.put("grant_type", "client_credentials");
    unknownForm.put("client_id", "no-such-client");
    unknownForm.put("client_secret", "demo-integration-secret");
    Http.Result unknown = node.http().postForm(node.http().tokenEndpoint(REALM), unknownForm);

    Map<String, String> form = new LinkedHashMap<>();
    form.put("grant_type", "client_credentials");
    form.put("client_id", "demo-integration\u0000");
    form.put("client_secret", "demo-integration-secret");
    Http.Result result = node.http().postForm(node.http().tokenEndpoint(REALM), form);

    assertThat(result.status()).as(result.toString()).isEqualTo(401);
    assertThat(result.body()).isEqualTo(unknown.body());
    assertThat(result.json().path("error").asText()).isEqualTo("invalid_client");
  }

  @Test
  void aTillCodeWithANulIsAnUnknownTill() {
    Http.Result unknown =
        node.http().passwordGrant(REALM, DemoRealm.POS_CLIENT, "no-such-till", DIGEST);
    Http.Result nul =
        node.http().passwordGrant(REALM, DemoRealm.POS_CLIENT, "store.server\u0000", DIGEST);

    assertThat(nul.status()).as(nul.toString()).isEqualTo(unknown.status()).isEqualTo(400);
    assertThat(nul.body()).isEqualTo(unknown.body());
  }

  @Test
  void aMapperConfigWithANulIsRefusedWithAMessage() {
    String client =
        node.admin()
            .getJson("/admin/realms/" + REALM + "/clients?clientId=demo-integration")
            .get(0)
            .path("id")
            .asText();
    Map<String, Object> mapper =
        org.tillauth.keycloak.testing.RealmFixtures.mapper(
            "nul default till",
            "till-attribution-mapper",
            Map.of("default.till", "store.server\u0000", "fallback.to.default.till", "false"));
    Http.Result refused =
        node.admin()
            .post(
                "/admin/realms/" + REALM + "/clients/" + client + "/protocol-mappers/models",
                mapper);

    assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
    assertThat(refused.json().path("error_description").asText())
        .isEqualTo("Mapper name and config must not contain NUL characters or unpaired surrogates");
  }
}
