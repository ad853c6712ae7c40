package org.tillauth.keycloak.jpa;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tillauth.keycloak.testing.AdminApi;
import org.tillauth.keycloak.testing.DemoRealm;
import org.tillauth.keycloak.testing.Http;
import org.tillauth.keycloak.testing.KeycloakIT;
import org.tillauth.keycloak.testing.UniqueNames;

/**
 * Administrators doing the same thing at the same moment: requests released together on a barrier,
 * several rounds. Never a 5xx; the same object's edits take turns (or one gets 409 {@code
 * conflict}); every secret the API answers works; names and codes that differ only in case are
 * created once.
 */
@KeycloakIT
class ConcurrentAdministratorsIT {

  static final String REALM = UniqueNames.of("races");
  static final String BASE = "/admin/realms/" + REALM;
  static final int ROUNDS = 6;

  @BeforeAll
  static void realm(AdminApi admin) {
    DemoRealm.createCopy(admin, REALM);
  }

  @AfterAll
  static void dropRealm(AdminApi admin) {
    admin.delete(BASE);
  }

  @Test
  void twoEditsOfOneAccessGroupTakeTurns(AdminApi admin) throws Exception {
    assertThat(admin.post(BASE + "/access-groups", Map.of("name", "Racing")).status())
        .isEqualTo(201);
    for (int round = 0; round < ROUNDS; round++) {
      String prefix = "round " + round + " by ";
      List<Http.Result> answers =
          race(
              2,
              i ->
                  admin.put(
                      BASE + "/access-groups/Racing",
                      Map.of(
                          "description",
                          prefix + i,
                          "permissions",
                          Map.of(
                              "data",
                              Map.of("customer", i == 0 ? "read" : "write", "points", "read")))));
      assertNo5xx(answers);
      assertThat(answers).allSatisfy(a -> assertThat(a.status()).as("%s", a).isIn(200, 409));
      assertThat(answers).anySatisfy(a -> assertThat(a.status()).isEqualTo(200));
      JsonNode group = admin.getJson(BASE + "/access-groups/Racing");
      assertThat(group.path("description").asText()).startsWith(prefix);
    }
  }

  @Test
  void everyRegeneratedSecretWorks(AdminApi admin, Http http) throws Exception {
    String id = registerClient(admin, UniqueNames.of("secret race"));
    String key = admin.getJson(BASE + "/api-clients/" + id).path("clientKey").asText();
    for (int round = 0; round < ROUNDS; round++) {
      // With a grace period both secrets answered must work: the later one as the current
      // secret, the earlier one as the previous.
      List<Http.Result> graced =
          race(
              2,
              i ->
                  admin.post(BASE + "/api-clients/" + id + "/secret", Map.of("gracePeriod", "1h")));
      assertNo5xx(graced);
      for (Http.Result answer : graced) {
        assertThat(answer.status()).as("%s", answer).isIn(200, 409);
        if (answer.status() == 200) {
          String secret = answer.json().path("clientSecret").asText();
          assertThat(http.clientCredentials(REALM, key, secret, Map.of()).status())
              .as("secret answered in round %d works", round)
              .isEqualTo(200);
        }
      }
      // Without one, the secret saved last works, and no answer is a server error.
      List<Http.Result> immediate =
          race(
              2,
              i -> admin.post(BASE + "/api-clients/" + id + "/secret", Map.of("gracePeriod", "0")));
      assertNo5xx(immediate);
      long working =
          immediate.stream()
              .filter(a -> a.status() == 200)
              .filter(
                  a ->
                      http.clientCredentials(
                                  REALM, key, a.json().path("clientSecret").asText(), Map.of())
                              .status()
                          == 200)
              .count();
      assertThat(working).as("round %d: %s", round, immediate).isEqualTo(1);
    }
  }

  @Test
  void storeCodesDifferingInCaseAreCreatedOnce(AdminApi admin) throws Exception {
    for (int round = 0; round < ROUNDS; round++) {
      String code = "race-" + round + "-" + UniqueNames.of("s").substring(2);
      List<Http.Result> answers =
          race(
              4,
              i ->
                  admin.post(
                      BASE + "/stores",
                      Map.of("code", i % 2 == 0 ? code : code.toUpperCase(), "name", "Race " + i)));
      assertCreatedOnce(answers);
    }
  }

  @Test
  void accessGroupNamesDifferingInCaseAreCreatedOnce(AdminApi admin) throws Exception {
    for (int round = 0; round < ROUNDS; round++) {
      String name = "Race" + round;
      List<Http.Result> answers =
          race(
              4,
              i ->
                  admin.post(
                      BASE + "/access-groups",
                      Map.of("name", i % 2 == 0 ? name.toLowerCase() : name.toUpperCase())));
      assertCreatedOnce(answers);
    }
  }

  @Test
  void apiClientNamesAreCreatedOnce(AdminApi admin) throws Exception {
    for (int round = 0; round < ROUNDS; round++) {
      String name = UniqueNames.of("same name " + round);
      List<Http.Result> answers =
          race(
              4,
              i ->
                  admin.post(
                      BASE + "/api-clients", client(i % 2 == 0 ? name : name.toUpperCase())));
      assertCreatedOnce(answers);
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

  private static String registerClient(AdminApi admin, String name) {
    return AdminApi.createdId(admin.post(BASE + "/api-clients", client(name)));
  }

  private static Map<String, Object> client(String name) {
    Map<String, Object> client = new LinkedHashMap<>();
    client.put("name", name);
    client.put("tokenExpiry", "30m");
    client.put("defaultTill", "store.server");
    client.put("accessGroup", "POS");
    return client;
  }

  /** {@code n} requests, released together on a barrier. */
  private static List<Http.Result> race(int n, IntFunction<Http.Result> request) throws Exception {
    CyclicBarrier start = new CyclicBarrier(n);
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      List<Future<Http.Result>> futures = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        int index = i;
        futures.add(
            pool.submit(
                () -> {
                  start.await(30, TimeUnit.SECONDS);
                  return request.apply(index);
                }));
      }
      List<Http.Result> results = new ArrayList<>();
      for (Future<Http.Result> future : futures) {
        results.add(future.get(120, TimeUnit.SECONDS));
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }
}
