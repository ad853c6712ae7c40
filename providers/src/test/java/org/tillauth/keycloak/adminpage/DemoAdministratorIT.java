package org.tillauth.keycloak.adminpage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.tillauth.keycloak.testing.AdminApi;
import org.tillauth.keycloak.testing.AuthorizationCodeClient;
import org.tillauth.keycloak.testing.BrowserlessLogin;
import org.tillauth.keycloak.testing.DemoRealm;
import org.tillauth.keycloak.testing.Http;
import org.tillauth.keycloak.testing.Jwt;
import org.tillauth.keycloak.testing.KeycloakIT;
import org.tillauth.keycloak.testing.PageSignIn;
import org.tillauth.keycloak.testing.Pkce;
import org.tillauth.keycloak.testing.ServerLog;

/**
 * realm-export's demo organisation administrator {@code demo-admin} signs in where README says, at
 * {@code /realms/demo-org/till-admin/}, through the page's client {@code till-admin} (code + PKCE)
 * on Keycloak's own login page, and gets a token with exactly the documented realm-management
 * roles: enough for every endpoint the page calls, refused for what lies beyond them. The sign-in
 * client is set up so that Keycloak logs no {@code KC-SERVICES0018} for its token requests.
 */
@KeycloakIT
class DemoAdministratorIT {

  private static final String REALM = DemoRealm.NAME;
  private static final String API = "/admin/realms/" + REALM;
  private static final String LIGHTWEIGHT = "client.use.lightweight.access.token.enabled";

  private static AuthorizationCodeClient pageClient(Http http, String realm) {
    return new AuthorizationCodeClient(
        http, realm, "till-admin", http.url("/realms/" + realm + "/till-admin/").toString());
  }

  /** The page's sign-in as the demo administrator, without a browser: the token response. */
  private static Http.Result signIn(Http http) {
    return PageSignIn.tokens(http, REALM, DemoRealm.ADMIN_USERNAME, DemoRealm.ADMIN_PASSWORD);
  }

  private static Map<String, String> bearer(String token) {
    return Map.of("Authorization", "Bearer " + token);
  }

  @Test
  void thePageAtTheReadmeUrlSignsInOnKeycloaksLoginPageNotTheCustomerOne(Http http) {
    Http.Result page = http.get("/realms/" + REALM + "/till-admin/", Map.of());
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.body()).contains("app.js");

    AuthorizationCodeClient admin = pageClient(http, REALM);
    Http.Result adminLogin =
        new BrowserlessLogin()
            .get(admin.authorizationUrl(admin.authorizationParams(Pkce.s256(), "s", "n")));
    assertThat(adminLogin.status()).isEqualTo(200);
    assertThat(adminLogin.body())
        .contains("/login/keycloak.v2/")
        .doesNotContain("/login/till-auth/", "Demo Retail Rewards");

    // The realm's own theme stays the customers' (and this check would see it).
    AuthorizationCodeClient customers =
        new AuthorizationCodeClient(http, REALM, "customer-web", "http://localhost:3000/callback");
    Http.Result customerLogin =
        new BrowserlessLogin()
            .get(customers.authorizationUrl(customers.authorizationParams(Pkce.s256(), "s", "n")));
    assertThat(customerLogin.body()).contains("/login/till-auth/", "Demo Retail Rewards");
  }

  @Test
  void theDemoAdministratorHoldsExactlyTheDocumentedRolesWhichThePagesLightweightTokenLeavesOut(
      Http http, AdminApi admin) {
    Http.Result tokens = signIn(http);
    // Lightweight, as Keycloak's admin console's: admin REST reads the roles from the realm.
    assertThat(Jwt.claims(tokens.accessToken()))
        .doesNotContainKeys("resource_access", "realm_access", "preferred_username");
    // The page shows the name from the ID token.
    assertThat(Jwt.claims(tokens.json().path("id_token").asText()))
        .containsEntry("preferred_username", DemoRealm.ADMIN_USERNAME);

    // What the realm grants, composites included: the same four, nothing else.
    String userId = admin.userId(REALM, DemoRealm.ADMIN_USERNAME);
    String realmManagement = admin.clientUuid(REALM, "realm-management");
    Set<String> effective = new HashSet<>();
    for (JsonNode role :
        admin.getJson(
            API
                + "/users/"
                + userId
                + "/role-mappings/clients/"
                + realmManagement
                + "/composite")) {
      effective.add(role.path("name").asText());
    }
    assertThat(effective).isEqualTo(DemoRealm.ADMIN_ROLES);
  }

  @Test
  void everyEndpointThePageReadsAnswersTheDemoAdministrator(Http http) {
    Map<String, String> auth = bearer(signIn(http).accessToken());
    List<String> failures = new ArrayList<>();
    for (String path :
        List.of(
            "/api-clients",
            "/api-clients/settings",
            "/api-clients/access-groups",
            "/api-clients/default-till?code=store.server",
            "/access-groups",
            "/access-groups/resources",
            "/access-groups/POS",
            "/stores",
            "/tills",
            "/organisation-settings",
            "/organisation-audit",
            "/events/config",
            "/organisation-export/stores")) {
      Http.Result answer = http.get(API + path, auth);
      if (answer.status() != 200) {
        failures.add(path + " -> " + answer.status() + " " + answer.body());
      }
    }
    assertThat(failures).isEmpty();
  }

  @Test
  void theDemoAdministratorIsRefusedBeyondItsRoles(Http http, AdminApi admin) {
    Map<String, String> auth = bearer(signIn(http).accessToken());
    String userId = admin.userId(REALM, DemoRealm.ADMIN_USERNAME);
    String realmManagement = admin.clientUuid(REALM, "realm-management");

    assertThat(http.get("/admin/realms/master", auth).status()).isEqualTo(403);
    assertThat(http.get("/admin/realms/master/users", auth).status()).isEqualTo(403);
    // Its own realm's events only (manage-events, for the audit trail).
    assertThat(http.get(API + "/events", auth).status()).isEqualTo(200);
    assertThat(http.get("/admin/realms/master/events", auth).status()).isEqualTo(403);
    // Granting itself realm-admin: manage-users does not map admin roles one does not hold.
    JsonNode realmAdmin = admin.getJson(API + "/clients/" + realmManagement + "/roles/realm-admin");
    Http.Result grant =
        http.postJson(
            API + "/users/" + userId + "/role-mappings/clients/" + realmManagement,
            Http.toJson(List.of(realmAdmin)),
            auth);
    assertThat(grant.status()).as(grant.body()).isEqualTo(403);
    Set<String> after = new HashSet<>();
    for (JsonNode role :
        admin.getJson(API + "/users/" + userId + "/role-mappings/clients/" + realmManagement)) {
      after.add(role.path("name").asText());
    }
    assertThat(after).isEqualTo(DemoRealm.ADMIN_ROLES);
  }

  /**
   * Keycloak runs its client authentication flow for the public client too, at every code exchange
   * and refresh, and logged {@code KC-SERVICES0018: Client till-admin doesn't have authentication
   * method configured} each time while the client had no authenticator type.
   */
  @Test
  void thePagesTokenRequestsLogNoMissingAuthenticationMethod(Http http, AdminApi admin) {
    assertThat(
            admin
                .getJson(API + "/clients/" + admin.clientUuid(REALM, "till-admin"))
                .path("clientAuthenticatorType")
                .asText())
        .isEqualTo("client-secret");
    long mark = ServerLog.mark();
    Http.Result tokens = signIn(http);
    Http.Result refreshed =
        pageClient(http, REALM).refresh(tokens.json().path("refresh_token").asText());
    assertThat(refreshed.status()).as(refreshed.body()).isEqualTo(200);
    Map<String, String> auth = bearer(refreshed.accessToken());
    assertThat(http.get(API + "/api-clients", auth).status()).isEqualTo(200);
    assertThat(http.get(API + "/stores", auth).status()).isEqualTo(200);
    assertThat(ServerLog.since(mark)).doesNotContain("KC-SERVICES0018");
  }

  /**
   * A realm whose {@code till-admin} lost its login theme and lightweight tokens (as clients made
   * before either existed have neither): setting the page up again gives both back.
   */
  @Test
  void settingThePageUpAgainRestoresTheAdministratorsLoginThemeAndLightweightTokens(
      AdminApi admin) {
    String copy = "page-theme";
    DemoRealm.createCopy(admin, copy);
    try {
      String clientUrl =
          "/admin/realms/" + copy + "/clients/" + admin.clientUuid(copy, "till-admin");
      JsonNode client = admin.getJson(clientUrl);
      assertThat(client.path("attributes").path("login_theme").asText()).isEqualTo("keycloak.v2");
      assertThat(client.path("attributes").path(LIGHTWEIGHT).asText()).isEqualTo("true");
      assertThat(client.path("clientAuthenticatorType").asText()).isEqualTo("client-secret");
      assertThat(
              admin
                  .put(clientUrl, Map.of("attributes", Map.of("login_theme", "", LIGHTWEIGHT, "")))
                  .status())
          .isEqualTo(204);
      assertThat(admin.getJson(clientUrl).path("attributes").has("login_theme")).isFalse();
      assertThat(admin.getJson(clientUrl).path("attributes").has(LIGHTWEIGHT)).isFalse();

      assertThat(admin.post("/admin/realms/" + copy + "/api-clients/page-client", "").status())
          .isEqualTo(200);
      assertThat(admin.getJson(clientUrl).path("attributes").path("login_theme").asText())
          .isEqualTo("keycloak.v2");
      assertThat(admin.getJson(clientUrl).path("attributes").path(LIGHTWEIGHT).asText())
          .isEqualTo("true");
    } finally {
      admin.delete("/admin/realms/" + copy);
    }
  }
}
