package org.tillauth.keycloak.onboarding;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tillauth.keycloak.testing.AdminApi;
import org.tillauth.keycloak.testing.DemoRealm;
import org.tillauth.keycloak.testing.Http;
import org.tillauth.keycloak.testing.Jwt;
import org.tillauth.keycloak.testing.KeycloakIT;
import org.tillauth.keycloak.testing.KeycloakServer;
import org.tillauth.keycloak.testing.PageSignIn;
import org.tillauth.keycloak.testing.UniqueNames;

/**
 * {@code GET /admin/realms/master/organisations}, the platform view's list, against the real
 * server: three organisations onboarded with known numbers of API clients and tills are listed with
 * exactly those numbers (the numbers their own page shows), paged and searched by code and name;
 * the demo realm is an organisation, master and a plain realm are not; only master administrators
 * who may create realms list them; bad parameters are 400 in the admin API's error format.
 */
@KeycloakIT
class OrganisationsListIT {

  static final String API = OnboardingIT.API;
  private static final List<String> REALMS = new ArrayList<>();
  private static final List<String> MASTER_USERS = new ArrayList<>();

  /** Unique to this run: every organisation's code starts with it and its name contains it. */
  private static String run;

  private static String alpha;
  private static String beta;
  private static String gamma;

  @BeforeAll
  static void onboard(AdminApi admin) {
    run = UniqueNames.of("pv");
    // Codes sort alpha < beta < gamma; the names sort the other way, so the order is the code's.
    alpha = organisation(admin, run + "-a", "Zed Foods " + run);
    beta = organisation(admin, run + "-b", "Beta Market " + run);
    gamma = organisation(admin, run + "-c", "Alpha Stores " + run);
    // alpha: 3 tills (one disabled), 2 API clients.
    store(admin, alpha, "s1");
    till(admin, alpha, "till-1", "s1");
    till(admin, alpha, "till-2", "s1");
    till(admin, alpha, "till-3", "s1");
    assertThat(
            admin
                .put("/admin/realms/" + alpha + "/tills/till-3", Map.of("enabled", false))
                .status())
        .isEqualTo(200);
    apiClient(admin, alpha, "Loyalty sync", "till-1");
    apiClient(admin, alpha, "Back office", "till-2");
    // beta: 1 till, no API client.
    store(admin, beta, "s1");
    till(admin, beta, "till-1", "s1");
    // gamma: 2 tills, 1 API client.
    store(admin, gamma, "s1");
    store(admin, gamma, "s2");
    till(admin, gamma, "till-1", "s1");
    till(admin, gamma, "till-2", "s2");
    apiClient(admin, gamma, "Webshop", "till-2");
  }

  @AfterAll
  static void dropRealmsAndUsers(AdminApi admin) {
    REALMS.forEach(code -> admin.delete("/admin/realms/" + code));
    MASTER_USERS.forEach(id -> admin.delete("/admin/realms/master/users/" + id));
  }

  /**
   * The platform page signs master administrators in through master's {@code till-admin}. Its
   * access token is lightweight, as Keycloak's admin console's: a full-scope one lists every role
   * of every organisation's {@code <realm>-realm} client for the master {@code admin} and grows
   * with each onboarding (past 128 KB at 500 organisations, found by bench/orgs-scale.sh), beyond
   * the request-header limits of Keycloak and of the proxies in front of it.
   */
  @Test
  void thePlatformPagesTokenDoesNotGrowWithTheOrganisations(Http http) {
    String access =
        PageSignIn.tokens(
                http, "master", KeycloakServer.ADMIN_USERNAME, KeycloakServer.ADMIN_PASSWORD)
            .accessToken();

    assertThat(Jwt.claims(access)).doesNotContainKeys("resource_access", "realm_access");
    assertThat(access.length()).as("a token without roles").isLessThan(2_000);
    Http.Result listed =
        http.get(API + "?search=" + run, Map.of("Authorization", "Bearer " + access));
    assertThat(listed.status()).as(listed.body()).isEqualTo(200);
    assertThat(listed.json().size()).isEqualTo(3);
  }

  @Test
  void eachOrganisationWithItsExactCountsAsItsOwnPageCountsThem(AdminApi admin) {
    Http.Result answer = admin.get(API + "?search=" + run);
    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    assertThat(answer.header("X-Total-Count")).isEqualTo("3");
    JsonNode list = answer.json();
    assertThat(list.findValuesAsText("code")).containsExactly(alpha, beta, gamma);
    assertItem(list.get(0), alpha, "Zed Foods " + run, 2, 3);
    assertItem(list.get(1), beta, "Beta Market " + run, 0, 1);
    assertItem(list.get(2), gamma, "Alpha Stores " + run, 1, 2);
    // The organisation's own page: its API-client count (limit line) and its tills list's total.
    for (JsonNode item : list) {
      String base = "/admin/realms/" + item.path("code").asText();
      assertThat(admin.getJson(base + "/api-clients/settings").path("clients").asLong())
          .isEqualTo(item.path("apiClients").asLong());
      assertThat(admin.get(base + "/tills?max=1").header("X-Total-Count"))
          .isEqualTo(item.path("tills").asText());
    }
  }

  @Test
  void theDemoRealmIsAnOrganisationMasterAndAPlainRealmAreNot(AdminApi admin) {
    String plain = UniqueNames.of("plain");
    REALMS.add(plain);
    Map<String, Object> realm = Map.of("realm", plain, "enabled", true);
    assertThat(admin.post("/admin/realms", realm).status()).isEqualTo(201);

    Http.Result all = admin.get(API + "?max=1000");
    assertThat(all.status()).isEqualTo(200);
    List<String> codes = all.json().findValuesAsText("code");
    assertThat(codes).contains(DemoRealm.NAME, alpha, beta, gamma).doesNotContain("master", plain);
    assertThat(codes).isSorted();
    assertThat(Long.parseLong(all.header("X-Total-Count"))).isEqualTo(codes.size());

    JsonNode demo = admin.getJson(API + "?search=" + DemoRealm.NAME).get(0);
    assertThat(demo.path("code").asText()).isEqualTo(DemoRealm.NAME);
    assertThat(demo.path("pageUrl").asText()).isEqualTo("/realms/demo-org/till-admin/");
    String base = "/admin/realms/" + DemoRealm.NAME;
    assertThat(demo.path("apiClients").asLong())
        .isPositive()
        .isEqualTo(admin.getJson(base + "/api-clients/settings").path("clients").asLong());
    assertThat(demo.path("tills").asText())
        .isEqualTo(admin.get(base + "/tills?max=1").header("X-Total-Count"));
  }

  @Test
  void pagesInCodeOrderWithTheTotalOnEveryPage(AdminApi admin) {
    Http.Result first = admin.get(API + "?search=" + run + "&first=0&max=2");
    assertThat(first.json().findValuesAsText("code")).containsExactly(alpha, beta);
    assertThat(first.header("X-Total-Count")).isEqualTo("3");
    Http.Result second = admin.get(API + "?search=" + run + "&first=2&max=2");
    assertThat(second.json().findValuesAsText("code")).containsExactly(gamma);
    assertThat(second.json().get(0).path("apiClients").asLong()).isEqualTo(1);
    assertThat(second.header("X-Total-Count")).isEqualTo("3");
    Http.Result past = admin.get(API + "?search=" + run + "&first=3&max=2");
    assertThat(past.json().size()).isZero();
    assertThat(past.header("X-Total-Count")).isEqualTo("3");
  }

  @Test
  void searchesTheCodeAndTheNameIgnoringCase(AdminApi admin) {
    // A prefix of the code, and * for any text, as the other lists.
    assertThat(codes(admin, run + "-b")).containsExactly(beta);
    assertThat(codes(admin, run.toUpperCase() + "-C")).containsExactly(gamma);
    // A prefix of the name, in any case.
    assertThat(codes(admin, "beta market " + run)).containsExactly(beta);
    assertThat(codes(admin, "ZED FOODS " + run)).containsExactly(alpha);
    // Anywhere in the name; the run's token is in the codes too.
    assertThat(codes(admin, "*stores " + run + "*")).containsExactly(gamma);
    assertThat(codes(admin, "*" + run.substring(3) + "*")).containsExactly(alpha, beta, gamma);
    // LIKE's own wildcards are plain characters.
    assertThat(codes(admin, run + "_a")).isEmpty();
    assertThat(codes(admin, run + "%")).isEmpty();
    Http.Result none = admin.get(API + "?search=" + enc("no such " + run));
    assertThat(none.json().size()).isZero();
    assertThat(none.header("X-Total-Count")).isEqualTo("0");
  }

  @Test
  void onlyMasterAdministratorsWhoMayCreateRealmsList(AdminApi admin, Http http) {
    assertThat(http.get(API, Map.of()).status()).isEqualTo(401);
    // The demo organisation's administrator, with every admin right there, is refused.
    String demoAdmin =
        http.passwordGrant(
                DemoRealm.NAME, "admin-cli", DemoRealm.ADMIN_USERNAME, DemoRealm.ADMIN_PASSWORD)
            .accessToken();
    assertThat(http.get(API, bearer(demoAdmin)).status()).isEqualTo(403);
    // A master user without create-realm is refused.
    String viewer = masterUser(admin, UniqueNames.of("viewer"), List.of());
    assertThat(http.get(API, bearer(masterToken(http, viewer))).status()).isEqualTo(403);
    // Under another realm the path does not exist, even for the master administrator.
    assertThat(admin.get("/admin/realms/" + DemoRealm.NAME + "/organisations").status())
        .isIn(403, 404);
    // create-realm, as for onboarding.
    String creator = masterUser(admin, UniqueNames.of("creator"), List.of("create-realm"));
    Http.Result listed = http.get(API + "?search=" + run, bearer(masterToken(http, creator)));
    assertThat(listed.status()).as(listed.body()).isEqualTo(200);
    assertThat(listed.json().findValuesAsText("code")).containsExactly(alpha, beta, gamma);
  }

  @Test
  void badParametersAre400InTheAdminErrorFormat(AdminApi admin) {
    String first = "Query parameter 'first' must be a whole number from 0";
    String max = "Query parameter 'max' must be a whole number from 1 to 1000";
    String search =
        "Query parameter 'search' must be at most 255 characters without control characters";
    Map<String, String> cases = new LinkedHashMap<>();
    cases.put("first=-1", first);
    cases.put("first=x", first);
    cases.put("first=99999999999", first);
    cases.put("max=0", max);
    cases.put("max=1001", max);
    cases.put("max=ten", max);
    cases.put("search=" + "a".repeat(256), search);
    cases.put("max=1&max=2", "Query parameter 'max' must appear only once");
    cases.forEach(
        (query, description) -> {
          Http.Result refused = admin.get(API + "?" + query);
          assertThat(refused.status()).as(query + ": " + refused.body()).isEqualTo(400);
          assertThat(refused.json().path("error").asText()).isEqualTo("invalid_request");
          assertThat(refused.json().path("error_description").asText())
              .as(query)
              .isEqualTo(description);
        });
    // A control character: Keycloak 26.7 refuses it itself before the endpoint runs; on earlier
    // versions the endpoint's own rule does.
    Http.Result control = admin.get(API + "?search=a%01b");
    assertThat(control.status()).isEqualTo(400);
    if (control.json().path("error").asText().equals("invalid_request")) {
      assertThat(control.json().path("error_description").asText()).isEqualTo(search);
    } else {
      assertThat(control.json().path("error").asText())
          .isEqualTo("Blocking invalid query parameter value");
    }
    // At the cap it answers.
    assertThat(admin.get(API + "?max=1000").status()).isEqualTo(200);
  }

  // ---- helpers ------------------------------------------------------------------------------

  private static void assertItem(
      JsonNode item, String code, String name, long apiClients, long tills) {
    assertThat(item.path("code").asText()).isEqualTo(code);
    assertThat(item.path("name").asText()).isEqualTo(name);
    assertThat(item.path("apiClients").asLong()).as(code + " API clients").isEqualTo(apiClients);
    assertThat(item.path("tills").asLong()).as(code + " tills").isEqualTo(tills);
    assertThat(item.path("pageUrl").asText()).isEqualTo("/realms/" + code + "/till-admin/");
  }

  private static List<String> codes(AdminApi admin, String search) {
    Http.Result result = admin.get(API + "?search=" + enc(search));
    assertThat(result.status()).as(search + ": " + result.body()).isEqualTo(200);
    return result.json().findValuesAsText("code");
  }

  private static String enc(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }

  private static String organisation(AdminApi admin, String code, String name) {
    REALMS.add(code);
    Map<String, Object> body = OnboardingIT.body(code);
    body.put("name", name);
    Http.Result created = admin.post(API, body);
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    return code;
  }

  private static void store(AdminApi admin, String realm, String code) {
    Http.Result created =
        admin.post("/admin/realms/" + realm + "/stores", Map.of("code", code, "name", code));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
  }

  private static void till(AdminApi admin, String realm, String code, String store) {
    Http.Result created =
        admin.post(
            "/admin/realms/" + realm + "/tills",
            Map.of("code", code, "store", store, "password", "Counter-1"));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
  }

  private static void apiClient(AdminApi admin, String realm, String name, String defaultTill) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("name", name);
    body.put("tokenExpiry", "30m");
    body.put("defaultTill", defaultTill);
    body.put("useDefaultTillForInvalidTill", true);
    body.put("accessGroup", "POS");
    Http.Result created = admin.post("/admin/realms/" + realm + "/api-clients", body);
    assertThat(created.status()).as(created.body()).isEqualTo(201);
  }

  private static Map<String, String> bearer(String token) {
    return Map.of("Authorization", "Bearer " + token);
  }

  private static String masterToken(Http http, String username) {
    return http.passwordGrant("master", "admin-cli", username, "Creator-1!").accessToken();
  }

  /** A user of master with the given master realm roles; returns the username. */
  private static String masterUser(AdminApi admin, String username, List<String> roles) {
    Map<String, Object> user = new LinkedHashMap<>();
    user.put("username", username);
    user.put("enabled", true);
    user.put("firstName", "Platform");
    user.put("lastName", "Viewer");
    user.put("email", username + "@example.invalid");
    user.put("emailVerified", true);
    user.put(
        "credentials",
        List.of(Map.of("type", "password", "value", "Creator-1!", "temporary", false)));
    String id = AdminApi.createdId(admin.post("/admin/realms/master/users", user));
    MASTER_USERS.add(id);
    List<Object> reps = new ArrayList<>();
    for (String role : roles) {
      reps.add(
          Http.JSON.convertValue(admin.getJson("/admin/realms/master/roles/" + role), Map.class));
    }
    if (!reps.isEmpty()) {
      assertThat(
              admin
                  .post("/admin/realms/master/users/" + id + "/role-mappings/realm", reps)
                  .status())
          .isEqualTo(204);
    }
    return username;
  }
}
