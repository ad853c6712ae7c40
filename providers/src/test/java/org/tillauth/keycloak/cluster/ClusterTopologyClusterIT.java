package org.tillauth.keycloak.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.tillauth.keycloak.testing.AuthorizationCodeClient;
import org.tillauth.keycloak.testing.BrowserlessLogin;
import org.tillauth.keycloak.testing.ClusterIT;
import org.tillauth.keycloak.testing.ClusterNode;
import org.tillauth.keycloak.testing.DemoRealm;
import org.tillauth.keycloak.testing.Http;
import org.tillauth.keycloak.testing.Jwt;
import org.tillauth.keycloak.testing.KeycloakCluster;
import org.tillauth.keycloak.testing.Pkce;

/**
 * The cluster itself: two members in one view, realm-export imported once into the shared database,
 * and tills, API clients and customers served by either node.
 */
@ClusterIT
@Order(1)
class ClusterTopologyClusterIT {

  @Test
  void bothNodesSeeAClusterOfTwoDiscoveredThroughTheDatabase(KeycloakCluster cluster) {
    for (ClusterNode node : cluster.nodes()) {
      assertThat(node.clusterViewSize()).as("%s cluster view", node).isEqualTo(2);
    }
    assertThat(cluster.database().queryOne("SELECT count(*) FROM jgroups_ping"))
        .as("jdbc-ping members in the database")
        .isEqualTo("2");
  }

  @Test
  void realmExportIsImportedOnceAndServedByBothNodes(KeycloakCluster cluster) {
    assertThat(cluster.a().readLog()).contains("Realm '" + DemoRealm.NAME + "' imported");
    assertThat(cluster.b().readLog()).doesNotContain("Importing from directory");
    assertThat(
            cluster
                .database()
                .queryOne("SELECT count(*) FROM realm WHERE name = '" + DemoRealm.NAME + "'"))
        .isEqualTo("1");
    for (ClusterNode node : cluster.nodes()) {
      Http.Result realm = node.http().get("/realms/" + DemoRealm.NAME, Map.of());
      assertThat(realm.status()).as("%s: %s", node, realm).isEqualTo(200);
      // One public hostname: both nodes name the same issuer.
      assertThat(
              node.http()
                  .get("/realms/" + DemoRealm.NAME + "/.well-known/openid-configuration", Map.of())
                  .json()
                  .path("issuer")
                  .asText())
          .isEqualTo(cluster.frontendUrl() + "/realms/" + DemoRealm.NAME);
    }
  }

  @Test
  void demoTillLogsInOnBothNodes(KeycloakCluster cluster) {
    for (ClusterNode node : cluster.nodes()) {
      Http.Result login =
          node.http()
              .passwordGrant(
                  DemoRealm.NAME,
                  DemoRealm.POS_CLIENT,
                  "store.server",
                  ClusterFixtures.digest("server123"));
      assertThat(Jwt.claims(login.accessToken()))
          .as("%s", node)
          .containsEntry("till_code", "store.server")
          .containsEntry("store_code", "store-001");
    }
  }

  @Test
  void demoApiClientGetsItsClaimsOnBothNodes(KeycloakCluster cluster) {
    for (ClusterNode node : cluster.nodes()) {
      Map<String, Object> claims =
          Jwt.claims(
              node.http()
                  .clientCredentials(
                      DemoRealm.NAME,
                      "demo-integration",
                      "demo-integration-secret",
                      Map.of("X-CAP-API-ATTRIBUTION-TILL-CODE", "till-002"))
                  .accessToken());
      assertThat(claims)
          .as("%s", node)
          .containsEntry("till_code", "till-002")
          .containsEntry("access_group", "POS");
    }
  }

  /**
   * A customer's sign-in crosses nodes: the login page comes from A, the credentials go to B (the
   * authentication session lives in the cluster's caches), the code is exchanged on A and the
   * refresh token used on B.
   */
  @Test
  void customerSignInStartedOnOneNodeFinishesOnTheOther(KeycloakCluster cluster) {
    AuthorizationCodeClient web =
        new AuthorizationCodeClient(
            cluster.a().http(), DemoRealm.NAME, "customer-web", "http://localhost:3000/callback");
    Pkce pkce = Pkce.s256();
    BrowserlessLogin browser = new BrowserlessLogin(cluster.routeTo(cluster.b()));
    Http.Result page = browser.get(web.authorizationUrl(web.authorizationParams(pkce, "s", "n")));
    assertThat(page.status()).as("%s", page).isEqualTo(200);

    Http.Result redirect = browser.submitCredentials("jane.doe", "JaneRewards1");
    assertThat(redirect.status()).as("%s", redirect).isEqualTo(302);
    Map<String, String> callback =
        AuthorizationCodeClient.responseParams(redirect.header("Location"));
    assertThat(callback).containsKey("code").containsEntry("state", "s");

    Http.Result tokens = web.exchange(callback.get("code"), pkce.verifier());
    assertThat(Jwt.claims(tokens.accessToken())).containsEntry("preferred_username", "jane.doe");

    AuthorizationCodeClient webOnB =
        new AuthorizationCodeClient(
            cluster.b().http(), DemoRealm.NAME, "customer-web", "http://localhost:3000/callback");
    Http.Result refreshed = webOnB.refresh(tokens.json().path("refresh_token").asText());
    assertThat(Jwt.claims(refreshed.accessToken())).containsEntry("preferred_username", "jane.doe");
  }
}
