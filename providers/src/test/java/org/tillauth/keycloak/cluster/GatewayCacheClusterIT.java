package org.tillauth.keycloak.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tillauth.keycloak.cluster.ClusterFixtures.digest;
import static org.tillauth.keycloak.cluster.ClusterFixtures.unique;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.tillauth.keycloak.testing.AdminApi;
import org.tillauth.keycloak.testing.ClusterIT;
import org.tillauth.keycloak.testing.ClusterNode;
import org.tillauth.keycloak.testing.DemoRealm;
import org.tillauth.keycloak.testing.Http;
import org.tillauth.keycloak.testing.KeycloakCluster;

/**
 * The gateway's verification cache is per node: a node that remembers a till's digest must still
 * refuse it at the next request once the till's password is changed, or the till disabled, through
 * the other node.
 */
@ClusterIT
@Order(4)
class GatewayCacheClusterIT {

  static final String REALM = "cluster-gateway-cache";

  static ClusterNode a;
  static ClusterNode b;

  @BeforeAll
  static void nodes(KeycloakCluster cluster) {
    a = cluster.a();
    b = cluster.b();
    ClusterFixtures.tillRealm(a.admin(), REALM);
  }

  static Http.Result verify(ClusterNode node, String till, String digest) {
    return ClusterGateway.verifyBasic(node, REALM, till, digest);
  }

  /** Verifies twice on {@code node}; the second answer must come from its cache. */
  static void warmCache(ClusterNode node, String till, String digest) {
    assertThat(verify(node, till, digest).status()).isEqualTo(200);
    long hits = cacheHits(node.admin());
    assertThat(verify(node, till, digest).status()).isEqualTo(200);
    assertThat(cacheHits(node.admin())).as("cache hits on %s", node).isGreaterThan(hits);
  }

  static long cacheHits(AdminApi admin) {
    return admin
        .getJson("/admin/serverinfo")
        .path("providers")
        .path("realm-restapi-extension")
        .path("providers")
        .path("till-auth")
        .path("operationalInfo")
        .path("verify-cache-hits")
        .asLong(-1);
  }

  @Test
  void aPasswordChangedOnAMakesBRefuseTheCachedDigestAtTheNextRequest() {
    String code = unique("cache-pw");
    String id = ClusterFixtures.createTill(a.admin(), REALM, code, "old-pass");
    warmCache(b, code, digest("old-pass"));

    ClusterFixtures.resetPassword(a.admin(), REALM, id, "new-pass");

    Http.Result refused = verify(b, code, digest("old-pass"));
    assertThat(refused.status()).isEqualTo(401);
    assertThat(ClusterGateway.errorCode(refused)).isEqualTo(330001);
    assertThat(
            b.http().passwordGrant(REALM, DemoRealm.POS_CLIENT, code, digest("old-pass")).status())
        .isEqualTo(400);
    assertThat(verify(b, code, digest("new-pass")).header("X-Till-Code")).isEqualTo(code);
  }

  @Test
  void aTillDisabledOnBIsRefusedByAsCacheAtTheNextRequestAndAcceptedOnceEnabledAgain() {
    String code = unique("cache-off");
    String id = ClusterFixtures.createTill(b.admin(), REALM, code, "off-pass");
    warmCache(a, code, digest("off-pass"));

    ClusterFixtures.setEnabled(b.admin(), REALM, id, false);
    Http.Result refused = verify(a, code, digest("off-pass"));
    assertThat(refused.status()).isEqualTo(401);
    assertThat(ClusterGateway.errorCode(refused)).isEqualTo(330001);

    ClusterFixtures.setEnabled(b.admin(), REALM, id, true);
    assertThat(verify(a, code, digest("off-pass")).status()).isEqualTo(200);
  }
}
