package org.tillauth.keycloak.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tillauth.keycloak.cluster.ClusterFixtures.digest;
import static org.tillauth.keycloak.cluster.ClusterFixtures.unique;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.tillauth.keycloak.testing.BruteForce;
import org.tillauth.keycloak.testing.ClusterIT;
import org.tillauth.keycloak.testing.ClusterNode;
import org.tillauth.keycloak.testing.DemoRealm;
import org.tillauth.keycloak.testing.Http;
import org.tillauth.keycloak.testing.Jwt;
import org.tillauth.keycloak.testing.KeycloakCluster;
import org.tillauth.keycloak.testing.KeycloakServer;
import org.tillauth.keycloak.testing.OrganisationSettings;

/**
 * Till state that lives in Keycloak's clustered stores: brute-force counts, the organisation
 * switch, and a legacy credential re-hashed at first login. Every change is made through node A and
 * checked on node B at the next request (and the other way round).
 */
@ClusterIT
@Order(2)
class TillClusterIT {

  static final String REALM = "cluster-tills";
  static final String INVALID_GRANT =
      "{\"error\":\"invalid_grant\",\"error_description\":\"Invalid user credentials\"}";

  static ClusterNode a;
  static ClusterNode b;

  @BeforeAll
  static void realm(KeycloakCluster cluster) {
    a = cluster.a();
    b = cluster.b();
    ClusterFixtures.tillRealm(a.admin(), REALM);
  }

  static Http.Result login(ClusterNode node, String till, String digest) {
    return node.http().passwordGrant(REALM, DemoRealm.POS_CLIENT, till, digest);
  }

  static Http.Result gateway(ClusterNode node, String till, String digest) {
    return node.http()
        .get("/realms/" + REALM + "/till-auth/verify", ClusterGateway.basic(till, digest));
  }

  @Test
  void failuresCountedOnEitherNodeAddUpAndASuccessOnBResetsTheCountSeenOnA() {
    String code = unique("count");
    String id = ClusterFixtures.createTill(a.admin(), REALM, code, "count-pass");

    assertThat(login(a, code, digest("wrong-1")).body()).isEqualTo(INVALID_GRANT);
    BruteForce.awaitFailures(b.admin(), REALM, id, 1);
    assertThat(gateway(b, code, digest("wrong-2")).status()).isEqualTo(401);
    BruteForce.awaitFailures(a.admin(), REALM, id, 2);

    assertThat(login(b, code, digest("count-pass")).status()).isEqualTo(200);
    BruteForce.awaitFailures(a.admin(), REALM, id, 0);
  }

  @Test
  void aTillLockedThroughAIsRefusedOnB() {
    String code = unique("lock");
    String id = ClusterFixtures.createTill(a.admin(), REALM, code, "lock-pass");

    for (int i = 0; i < 3; i++) {
      assertThat(login(a, code, digest("wrong-" + i)).body()).isEqualTo(INVALID_GRANT);
    }
    JsonNode seenOnB = BruteForce.awaitLocked(b.admin(), REALM, id);
    assertThat(seenOnB.path("numFailures").asInt()).isEqualTo(3);

    Http.Result token = login(b, code, digest("lock-pass"));
    assertThat(token.status()).isEqualTo(400);
    assertThat(token.body()).isEqualTo(INVALID_GRANT);
    Http.Result verify = gateway(b, code, digest("lock-pass"));
    assertThat(verify.status()).isEqualTo(401);
    assertThat(ClusterGateway.errorCode(verify)).isEqualTo(330001);
  }

  @Test
  void theSwitchTurnedOffOnARefusesTillLoginsOnBAtTheNextRequestAndBackOn() {
    String code = unique("switch");
    ClusterFixtures.createTill(a.admin(), REALM, code, "switch-pass");
    assertThat(login(b, code, digest("switch-pass")).status()).isEqualTo(200);

    OrganisationSettings.setBasicAuth(a.admin(), REALM, false);
    try {
      Http.Result refused = login(b, code, digest("switch-pass"));
      assertThat(refused.status()).isEqualTo(400);
      assertThat(refused.json().path("error").asText()).isEqualTo("unauthorized_client");
      Http.Result gatewayRefused = gateway(b, code, digest("switch-pass"));
      assertThat(ClusterGateway.errorCode(gatewayRefused)).isEqualTo(330002);
    } finally {
      OrganisationSettings.setBasicAuth(a.admin(), REALM, true);
    }

    assertThat(login(b, code, digest("switch-pass")).status()).isEqualTo(200);
    assertThat(gateway(b, code, digest("switch-pass")).status()).isEqualTo(200);
  }

  @Test
  void aLegacyMd5TillReHashedByItsFirstLoginOnALogsInOnBWithTheNewHash() {
    String code = unique("legacy");
    String legacyDigest = digest("legacy-pass");
    String id = ClusterFixtures.importLegacyTill(a.admin(), REALM, code, legacyDigest);
    assertThat(ClusterFixtures.algorithm(b.admin(), REALM, id)).isEqualTo("md5");

    assertThat(Jwt.claims(login(a, code, legacyDigest).accessToken()))
        .containsEntry("till_code", code);

    // Read through B: the re-hashed credential is what B's user cache now serves.
    assertThat(ClusterFixtures.algorithm(b.admin(), REALM, id)).isEqualTo("till-md5-argon2");
    assertThat(Jwt.claims(login(b, code, legacyDigest).accessToken()))
        .containsEntry("till_code", code);
    assertThat(gateway(b, code, legacyDigest).header("X-Till-Code")).isEqualTo(code);
    assertThat(ClusterFixtures.algorithm(a.admin(), REALM, id)).isEqualTo("till-md5-argon2");
    // These nodes run as production does, without the single-node test server's cheaper Argon2
    // options: a till password is Keycloak's Argon2id at its default parameters.
    JsonNode stored = ClusterFixtures.credentialData(a.admin(), REALM, id);
    assertThat(stored.path("hashIterations").asInt())
        .isEqualTo(KeycloakServer.PRODUCTION_ARGON2_ITERATIONS);
    assertThat(stored.path("additionalParameters").path("memory").get(0).asText())
        .isEqualTo(Integer.toString(KeycloakServer.PRODUCTION_ARGON2_MEMORY_KIB));
    assertThat(stored.path("additionalParameters").path("type").get(0).asText()).isEqualTo("id");
    assertThat(stored.path("additionalParameters").path("parallelism").get(0).asText())
        .isEqualTo("1");
  }
}
