package org.tillauth.keycloak.organisation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tillauth.keycloak.organisation.OrganisationFixtures.as;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tillauth.keycloak.admin.AdminErrors;
import org.tillauth.keycloak.testing.AdminApi;
import org.tillauth.keycloak.testing.DemoRealm;
import org.tillauth.keycloak.testing.Http;
import org.tillauth.keycloak.testing.KeycloakIT;
import org.tillauth.keycloak.testing.UniqueNames;

/** {@code /admin/realms/{realm}/stores} against the real server, in a copy of the demo realm. */
@KeycloakIT
class StoresApiIT {

  static final String REALM = "org-stores";
  static final String API = "/admin/realms/" + REALM + "/stores";
  static final String BARE = "org-stores-bare";

  @BeforeAll
  static void realm(AdminApi admin) {
    DemoRealm.createCopy(admin, REALM);
    OrganisationFixtures.createBareRealm(admin, BARE);
  }

  @AfterAll
  static void dropRealm(AdminApi admin) {
    OrganisationFixtures.deleteRealm(admin, REALM);
    OrganisationFixtures.deleteRealm(admin, BARE);
  }

  static String code() {
    return UniqueNames.of("store");
  }

  @Test
  void listsTheStoresWithNameAndTillCount(AdminApi admin) {
    JsonNode stores = admin.getJson(API);
    JsonNode first = null;
    for (JsonNode store : stores) {
      if ("store-001".equals(store.path("code").asText())) {
        first = store;
      }
    }
    assertThat(first).as(stores.toString()).isNotNull();
    assertThat(first.path("name").asText()).isEqualTo("Demo Flagship");
    assertThat(first.path("tills").asInt()).isEqualTo(1);
    assertThat(admin.getJson(API + "/store-002").path("name").asText()).isEqualTo("Demo Outlet");
    assertThat(admin.get(API + "/store-999").status()).isEqualTo(404);
  }

  @Test
  void addsAStoreAsAGroupUnderStores(AdminApi admin) {
    String code = code();
    Http.Result created = admin.post(API, Map.of("code", code, "name", "High Street"));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat(created.header("Location")).endsWith("/stores/" + code);
    assertThat(created.json().path("code").asText()).isEqualTo(code);
    assertThat(created.json().path("tills").asInt()).isZero();
    assertThat(admin.getJson(API).findValuesAsText("code")).contains(code);

    JsonNode group = admin.getJson("/admin/realms/" + REALM + "/group-by-path/stores/" + code);
    assertThat(group.path("attributes").path("store_name").get(0).asText())
        .isEqualTo("High Street");

    // A till can be added to it at once.
    Http.Result till =
        admin.post(
            "/admin/realms/" + REALM + "/tills",
            Map.of("code", "t-" + code, "store", code, "password", "p-" + code));
    assertThat(till.status()).as(till.body()).isEqualTo(201);
    assertThat(admin.getJson(API + "/" + code).path("tills").asInt()).isEqualTo(1);
  }

  @Test
  void everyBadStoreIs400AndCreatesNoGroup(AdminApi admin) {
    Map<String, Map<String, Object>> bodies = new LinkedHashMap<>();
    Map<String, String> expected = new LinkedHashMap<>();
    bodies.put("duplicate", Map.of("code", "store-001", "name", "Again"));
    expected.put("duplicate", "A store with code \"store-001\" already exists");
    bodies.put("duplicate by case", Map.of("code", "STORE-001", "name", "Again"));
    expected.put("duplicate by case", "A store with code \"STORE-001\" already exists");
    bodies.put("slash", Map.of("code", "a/b", "name", "Path"));
    expected.put("slash", OrganisationErrors.STORE_CODE);
    bodies.put("space", Map.of("code", "a b", "name", "Space"));
    expected.put("space", OrganisationErrors.STORE_CODE);
    bodies.put("no name", Map.of("code", code()));
    expected.put("no name", "Field 'name' is required");
    bodies.put("no code", Map.of("name", "Nameless"));
    expected.put("no code", "Field 'code' is required");
    bodies.put("unknown field", Map.of("code", code(), "name", "X", "parent", "/"));
    expected.put("unknown field", "Unknown field 'parent'");
    bodies.put("name not a string", Map.of("code", code(), "name", 7));
    expected.put("name not a string", "Field 'name' must be a string");

    int before = admin.getJson(API).size();
    bodies.forEach(
        (label, body) -> {
          Http.Result result = admin.post(API, body);
          assertThat(result.status()).as(label + ": " + result.body()).isEqualTo(400);
          assertThat(result.json().path("error_description").asText())
              .as(label)
              .isEqualTo(expected.get(label));
        });
    assertThat(admin.post(API, "[]").json().path("error_description").asText())
        .isEqualTo(AdminErrors.NOT_JSON);
    assertThat(admin.getJson(API)).hasSize(before);
  }

  @Test
  void aRealmWithoutStoresGetsTheStoresGroupAndTheTillRoleOnFirstUse(AdminApi admin) {
    String bare = "/admin/realms/" + BARE;
    assertThat(admin.getJson(bare + "/stores")).isEmpty();
    assertThat(admin.post(bare + "/stores", Map.of("code", "s1", "name", "First")).status())
        .isEqualTo(201);
    assertThat(admin.getJson(bare + "/group-by-path/stores").path("name").asText())
        .isEqualTo("stores");
    Http.Result till =
        admin.post(bare + "/tills", Map.of("code", "till-1", "store", "s1", "password", "pw-1"));
    assertThat(till.status()).as(till.body()).isEqualTo(201);
    assertThat(admin.getJson(bare + "/roles/till").path("name").asText()).isEqualTo("till");
    assertThat(admin.getJson(bare + "/tills").findValuesAsText("code")).containsExactly("till-1");
  }

  @Test
  void viewUsersReadsManageUsersWritesOthersAreRefused(AdminApi admin, Http http) {
    String viewer =
        OrganisationFixtures.adminToken(
            admin, http, REALM, "viewer-" + code(), List.of("view-users"));
    String nobody =
        OrganisationFixtures.adminToken(admin, http, REALM, "nobody-" + code(), List.of());
    String body = Http.toJson(Map.of("code", code(), "name", "Nope"));
    assertThat(as(http, viewer, "GET", API, null).status()).isEqualTo(200);
    assertThat(as(http, viewer, "POST", API, body).status()).isEqualTo(403);
    assertThat(as(http, nobody, "GET", API, null).status()).isEqualTo(403);
    assertThat(as(http, null, "GET", API, null).status()).isEqualTo(401);
    assertThat(as(http, null, "POST", API, body).status()).isEqualTo(401);
  }
}
