package org.tillauth.keycloak.organisation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tillauth.keycloak.testing.AdminApi;
import org.tillauth.keycloak.testing.DemoRealm;
import org.tillauth.keycloak.testing.Http;
import org.tillauth.keycloak.testing.KeycloakIT;

/**
 * The lists at size: {@code first}/{@code max}, search, filters and {@code X-Total-Count} of {@code
 * /stores} and {@code /tills}, and deleting stores and tills, against the real server in a copy of
 * the demo realm (stores store-001, store-002 with one till each) plus 12 stores and 15 tills.
 */
@KeycloakIT
class OrganisationListsIT {

  static final String REALM = "org-lists";
  static final String STORES = "/admin/realms/" + REALM + "/stores";
  static final String TILLS = "/admin/realms/" + REALM + "/tills";

  @BeforeAll
  static void realm(AdminApi admin) {
    DemoRealm.createCopy(admin, REALM);
    OrganisationFixtures.expect(
        admin.put("/admin/realms/" + REALM, Map.of("adminEventsEnabled", true)), 204);
    for (int i = 1; i <= 12; i++) {
      String code = String.format("branch-%02d", i);
      String name = i % 2 == 0 ? "North Mall " + i : "South Street " + i;
      OrganisationFixtures.expect(admin.post(STORES, Map.of("code", code, "name", name)), 201);
    }
    for (int i = 1; i <= 15; i++) {
      String store = i <= 10 ? "branch-01" : "branch-02";
      OrganisationFixtures.expect(
          admin.post(
              TILLS,
              Map.of("code", String.format("lane-%02d", i), "store", store, "password", "p" + i)),
          201);
    }
    OrganisationFixtures.expect(admin.put(TILLS + "/lane-03", Map.of("enabled", false)), 200);
    OrganisationFixtures.expect(admin.put(TILLS + "/lane-04", Map.of("enabled", false)), 200);
  }

  @AfterAll
  static void dropRealm(AdminApi admin) {
    OrganisationFixtures.deleteRealm(admin, REALM);
  }

  static List<String> codes(Http.Result result) {
    List<String> codes = new ArrayList<>();
    result.json().forEach(item -> codes.add(item.path("code").asText()));
    return codes;
  }

  static long total(Http.Result result) {
    assertThat(result.status()).as(result.body()).isEqualTo(200);
    return Long.parseLong(result.header("X-Total-Count"));
  }

  @Test
  void storesPageInCodeOrderWithTheTotal(AdminApi admin) {
    Http.Result first = admin.get(STORES + "?first=0&max=5");
    assertThat(total(first)).isEqualTo(14);
    assertThat(codes(first))
        .containsExactly("branch-01", "branch-02", "branch-03", "branch-04", "branch-05");
    Http.Result last = admin.get(STORES + "?first=10&max=5");
    assertThat(total(last)).isEqualTo(14);
    assertThat(codes(last)).containsExactly("branch-11", "branch-12", "store-001", "store-002");
    Http.Result beyond = admin.get(STORES + "?first=50&max=5");
    assertThat(total(beyond)).isEqualTo(14);
    assertThat(beyond.json()).isEmpty();
  }

  @Test
  void storeRowsCarryNameAndTillCountFromCountingQueries(AdminApi admin) {
    JsonNode page = admin.get(STORES + "?max=3").json();
    assertThat(page.get(0).path("name").asText()).isEqualTo("South Street 1");
    assertThat(page.get(0).path("tills").asLong()).isEqualTo(10);
    assertThat(page.get(1).path("tills").asLong()).isEqualTo(5);
    assertThat(page.get(2).path("tills").asLong()).isZero();
  }

  @Test
  void storeSearchIsAPrefixOrWildcardOnCodeOrNameIgnoringCase(AdminApi admin) {
    Http.Result prefix = admin.get(STORES + "?search=BRANCH-1");
    assertThat(total(prefix)).isEqualTo(3);
    assertThat(codes(prefix)).containsExactly("branch-10", "branch-11", "branch-12");

    Http.Result byName = admin.get(STORES + "?search=*north*&max=2");
    assertThat(total(byName)).isEqualTo(6);
    assertThat(codes(byName)).containsExactly("branch-02", "branch-04");

    Http.Result byNamePrefix = admin.get(STORES + "?search=demo");
    assertThat(codes(byNamePrefix)).containsExactly("store-001", "store-002");

    // SQL wildcards in the search are plain characters.
    assertThat(total(admin.get(STORES + "?search=%25"))).isZero();
    assertThat(total(admin.get(STORES + "?search=branch_0"))).isZero();
  }

  @Test
  void tillsPageFilterBySearchStoreAndEnabledWithTheTotal(AdminApi admin) {
    Http.Result all = admin.get(TILLS + "?max=4");
    assertThat(total(all)).isEqualTo(17);
    assertThat(codes(all)).containsExactly("lane-01", "lane-02", "lane-03", "lane-04");
    assertThat(all.json().get(0).path("store").asText()).isEqualTo("branch-01");
    assertThat(all.json().get(0).path("password").asText()).isEqualTo("md5-prehash");
    assertThat(all.json().get(0).path("problems")).isEmpty();
    assertThat(all.json().get(2).path("enabled").asBoolean()).isFalse();

    Http.Result secondStore = admin.get(TILLS + "?store=BRANCH-02");
    assertThat(total(secondStore)).isEqualTo(5);
    assertThat(codes(secondStore)).startsWith("lane-11").hasSize(5);

    Http.Result disabled = admin.get(TILLS + "?enabled=false");
    assertThat(total(disabled)).isEqualTo(2);
    assertThat(codes(disabled)).containsExactly("lane-03", "lane-04");

    Http.Result enabledInStore = admin.get(TILLS + "?store=branch-01&enabled=true&first=6");
    assertThat(total(enabledInStore)).isEqualTo(8);
    assertThat(codes(enabledInStore)).containsExactly("lane-09", "lane-10");

    Http.Result search = admin.get(TILLS + "?search=*E-1*");
    assertThat(total(search)).isEqualTo(6);
    assertThat(codes(search)).first().isEqualTo("lane-10");

    Http.Result demo = admin.get(TILLS + "?search=store.");
    assertThat(codes(demo)).containsExactly("store.server");
  }

  @Test
  void badPagingAndFilterParametersAreA400ThatNamesTheParameter(AdminApi admin) {
    for (String query :
        List.of("?max=0", "?max=1001", "?max=x", "?first=-1", "?first=1e3", "?max=1&max=2")) {
      Http.Result result = admin.get(TILLS + query);
      assertThat(result.status()).as(query).isEqualTo(400);
      assertThat(result.json().path("error").asText()).isEqualTo("invalid_request");
      assertThat(result.json().path("error_description").asText()).contains("Query parameter");
    }
    Http.Result enabled = admin.get(TILLS + "?enabled=yes");
    assertThat(enabled.status()).isEqualTo(400);
    assertThat(enabled.json().path("error_description").asText()).isEqualTo(ListQuery.BAD_ENABLED);
    Http.Result store = admin.get(TILLS + "?store=nowhere");
    assertThat(store.status()).isEqualTo(400);
    Http.Result search = admin.get(STORES + "?search=" + "a".repeat(256));
    assertThat(search.status()).isEqualTo(400);
    assertThat(search.json().path("error_description").asText()).isEqualTo(ListQuery.BAD_SEARCH);
  }

  @Test
  void aTillIsDeletedWithItsUserAndAStoreOnlyOnceItIsEmpty(AdminApi admin, Http http) {
    OrganisationFixtures.expect(
        admin.post(STORES, Map.of("code", "closing", "name", "Closing")), 201);
    OrganisationFixtures.expect(
        admin.post(TILLS, Map.of("code", "closing-1", "store", "closing", "password", "x1")), 201);

    Http.Result refused = admin.delete(STORES + "/closing");
    assertThat(refused.status()).as(refused.body()).isEqualTo(400);
    assertThat(refused.json().path("error_description").asText())
        .isEqualTo(String.format(OrganisationErrors.STORE_HAS_TILLS, "closing", 1));
    assertThat(admin.get(STORES + "/closing").status()).isEqualTo(200);

    Http.Result deleted = admin.delete(TILLS + "/closing-1");
    assertThat(deleted.status()).as(deleted.body()).isEqualTo(204);
    assertThat(admin.get(TILLS + "/closing-1").status()).isEqualTo(404);
    assertThat(OrganisationFixtures.userExists(admin, REALM, "closing-1")).isFalse();
    assertThat(admin.delete(TILLS + "/closing-1").status()).isEqualTo(404);

    Http.Result storeDeleted = admin.delete(STORES + "/CLOSING");
    assertThat(storeDeleted.status()).as(storeDeleted.body()).isEqualTo(204);
    assertThat(admin.get(STORES + "/closing").status()).isEqualTo(404);
    assertThat(admin.delete(STORES + "/closing").status()).isEqualTo(404);
    JsonNode events =
        admin.getJson("/admin/realms/" + REALM + "/admin-events?operationTypes=DELETE&max=10");
    List<String> deletedPaths = new ArrayList<>();
    events.forEach(
        e ->
            deletedPaths.add(
                e.path("resourceType").asText() + " " + e.path("resourcePath").asText()));
    assertThat(deletedPaths)
        .anyMatch(p -> p.startsWith("USER users/"))
        .anyMatch(p -> p.startsWith("GROUP groups/"));
    // A user that is no till is not deleted through /tills.
    assertThat(admin.delete(TILLS + "/jane.doe").status()).isEqualTo(404);
    assertThat(OrganisationFixtures.userExists(admin, REALM, "jane.doe")).isTrue();
  }

  @Test
  void deletesNeedManageUsers(AdminApi admin, Http http) {
    String token =
        OrganisationFixtures.adminToken(admin, http, REALM, "list-viewer", List.of("view-users"));
    assertThat(OrganisationFixtures.as(http, token, "GET", TILLS + "?max=1", null).status())
        .isEqualTo(200);
    assertThat(OrganisationFixtures.as(http, token, "DELETE", TILLS + "/lane-15", null).status())
        .isEqualTo(403);
    assertThat(OrganisationFixtures.as(http, token, "DELETE", STORES + "/branch-12", null).status())
        .isEqualTo(403);
    assertThat(admin.get(TILLS + "/lane-15").status()).isEqualTo(200);
    // Import writes like POST /tills; export reads like GET /tills.
    Http.Result importing =
        http.send(
            http.request(
                    "/admin/realms/" + REALM + "/organisation-import/stores",
                    Map.of("Authorization", "Bearer " + token, "Content-Type", "text/csv"))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("code,name\nv-1,V\n"))
                .build());
    assertThat(importing.status()).isEqualTo(403);
    assertThat(
            OrganisationFixtures.as(
                    http,
                    token,
                    "GET",
                    "/admin/realms/" + REALM + "/organisation-export/tills",
                    null)
                .status())
        .isEqualTo(200);
  }

  @Test
  void twoAdministratorsDeletingTheSameTillOrStoreAtOnceGetOne204AndNoServerError(AdminApi admin)
      throws Exception {
    for (int round = 0; round < 5; round++) {
      String store = "twin-store-" + round;
      String till = "twin-till-" + round;
      OrganisationFixtures.expect(admin.post(STORES, Map.of("code", store, "name", "Twin")), 201);
      OrganisationFixtures.expect(
          admin.post(TILLS, Map.of("code", till, "store", store, "password", "pw" + round)), 201);
      assertThat(race(admin, TILLS + "/" + till)).as("till, round " + round).containsOnlyOnce(204);
      assertThat(race(admin, STORES + "/" + store))
          .as("store, round " + round)
          .containsOnlyOnce(204);
    }
  }

  @Test
  void aStoreDeletedWhileATillIsAddedToItEndsWithBothOrNeitherNeverATillInNoStore(
      AdminApi admin, Http http) throws Exception {
    for (int round = 0; round < 5; round++) {
      String store = "race-store-" + round;
      String till = "race-till-" + round;
      String password = "pw" + round;
      OrganisationFixtures.expect(admin.post(STORES, Map.of("code", store, "name", "Race")), 201);
      java.util.concurrent.CyclicBarrier barrier = new java.util.concurrent.CyclicBarrier(2);
      java.util.concurrent.ExecutorService pool =
          java.util.concurrent.Executors.newFixedThreadPool(2);
      java.util.concurrent.Future<Integer> delete =
          pool.submit(
              () -> {
                barrier.await();
                return admin.delete(STORES + "/" + store).status();
              });
      java.util.concurrent.Future<Integer> add =
          pool.submit(
              () -> {
                barrier.await();
                return admin
                    .post(TILLS, Map.of("code", till, "store", store, "password", password))
                    .status();
              });
      int deleted = delete.get();
      int added = add.get();
      pool.shutdown();
      assertThat(List.of(deleted, added))
          .as("round " + round)
          .isIn(List.of(204, 400), List.of(400, 201));
      if (added == 201) {
        assertThat(admin.getJson(TILLS + "/" + till).path("store").asText()).isEqualTo(store);
        OrganisationFixtures.expect(admin.delete(TILLS + "/" + till), 204);
        OrganisationFixtures.expect(admin.delete(STORES + "/" + store), 204);
      } else {
        assertThat(admin.get(TILLS + "/" + till).status()).isEqualTo(404);
        assertThat(OrganisationFixtures.userExists(admin, REALM, till)).isFalse();
      }
    }
  }

  /** Two DELETEs of the same path released together; their statuses, none a 5xx. */
  static List<Integer> race(AdminApi admin, String path) throws Exception {
    java.util.concurrent.CyclicBarrier barrier = new java.util.concurrent.CyclicBarrier(2);
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(2);
    try {
      List<java.util.concurrent.Future<Integer>> answers = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        answers.add(
            pool.submit(
                () -> {
                  barrier.await();
                  return admin.delete(path).status();
                }));
      }
      List<Integer> statuses = new ArrayList<>();
      for (java.util.concurrent.Future<Integer> answer : answers) {
        statuses.add(answer.get());
      }
      assertThat(statuses).allMatch(s -> s == 204 || s == 404 || s == 409);
      return statuses;
    } finally {
      pool.shutdown();
    }
  }
}
