package org.tillauth.keycloak.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.tillauth.keycloak.testing.ClusterIT;
import org.tillauth.keycloak.testing.ClusterNode;
import org.tillauth.keycloak.testing.DemoRealm;
import org.tillauth.keycloak.testing.KeycloakCluster;
import org.tillauth.keycloak.testing.PrometheusScrape;

/**
 * Each node reports its own meters: Prometheus scrapes every node and adds them up. Traffic sent to
 * node A shows on A's {@code /metrics} and not on B's, though both serve the same realm from the
 * same database.
 */
@ClusterIT
@Order(3)
class MetricsClusterIT {

  static final String DIGEST = "8a16a6b70505eb1f1ff7cdc0cd5559a7"; // store.server / server123
  static final String REALM = ClusterFixtures.unique("cluster-metrics");

  static ClusterNode a;
  static ClusterNode b;

  @BeforeAll
  static void realm(KeycloakCluster cluster) {
    a = cluster.a();
    b = cluster.b();
    DemoRealm.createCopy(a.admin(), REALM);
  }

  @AfterAll
  static void cleanUp() {
    a.admin().delete("/admin/realms/" + REALM);
  }

  @Test
  void trafficOnNodeACountsOnAOnly() {
    PrometheusScrape beforeA = PrometheusScrape.of(a.managementUrl());
    PrometheusScrape beforeB = PrometheusScrape.of(b.managementUrl());

    for (int i = 0; i < 2; i++) {
      assertThat(
              a.http().passwordGrant(REALM, DemoRealm.POS_CLIENT, "store.server", DIGEST).status())
          .isEqualTo(200);
    }
    assertThat(
            a.http()
                .passwordGrant(
                    REALM, DemoRealm.POS_CLIENT, "no-such-till", ClusterFixtures.digest("x"))
                .status())
        .isEqualTo(400);
    for (int i = 0; i < 3; i++) {
      assertThat(ClusterGateway.verifyBasic(a, REALM, "store.server", DIGEST).status())
          .isEqualTo(200);
    }

    PrometheusScrape afterA = PrometheusScrape.of(a.managementUrl());
    PrometheusScrape afterB = PrometheusScrape.of(b.managementUrl());
    String logins = "tillauth_till_logins_total";
    String verifications = "tillauth_gateway_verifications_total";
    String[] success = {"realm", REALM, "outcome", "success"};
    String[] unknown = {"realm", REALM, "outcome", "not_a_till"};
    String[] basic200 = {"realm", REALM, "credential", "basic", "status", "200"};

    assertThat(afterA.value(logins, success) - beforeA.value(logins, success)).isEqualTo(2);
    assertThat(afterA.value(logins, unknown) - beforeA.value(logins, unknown)).isEqualTo(1);
    assertThat(afterA.value(verifications, basic200) - beforeA.value(verifications, basic200))
        .isEqualTo(3);
    // Node A's cache served the second and third Basic request; node B's saw nothing.
    assertThat(
            afterA.value("tillauth_gateway_cache_hits_total")
                - beforeA.value("tillauth_gateway_cache_hits_total"))
        .isEqualTo(2);

    assertThat(afterB.value(logins, "realm", REALM) - beforeB.value(logins, "realm", REALM))
        .isZero();
    assertThat(
            afterB.value(verifications, "realm", REALM)
                - beforeB.value(verifications, "realm", REALM))
        .isZero();
    assertThat(
            afterB.value("tillauth_gateway_cache_hits_total")
                - beforeB.value("tillauth_gateway_cache_hits_total"))
        .isZero();
    assertThat(
            afterB.value("tillauth_gateway_cache_misses_total")
                - beforeB.value("tillauth_gateway_cache_misses_total"))
        .isZero();
  }

  @Test
  void bothNodesServeTheirMetersOnTheirOwnManagementPort() {
    b.http().get("/realms/" + REALM + "/till-auth/verify", Map.of("X-Original-Method", "GET"));
    PrometheusScrape scrapeB = PrometheusScrape.of(b.managementUrl());
    assertThat(
            scrapeB.value(
                "tillauth_gateway_verifications_total",
                "realm",
                REALM,
                "credential",
                "none",
                "status",
                "401"))
        .isEqualTo(1);
    assertThat(scrapeB.has("tillauth_gateway_cache_entries")).isTrue();
  }
}
