package org.tillauth.keycloak.internals.jpa;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tillauth.keycloak.testing.AdminApi;
import org.tillauth.keycloak.testing.DemoRealm;
import org.tillauth.keycloak.testing.Http;
import org.tillauth.keycloak.testing.KeycloakIT;
import org.tillauth.keycloak.testing.Races;
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
    // Room for every client the races register; the limit's own race sets it tight.
    setLimit(admin, "1000");
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

  /**
   * A registration (even rounds) or a change of an existing client (odd rounds) naming a group,
   * released together with the group's deletion: never both. A client that was saved names a group
   * that exists, and gets tokens.
   */
  @Test
  void aClientNeverNamesADeletedAccessGroup(AdminApi admin, Http http) throws Exception {
    Registered existing = register(admin, client(UniqueNames.of("group mover")));
    for (int round = 0; round < ROUNDS; round++) {
      String group = "Doomed" + round;
      assertThat(admin.post(BASE + "/access-groups", Map.of("name", group)).status())
          .isEqualTo(201);
      boolean modify = round % 2 == 1;
      Map<String, Object> body = client(UniqueNames.of("group race " + round));
      body.put("accessGroup", group);
      List<Http.Result> answers =
          race(
              2,
              i ->
                  i == 1
                      ? admin.delete(BASE + "/access-groups/" + group)
                      : modify
                          ? admin.put(
                              BASE + "/api-clients/" + existing.id(), Map.of("accessGroup", group))
                          : admin.post(BASE + "/api-clients", body));
      assertNo5xx(answers);
      Http.Result save = answers.get(0);
      Http.Result delete = answers.get(1);
      assertThat(save.status()).as("%s", save).isIn(modify ? 200 : 201, 400, 409);
      assertThat(delete.status()).as("%s", delete).isIn(204, 400, 409);
      boolean saved = save.status() < 300;
      boolean deleted = delete.status() == 204;
      assertThat(saved && deleted).as("round %d: %s", round, answers).isFalse();
      if (deleted) {
        assertThat(admin.get(BASE + "/access-groups/" + group).status()).isEqualTo(404);
      }
      if (saved) {
        Registered client =
            modify ? existing : new Registered(save.json().path("id").asText(), save.json());
        assertThat(admin.getJson(BASE + "/api-clients/" + client.id()).path("accessGroup").asText())
            .isEqualTo(group);
        assertThat(admin.get(BASE + "/access-groups/" + group).status()).isEqualTo(200);
        assertThat(token(http, client).status()).as("round %d", round).isEqualTo(200);
        if (modify) {
          assertThat(
                  admin
                      .put(BASE + "/api-clients/" + existing.id(), Map.of("accessGroup", "POS"))
                      .status())
              .isEqualTo(200);
        } else {
          assertThat(admin.delete(BASE + "/api-clients/" + client.id()).status()).isEqualTo(204);
        }
      }
      if (save.status() == 400) {
        assertThat(save.json().path("error_description").asText())
            .isEqualTo("Access group \"" + group + "\" does not exist under /access-groups");
      }
      if (delete.status() == 400) {
        assertThat(delete.json().path("error_description").asText())
            .startsWith(
                "Access group \"" + group + "\" cannot be deleted while API clients use it");
      }
    }
  }

  /**
   * A registration (rounds 0, 1 mod 4) or a change of an existing client (2, 3) naming a till as
   * its default, released together with the till's disabling (even rounds) or deletion (odd): never
   * both. A client that was saved names an enabled till, and gets tokens.
   */
  @Test
  void aClientNeverNamesADisabledOrDeletedDefaultTill(AdminApi admin, Http http) throws Exception {
    Registered existing = register(admin, client(UniqueNames.of("till mover")));
    for (int round = 0; round < ROUNDS; round++) {
      String till = "race-till-" + round + "-" + UniqueNames.of("t").substring(2).toLowerCase();
      Map<String, Object> newTill = new LinkedHashMap<>();
      newTill.put("code", till);
      newTill.put("store", "store-001");
      newTill.put("md5Digest", "0123456789abcdef0123456789abcdef");
      Http.Result created = admin.post(BASE + "/tills", newTill);
      assertThat(created.status()).as("%s", created).isEqualTo(201);
      boolean modify = round % 4 >= 2;
      boolean deleting = round % 2 == 1;
      Map<String, Object> body = client(UniqueNames.of("till race " + round));
      body.put("defaultTill", till);
      List<Http.Result> answers =
          race(
              2,
              i ->
                  i == 1
                      ? deleting
                          ? admin.delete(BASE + "/tills/" + till)
                          : admin.put(BASE + "/tills/" + till, Map.of("enabled", false))
                      : modify
                          ? admin.put(
                              BASE + "/api-clients/" + existing.id(), Map.of("defaultTill", till))
                          : admin.post(BASE + "/api-clients", body));
      assertNo5xx(answers);
      Http.Result save = answers.get(0);
      Http.Result change = answers.get(1);
      assertThat(save.status()).as("%s", save).isIn(modify ? 200 : 201, 400, 409);
      assertThat(change.status()).as("%s", change).isIn(deleting ? 204 : 200, 400, 409);
      boolean saved = save.status() < 300;
      boolean changed = change.status() < 300;
      assertThat(saved && changed).as("round %d: %s", round, answers).isFalse();
      Http.Result tillNow = admin.get(BASE + "/tills/" + till);
      if (saved) {
        Registered client =
            modify ? existing : new Registered(save.json().path("id").asText(), save.json());
        assertThat(admin.getJson(BASE + "/api-clients/" + client.id()).path("defaultTill").asText())
            .isEqualTo(till);
        assertThat(tillNow.status()).isEqualTo(200);
        assertThat(tillNow.json().path("enabled").asBoolean()).isTrue();
        assertThat(token(http, client).status()).as("round %d", round).isEqualTo(200);
        if (modify) {
          assertThat(
                  admin
                      .put(
                          BASE + "/api-clients/" + existing.id(),
                          Map.of("defaultTill", "store.server"))
                      .status())
              .isEqualTo(200);
        } else {
          assertThat(admin.delete(BASE + "/api-clients/" + client.id()).status()).isEqualTo(204);
        }
      }
      if (changed) {
        assertThat(tillNow.status()).isEqualTo(deleting ? 404 : 200);
        if (!deleting) {
          assertThat(tillNow.json().path("enabled").asBoolean()).isFalse();
        }
      }
      if (save.status() == 400) {
        assertThat(save.json().path("error_description").asText())
            .isEqualTo(
                "Default till code \"" + till + "\" is not an enabled till of realm " + REALM);
      }
      if (change.status() == 400) {
        assertThat(change.json().path("error_description").asText())
            .startsWith(
                "Till \""
                    + till
                    + "\" cannot be "
                    + (deleting ? "deleted" : "disabled")
                    + " while API clients use it as their default till: ");
      }
    }
  }

  /**
   * 20 registrations released together with 2 places left under the limit: exactly 2 are created,
   * the others refused with the limit's text (or 409 when the realm's row was not had in time),
   * none a server error; the realm then has exactly the limit.
   */
  @Test
  void theApiClientLimitIsExactUnderConcurrency(AdminApi admin) throws Exception {
    int limitRefusals = 0;
    try {
      for (int round = 0; round < 3; round++) {
        int before = admin.getJson(BASE + "/api-clients/settings").path("clients").asInt();
        int max = before + 2;
        setLimit(admin, String.valueOf(max));
        String prefix = UniqueNames.of("limit " + round);
        List<Http.Result> answers =
            race(20, i -> admin.post(BASE + "/api-clients", client(prefix + " " + i)));
        assertNo5xx(answers);
        List<Http.Result> created = answers.stream().filter(a -> a.status() == 201).toList();
        assertThat(created).as("round %d: %s", round, answers).hasSize(2);
        for (Http.Result answer : answers) {
          if (answer.status() == 201) {
            continue;
          }
          assertThat(answer.status()).as("%s", answer).isIn(400, 409);
          if (answer.status() == 400) {
            limitRefusals++;
            assertThat(answer.json().path("error_description").asText())
                .isEqualTo(
                    "This organisation already has the maximum of "
                        + max
                        + " API clients; delete one or raise the limit");
          }
        }
        assertThat(admin.getJson(BASE + "/api-clients/settings").path("clients").asInt())
            .isEqualTo(max);
        for (Http.Result answer : created) {
          assertThat(
                  admin.delete(BASE + "/api-clients/" + answer.json().path("id").asText()).status())
              .isEqualTo(204);
        }
      }
    } finally {
      setLimit(admin, "1000");
    }
    // The limit itself refused some (not only the lock's 409s).
    assertThat(limitRefusals).isPositive();
  }

  private record Registered(String id, JsonNode answer) {}

  private static Registered register(AdminApi admin, Map<String, Object> body) {
    Http.Result created = admin.post(BASE + "/api-clients", body);
    assertThat(created.status()).as("%s", created).isEqualTo(201);
    return new Registered(created.json().path("id").asText(), created.json());
  }

  private static Http.Result token(Http http, Registered client) {
    return http.clientCredentials(
        REALM,
        client.answer().path("clientKey").asText(),
        client.answer().path("clientSecret").asText(),
        Map.of());
  }

  private static void setLimit(AdminApi admin, String value) {
    Http.Result answer =
        admin.put(BASE, Map.of("attributes", Map.of("tillauth.api-clients.max", value)));
    assertThat(answer.status()).as("%s", answer).isEqualTo(204);
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

  private static List<Http.Result> race(int n, IntFunction<Http.Result> request) throws Exception {
    return Races.race(n, request);
  }
}
