package org.tillauth.keycloak.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tillauth.keycloak.cluster.ClusterFixtures.unique;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.tillauth.keycloak.testing.ClusterIT;
import org.tillauth.keycloak.testing.ClusterNode;
import org.tillauth.keycloak.testing.DemoRealm;
import org.tillauth.keycloak.testing.Http;
import org.tillauth.keycloak.testing.KeycloakCluster;

/**
 * A till import runs on node A and A is killed (SIGKILL) in the middle of it. Node B reports the
 * job as interrupted, holds only whole tills (each with role, store and password; no user without
 * them), and the same file uploaded on B completes the fleet without duplicates. Runs after the
 * other cluster tests: it restarts node A.
 */
@ClusterIT
@Order(6)
class ImportNodeFailureClusterIT {

  static final String REALM = DemoRealm.NAME;
  static final String BASE = "/admin/realms/" + REALM;
  static final int TILLS = 400;

  @Test
  void anImportWhoseNodeDiesIsInterruptedWholeAndCompletedByARunOfTheSameFile(
      KeycloakCluster cluster) {
    ClusterNode a = cluster.a();
    ClusterNode b = cluster.b();
    String store = unique("imp-store");
    ClusterFixtures.expect(
        a.admin().post(BASE + "/stores", Map.of("code", store, "name", "Import")), 201);
    String prefix = unique("imp");
    StringBuilder csv = new StringBuilder("code,store,password\n");
    for (int i = 0; i < TILLS; i++) {
      csv.append(String.format("%s-%04d,%s,pass-%d%n", prefix, i, store, i));
    }

    Http.Result started = upload(a, csv.toString());
    assertThat(started.status()).as(started.body()).isEqualTo(202);
    String job = BASE + "/organisation-import/" + started.json().path("id").asText();
    // B sees the job's progress (replicated status); kill A once some, not all, is written.
    JsonNode progress =
        ClusterFixtures.eventually(
            "progress of the import seen on B",
            () -> b.admin().getJson(job),
            j -> j.path("written").asInt() > 0);
    a.kill();
    assertThat(progress.path("written").asInt()).isLessThan(TILLS);

    // The job's heartbeat stops with A; after 30 s of silence B reports it as interrupted.
    JsonNode interrupted = awaitEnd(b, job, Duration.ofSeconds(90));
    assertThat(interrupted.path("status").asText())
        .as(interrupted.toString())
        .isEqualTo("interrupted");
    assertThat(interrupted.path("message").asText()).contains("Upload the same file again");
    int written = interrupted.path("written").asInt();
    assertThat(written).isBetween(1, TILLS - 1);

    // Only whole tills: every user of the import is a listed till with store and password.
    Http.Result tills = b.admin().get(BASE + "/tills?max=1000&search=" + prefix);
    int whole = Integer.parseInt(tills.header("X-Total-Count"));
    tills
        .json()
        .forEach(
            t -> {
              assertThat(t.path("store").asText()).isEqualTo(store);
              assertThat(t.path("password").asText()).isEqualTo("md5-prehash");
              assertThat(t.path("problems")).isEmpty();
            });
    int users = b.admin().getJson(BASE + "/users/count?search=" + prefix).asInt();
    assertThat(users).as("users made by the import").isEqualTo(whole);
    assertThat(whole)
        .as("tills written (the job saves after each batch)")
        .isGreaterThanOrEqualTo(written);

    // The same file on B imports the rest; nothing twice.
    Http.Result again = upload(b, csv.toString());
    assertThat(again.status()).as(again.body()).isEqualTo(202);
    String rerun = BASE + "/organisation-import/" + again.json().path("id").asText();
    assertThat(again.json().path("unchanged").asInt()).isEqualTo(whole);
    JsonNode done = awaitEnd(b, rerun, Duration.ofMinutes(3));
    assertThat(done.path("status").asText()).as(done.toString()).isEqualTo("done");
    assertThat(done.path("created").asInt()).isEqualTo(TILLS - whole);
    assertThat(done.path("failed").asInt()).isZero();
    assertThat(b.admin().get(BASE + "/tills?max=1&search=" + prefix).header("X-Total-Count"))
        .isEqualTo(String.valueOf(TILLS));
    assertThat(b.admin().getJson(BASE + "/users/count?search=" + prefix).asInt()).isEqualTo(TILLS);
    assertThat(
            b.http()
                .passwordGrant(
                    REALM,
                    DemoRealm.POS_CLIENT,
                    prefix + "-0399",
                    ClusterFixtures.digest("pass-399"))
                .status())
        .isEqualTo(200);

    cluster.restart(a);
    cluster.awaitClusterOfTwo();
  }

  private static JsonNode awaitEnd(ClusterNode node, String job, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    JsonNode status = node.admin().getJson(job);
    while ("running".equals(status.path("status").asText())) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("still running after " + timeout + ": " + status);
      }
      ClusterFixtures.sleep(Duration.ofMillis(500));
      status = node.admin().getJson(job);
    }
    return status;
  }

  private static Http.Result upload(ClusterNode node, String csv) {
    return node.http()
        .send(
            node.http()
                .request(
                    BASE + "/organisation-import/tills",
                    Map.of(
                        "Authorization", node.admin().authorization(), "Content-Type", "text/csv"))
                .timeout(Duration.ofMinutes(2))
                .POST(HttpRequest.BodyPublishers.ofString(csv))
                .build());
  }
}
