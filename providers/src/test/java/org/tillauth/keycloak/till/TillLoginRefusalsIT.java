package org.tillauth.keycloak.till;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.tillauth.keycloak.testing.RealmFixtures.expect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
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
import org.tillauth.keycloak.testing.BruteForce;
import org.tillauth.keycloak.testing.DemoRealm;
import org.tillauth.keycloak.testing.Http;
import org.tillauth.keycloak.testing.KeycloakIT;
import org.tillauth.keycloak.testing.RealmFixtures;

/**
 * Till logins with the right digest under brute-force detection (issue #29 item 8): never refused
 * one after the other; refused in parallel only by Keycloak's one-login-at-a-time guard, which the
 * till step's "Parallel logins of one till" lifts without lifting the lockout.
 */
@KeycloakIT
class TillLoginRefusalsIT {

  static final String GUARDED = "till-refusals";
  static final String PARALLEL = "till-refusals-parallel";
  static final int THREADS = 4;
  static final int FAILURE_FACTOR = 5;

  static RealmFixtures guarded;
  static RealmFixtures parallel;

  @BeforeAll
  static void realms(AdminApi admin) {
    guarded = realm(admin, GUARDED, false);
    parallel = realm(admin, PARALLEL, true);
  }

  @AfterAll
  static void dropRealms(AdminApi admin) {
    admin.delete("/admin/realms/" + GUARDED);
    admin.delete("/admin/realms/" + PARALLEL);
  }

  @Test
  void sequentialLoginsWithTheRightDigestAreNeverRefused(Http http, AdminApi admin) {
    // Before 26.6 Keycloak processes every successful login in the background and its guard
    // refuses the next one meanwhile: README says to turn parallel logins on there.
    assumeThat(keycloakAtLeast(26, 6)).as("Keycloak 26.6 or later").isTrue();
    String id = guarded.till("one-by-one", "one-pass");
    List<Http.Result> refused = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      Http.Result answer = login(http, GUARDED, "one-by-one", "one-pass");
      if (answer.status() != 200) {
        refused.add(answer);
      }
    }
    assertThat(refused).as("refusals of 200 sequential logins").isEmpty();
    assertThat(BruteForce.status(admin, GUARDED, id).path("numFailures").asInt()).isZero();
  }

  @Test
  void byDefaultOverlappingLoginsAreRefusedOnlyAsInProgressAndRecordNoFailure(
      Http http, AdminApi admin) throws Exception {
    String id = guarded.till("overlapping", "overlap-pass");
    List<Http.Result> answers =
        race(THREADS, 25, i -> login(http, GUARDED, "overlapping", "overlap-pass"));

    List<Http.Result> refused = answers.stream().filter(a -> a.status() != 200).toList();
    assertThat(refused)
        .allSatisfy(a -> assertThat(a.body()).as("%s", a).isEqualTo(TillLoginIT.INVALID_GRANT));
    if (!refused.isEmpty()) {
      JsonNode errors =
          admin.getJson(
              "/admin/realms/" + GUARDED + "/events?type=LOGIN_ERROR&user=" + id + "&max=200");
      assertThat(errors).isNotEmpty();
      assertThat(errors)
          .allSatisfy(
              e -> assertThat(e.path("error").asText()).isEqualTo("user_temporarily_disabled"));
    }
    // Nothing was counted against the till: its next login passes (once Keycloak's background
    // processing of the last overlapping one is done).
    assertThat(BruteForce.status(admin, GUARDED, id).path("numFailures").asInt()).isZero();
    Http.Result next = login(http, GUARDED, "overlapping", "overlap-pass");
    for (int i = 0; i < 10 && next.status() != 200; i++) {
      Thread.sleep(200);
      next = login(http, GUARDED, "overlapping", "overlap-pass");
    }
    assertThat(next.status()).as("%s", next).isEqualTo(200);
  }

  @Test
  void withParallelLoginsOnNoLoginWithTheRightDigestIsRefused(Http http, AdminApi admin)
      throws Exception {
    String id = parallel.till("fleet", "fleet-pass");
    List<Http.Result> answers =
        race(THREADS, 25, i -> login(http, PARALLEL, "fleet", "fleet-pass"));
    for (int i = 0; i < 100; i++) {
      answers.add(login(http, PARALLEL, "fleet", "fleet-pass"));
    }
    assertThat(answers.stream().filter(a -> a.status() != 200).toList())
        .as("refusals of %d logins, %d of them 4-way parallel", answers.size(), THREADS * 25)
        .isEmpty();
    assertThat(BruteForce.status(admin, PARALLEL, id).path("numFailures").asInt()).isZero();
  }

  @Test
  void withParallelLoginsOnOverlappingWrongDigestsStillLockTheTill(Http http, AdminApi admin)
      throws Exception {
    String id = parallel.till("guessed", "guessed-pass");
    List<Http.Result> answers =
        race(8, 4, i -> login(http, PARALLEL, "guessed", "wrong-" + i + "-" + Math.random()));
    assertThat(answers)
        .allSatisfy(a -> assertThat(a.body()).as("%s", a).isEqualTo(TillLoginIT.INVALID_GRANT));

    JsonNode status = BruteForce.awaitLocked(admin, PARALLEL, id);
    assertThat(status.path("numFailures").asInt()).isGreaterThanOrEqualTo(FAILURE_FACTOR);
    Http.Result locked = login(http, PARALLEL, "guessed", "guessed-pass");
    assertThat(locked.status()).isEqualTo(400);
    assertThat(locked.body()).isEqualTo(TillLoginIT.INVALID_GRANT);
  }

  private static Http.Result login(Http http, String realm, String till, String password) {
    return http.passwordGrant(realm, DemoRealm.POS_CLIENT, till, Md5Digest.of(password));
  }

  private static RealmFixtures realm(AdminApi admin, String realm, boolean parallelLogins) {
    DemoRealm.createCopy(admin, realm);
    expect(
        admin.put(
            "/admin/realms/" + realm,
            Map.of(
                "bruteForceProtected", true,
                "failureFactor", FAILURE_FACTOR,
                "quickLoginCheckMilliSeconds", 1,
                "waitIncrementSeconds", 900,
                "maxFailureWaitSeconds", 900)),
        204);
    setParallelLogins(admin, realm, parallelLogins);
    return new RealmFixtures(admin, realm, "refusals");
  }

  /** What an administrator does in the console: the till step's config in the flow. */
  private static void setParallelLogins(AdminApi admin, String realm, boolean on) {
    JsonNode executions =
        admin.getJson(
            "/admin/realms/" + realm + "/authentication/flows/till%20direct%20grant/executions");
    String configId = null;
    for (JsonNode execution : executions) {
      if ("till-md5-password".equals(execution.path("providerId").asText())) {
        configId = execution.path("authenticationConfig").asText();
      }
    }
    assertThat(configId).as("till execution config in %s", executions).isNotBlank();
    ObjectNode config =
        (ObjectNode) admin.getJson("/admin/realms/" + realm + "/authentication/config/" + configId);
    ((ObjectNode) config.get("config")).put("parallel-logins", Boolean.toString(on));
    expect(admin.put("/admin/realms/" + realm + "/authentication/config/" + configId, config), 204);
  }

  /** {@code threads} callers released together on a barrier, each sending {@code each} requests. */
  private static List<Http.Result> race(int threads, int each, IntFunction<Http.Result> request)
      throws Exception {
    CyclicBarrier start = new CyclicBarrier(threads);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<List<Http.Result>>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        futures.add(
            pool.submit(
                () -> {
                  start.await(30, TimeUnit.SECONDS);
                  List<Http.Result> results = new ArrayList<>();
                  for (int i = 0; i < each; i++) {
                    results.add(request.apply(thread * each + i));
                  }
                  return results;
                }));
      }
      List<Http.Result> all = new ArrayList<>();
      for (Future<List<Http.Result>> future : futures) {
        all.addAll(future.get(5, TimeUnit.MINUTES));
      }
      return all;
    } finally {
      pool.shutdownNow();
    }
  }

  private static boolean keycloakAtLeast(int major, int minor) {
    String[] version = System.getProperty("keycloak.version", "26.7.3").split("\\.");
    int actualMajor = Integer.parseInt(version[0]);
    return actualMajor > major || (actualMajor == major && Integer.parseInt(version[1]) >= minor);
  }
}
