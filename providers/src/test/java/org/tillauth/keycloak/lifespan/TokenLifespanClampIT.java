package org.tillauth.keycloak.lifespan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tillauth.keycloak.lifespan.LifespanTestRealm.apiClient;
import static org.tillauth.keycloak.lifespan.LifespanTestRealm.clientCredentials;
import static org.tillauth.keycloak.lifespan.LifespanTestRealm.lifetime;
import static org.tillauth.keycloak.lifespan.LifespanTestRealm.secret;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tillauth.keycloak.testing.AdminApi;
import org.tillauth.keycloak.testing.Http;
import org.tillauth.keycloak.testing.KeycloakIT;

/**
 * Behaviours 4 and 7: whatever would make an API client's token live longer than the maximum, the
 * issued token does not; shorter tokens and other clients are untouched.
 */
@KeycloakIT
class TokenLifespanClampIT {

  private static final long SIXTY_MINUTES = 3_600;
  private static final long REALM_DEFAULT = 7_200;
  private static final String USER = "lifespan-user";
  private static final String PASSWORD = "lifespan-pass-1";

  private static LifespanTestRealm realm;

  /**
   * The realm is imported with its clients and the policy in one request: imports fire no client
   * policy events, so the over-limit clients below exist as they would after an import or when they
   * predate the policy.
   */
  @BeforeAll
  static void importRealm(AdminApi admin) {
    Map<String, Object> refreshing = apiClient("refreshing", null);
    refreshing.put("directAccessGrantsEnabled", true);
    refreshing.put("attributes", Map.of("client_credentials.use_refresh_token", "true"));
    Map<String, Object> publicApp = new LinkedHashMap<>();
    publicApp.put("clientId", "public-app");
    publicApp.put("publicClient", true);
    publicApp.put("directAccessGrantsEnabled", true);
    publicApp.put("standardFlowEnabled", false);

    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("accessTokenLifespan", REALM_DEFAULT);
    settings.put("ssoSessionMaxLifespan", 36_000);
    settings.put(
        "clients",
        List.of(
            apiClient("realm-default", null),
            apiClient("legacy-long", "7200"),
            apiClient("until-session-max", "-1"),
            apiClient("short", "300"),
            apiClient("at-limit", "3600"),
            refreshing,
            publicApp));
    settings.put(
        "users",
        List.of(
            Map.of(
                "username",
                USER,
                "enabled",
                true,
                "firstName",
                "Life",
                "lastName",
                "Span",
                "email",
                "lifespan-user@example.org",
                "credentials",
                List.of(Map.of("type", "password", "value", PASSWORD, "temporary", false)))));
    settings.put("clientProfiles", LifespanTestRealm.profiles("60m"));
    settings.put("clientPolicies", LifespanTestRealm.policies());
    realm = LifespanTestRealm.create(admin, "lifespan-clamp", settings);
  }

  @AfterAll
  static void deleteRealm() {
    realm.close();
  }

  @Test
  void realmDefaultOfTwoHoursIsClampedToSixtyMinutes(Http http) {
    assertThat(lifetime(clientCredentials(http, realm.name, "realm-default")))
        .isEqualTo(SIXTY_MINUTES);
  }

  @Test
  void clientOverrideThatPredatesThePolicyIsClamped(Http http) {
    assertThat(lifetime(clientCredentials(http, realm.name, "legacy-long")))
        .isEqualTo(SIXTY_MINUTES);
  }

  @Test
  void untilSessionMaxIsClamped(Http http) {
    assertThat(lifetime(clientCredentials(http, realm.name, "until-session-max")))
        .isEqualTo(SIXTY_MINUTES);
  }

  @Test
  void tokensWithinTheMaximumAreUntouched(Http http) {
    assertThat(lifetime(clientCredentials(http, realm.name, "short"))).isEqualTo(300);
    assertThat(lifetime(clientCredentials(http, realm.name, "at-limit"))).isEqualTo(SIXTY_MINUTES);
  }

  @Test
  void clientsThatAreNotApiClientsKeepTheRealmDefault(Http http) {
    JsonNode token = ok(http.passwordGrant(realm.name, "public-app", USER, PASSWORD));

    assertThat(lifetime(token)).isEqualTo(REALM_DEFAULT);
  }

  @Test
  void passwordGrantIdTokenAndRefreshOfAnApiClientAreClamped(Http http) {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("grant_type", "password");
    form.put("client_id", "refreshing");
    form.put("client_secret", secret("refreshing"));
    form.put("username", USER);
    form.put("password", PASSWORD);
    form.put("scope", "openid");
    JsonNode issued = ok(http.postForm(http.tokenEndpoint(realm.name), form));

    assertThat(lifetime(issued)).isEqualTo(SIXTY_MINUTES);
    assertThat(lifetime(issued, "id_token")).isEqualTo(SIXTY_MINUTES);
    assertThat(lifetime(refresh(http, issued))).isEqualTo(SIXTY_MINUTES);
  }

  @Test
  void clientCredentialsRefreshIsClamped(Http http) {
    JsonNode issued = clientCredentials(http, realm.name, "refreshing");
    assertThat(issued.hasNonNull("refresh_token")).as("%s", issued).isTrue();

    assertThat(lifetime(issued)).isEqualTo(SIXTY_MINUTES);
    assertThat(lifetime(refresh(http, issued))).isEqualTo(SIXTY_MINUTES);
  }

  @Test
  void policyAppliesToApiClientsCreatedLater(Http http) {
    realm.createClientOk(apiClient("created-later", null));

    assertThat(lifetime(clientCredentials(http, realm.name, "created-later")))
        .isEqualTo(SIXTY_MINUTES);
  }

  @Test
  void withoutThePolicyTheSameClientsGetLongerTokens(AdminApi admin, Http http) {
    // Control: proves the clamping above is this policy's doing, then restores it.
    try {
      realm.removeLimit();
      assertThat(lifetime(clientCredentials(http, realm.name, "realm-default")))
          .isEqualTo(REALM_DEFAULT);
      assertThat(lifetime(clientCredentials(http, realm.name, "until-session-max")))
          .isEqualTo(36_000);
    } finally {
      assertThat(
              admin
                  .put(realm.path("/client-policies/policies"), LifespanTestRealm.policies())
                  .status())
          .isEqualTo(204);
    }
    assertThat(lifetime(clientCredentials(http, realm.name, "realm-default")))
        .isEqualTo(SIXTY_MINUTES);
  }

  private static JsonNode refresh(Http http, JsonNode issued) {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("grant_type", "refresh_token");
    form.put("client_id", "refreshing");
    form.put("client_secret", secret("refreshing"));
    form.put("refresh_token", issued.get("refresh_token").asText());
    return ok(http.postForm(http.tokenEndpoint(realm.name), form));
  }

  private static JsonNode ok(Http.Result result) {
    assertThat(result.status()).as("%s", result).isEqualTo(200);
    return result.json();
  }
}
