package org.tillauth.keycloak.cluster;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.tillauth.keycloak.testing.KeycloakCluster;
import org.tillauth.keycloak.testing.Races;
import org.tillauth.keycloak.testing.UniqueNames;

/**
 * Two administrators at once, one on each node of the cluster (PostgreSQL): requests released
 * together on a barrier, one to node A and one to node B. The row locks are in the shared database,
 * so names differing only in case are created once, every regenerated secret answered works on both
 * nodes (or the request was refused with 409), and a client never names a group or a default till
 * the other node deleted or disabled at the same moment. Never a 5xx.
 */
@ClusterIT
@Order(4)
class ConcurrentAdministratorsClusterIT {

  static final String REALM = UniqueNames.of("cluster-races");
  static final String BASE = "/admin/realms/" + REALM;
  static final int ROUNDS = 5;

  static ClusterNode a;
  static ClusterNode b;

  @BeforeAll
  static void realm(KeycloakCluster cluster) {
    a = cluster.a();
    b = cluster.b();
    DemoRealm.createCopy(a.admin(), REALM);
    ClusterFixtures.expect(
        a.admin().put(BASE, Map.of("attributes", Map.of("tillauth.api-clients.max", "1000"))), 204);
  }

  @AfterAll
  static void dropRealm() {
    a.admin().delete(BASE);
  }

  /** Request 0 through node A, request 1 through node B, released together. */
  static List<Http.Result> acrossNodes(
      java.util.function.BiFunction<AdminApi, Integer, Http.Result> request) throws Exception {
    return Races.race(2, i -> request.apply(i == 0 ? a.admin() : b.admin(), i));
  }

  @Test
  void storeCodesDifferingInCaseAreCreatedOnce() throws Exception {
    for (int round = 0; round < ROUNDS; round++) {
      String code = "race-" + round + "-" + UniqueNames.of("s").substring(2);
      assertCreatedOnce(
          acrossNodes(
              (admin, i) ->
                  admin.post(
                      BASE + "/stores",
                      Map.of("code", i == 0 ? code : code.toUpperCase(), "name", "Race " + i))));
    }
  }

  @Test
  void accessGroupNamesDifferingInCaseAreCreatedOnce() throws Exception {
    for (int round = 0; round < ROUNDS; round++) {
      String name = "Race" + round + UniqueNames.of("g").substring(2);
      assertCreatedOnce(
          acrossNodes(
              (admin, i) ->
                  admin.post(
                      BASE + "/access-groups",
                      Map.of("name", i == 0 ? name.toLowerCase() : name.toUpperCase()))));
    }
  }

  @Test
  void apiClientNamesAreCreatedOnce() throws Exception {
    for (int round = 0; round < ROUNDS; round++) {
      String name = UniqueNames.of("same name " + round);
      assertCreatedOnce(
          acrossNodes(
              (admin, i) ->
                  admin.post(BASE + "/api-clients", client(i == 0 ? name : name.toUpperCase()))));
    }
  }

  @Test
  void everyRegeneratedSecretWorksOnBothNodes() throws Exception {
    Http.Result registered =
        a.admin().post(BASE + "/api-clients", client(UniqueNames.of("secret")));
    ClusterFixtures.expect(registered, 201);
    String id = registered.json().path("id").asText();
    String key = registered.json().path("clientKey").asText();
    for (int round = 0; round < ROUNDS; round++) {
      // With a grace period both secrets answered work: the later one as the current secret, the
      // earlier one as the previous.
      List<Http.Result> graced =
          acrossNodes(
              (admin, i) ->
                  admin.post(BASE + "/api-clients/" + id + "/secret", Map.of("gracePeriod", "1h")));
      assertNo5xx(graced);
      for (Http.Result answer : graced) {
        assertThat(answer.status()).as("%s", answer).isIn(200, 409);
        if (answer.status() == 200) {
          String secret = answer.json().path("clientSecret").asText();
          for (ClusterNode node : List.of(a, b)) {
            ClusterFixtures.eventually(
                "round " + round + ": a secret answered works on " + node.name(),
                () -> node.http().clientCredentials(REALM, key, secret, Map.of()).status(),
                status -> status == 200);
          }
        }
      }
      assertThat(graced).anySatisfy(answer -> assertThat(answer.status()).isEqualTo(200));
      // Without one, exactly the secret saved last works, on both nodes.
      List<Http.Result> immediate =
          acrossNodes(
              (admin, i) ->
                  admin.post(BASE + "/api-clients/" + id + "/secret", Map.of("gracePeriod", "0")));
      assertNo5xx(immediate);
      assertThat(immediate).allSatisfy(answer -> assertThat(answer.status()).isIn(200, 409));
      List<String> secrets =
          immediate.stream()
              .filter(answer -> answer.status() == 200)
              .map(answer -> answer.json().path("clientSecret").asText())
              .toList();
      assertThat(secrets).as("round %d: %s", round, immediate).isNotEmpty();
      for (ClusterNode node : List.of(a, b)) {
        ClusterFixtures.eventually(
            "round " + round + ": exactly one secret works on " + node.name(),
            () ->
                secrets.stream()
                    .filter(
                        secret ->
                            node.http().clientCredentials(REALM, key, secret, Map.of()).status()
                                == 200)
                    .count(),
            working -> working == 1);
      }
    }
  }

  /** Registration on A, the group's deletion on B (and the other way round): never both. */
  @Test
  void aClientNeverNamesAGroupDeletedOnTheOtherNode() throws Exception {
    for (int round = 0; round < ROUNDS; round++) {
      String group = "Doomed" + round + UniqueNames.of("g").substring(2);
      ClusterFixtures.expect(a.admin().post(BASE + "/access-groups", Map.of("name", group)), 201);
      Map<String, Object> body = client(UniqueNames.of("group race " + round));
      body.put("accessGroup", group);
      int saver = round % 2;
      List<Http.Result> answers =
          acrossNodes(
              (admin, i) ->
                  i == saver
                      ? admin.post(BASE + "/api-clients", body)
                      : admin.delete(BASE + "/access-groups/" + group));
      assertNo5xx(answers);
      Http.Result save = answers.get(saver);
      Http.Result delete = answers.get(1 - saver);
      assertThat(save.status()).as("%s", save).isIn(201, 400, 409);
      assertThat(delete.status()).as("%s", delete).isIn(204, 400, 409);
      assertThat(save.status() == 201 && delete.status() == 204)
          .as("round %d: %s", round, answers)
          .isFalse();
      if (save.status() == 201) {
        String id = save.json().path("id").asText();
        for (ClusterNode node : List.of(a, b)) {
          assertThat(node.admin().getJson(BASE + "/api-clients/" + id).path("accessGroup").asText())
              .isEqualTo(group);
          assertThat(node.admin().get(BASE + "/access-groups/" + group).status()).isEqualTo(200);
        }
        ClusterFixtures.expect(a.admin().delete(BASE + "/api-clients/" + id), 204);
      }
    }
  }

  /** Registration on one node, the default till's disabling on the other: never both. */
  @Test
  void aClientNeverNamesATillDisabledOnTheOtherNode() throws Exception {
    for (int round = 0; round < ROUNDS; round++) {
      String till = "race-till-" + round + "-" + UniqueNames.of("t").substring(2);
      Map<String, Object> newTill = new LinkedHashMap<>();
      newTill.put("code", till);
      newTill.put("store", "store-001");
      newTill.put("md5Digest", "0123456789abcdef0123456789abcdef");
      ClusterFixtures.expect(a.admin().post(BASE + "/tills", newTill), 201);
      Map<String, Object> body = client(UniqueNames.of("till race " + round));
      body.put("defaultTill", till);
      int saver = round % 2;
      List<Http.Result> answers =
          acrossNodes(
              (admin, i) ->
                  i == saver
                      ? admin.post(BASE + "/api-clients", body)
                      : admin.put(BASE + "/tills/" + till, Map.of("enabled", false)));
      assertNo5xx(answers);
      Http.Result save = answers.get(saver);
      Http.Result disable = answers.get(1 - saver);
      assertThat(save.status()).as("%s", save).isIn(201, 400, 409);
      assertThat(disable.status()).as("%s", disable).isIn(200, 400, 409);
      assertThat(save.status() == 201 && disable.status() == 200)
          .as("round %d: %s", round, answers)
          .isFalse();
      if (save.status() == 201) {
        String id = save.json().path("id").asText();
        for (ClusterNode node : List.of(a, b)) {
          assertThat(node.admin().getJson(BASE + "/api-clients/" + id).path("defaultTill").asText())
              .isEqualTo(till);
          assertThat(node.admin().getJson(BASE + "/tills/" + till).path("enabled").asBoolean())
              .isTrue();
        }
        ClusterFixtures.expect(a.admin().delete(BASE + "/api-clients/" + id), 204);
      }
    }
  }

  private static void assertCreatedOnce(List<Http.Result> answers) {
    assertNo5xx(answers);
    assertThat(answers.stream().filter(a -> a.status() == 201).count())
        .as("%s", answers)
        .isEqualTo(1);
    assertThat(answers).allSatisfy(a -> assertThat(a.status()).as("%s", a).isIn(201, 400, 409));
  }

  private static void assertNo5xx(List<Http.Result> answers) {
    assertThat(answers).allSatisfy(a -> assertThat(a.status()).as("%s", a).isLessThan(500));
  }

  private static Map<String, Object> client(String name) {
    Map<String, Object> client = new LinkedHashMap<>();
    client.put("name", name);
    client.put("tokenExpiry", "30m");
    client.put("defaultTill", "store.server");
    client.put("accessGroup", "POS");
    return client;
  }
}
