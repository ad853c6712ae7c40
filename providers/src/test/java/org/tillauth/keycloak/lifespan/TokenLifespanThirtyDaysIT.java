package org.tillauth.keycloak.lifespan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tillauth.keycloak.lifespan.LifespanTestRealm.apiClient;
import static org.tillauth.keycloak.lifespan.LifespanTestRealm.clientCredentials;
import static org.tillauth.keycloak.lifespan.LifespanTestRealm.lifetime;
import static org.tillauth.keycloak.lifespan.LifespanTestRealm.secret;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tillauth.keycloak.testing.AdminApi;
import org.tillauth.keycloak.testing.Http;
import org.tillauth.keycloak.testing.Jwt;
import org.tillauth.keycloak.testing.KeycloakIT;
import org.tillauth.keycloak.testing.RealmFixtures;

/**
 * Behaviour 5: with the maximum raised to 30 days, a client saved with 30 days gets 30-day tokens
 * through both token endpoints whatever the realm's session settings; Keycloak's session maximums
 * would otherwise cut client-credentials tokens to the SSO Session Max (10 h by default).
 */
@KeycloakIT
class TokenLifespanThirtyDaysIT {

  private static final long THIRTY_DAYS = 30L * 24 * 3600;
  private static final String REFRESH_TOKENS = "client_credentials.use_refresh_token";
  private static final String CLIENT_SESSION_MAX = "client.session.max.lifespan";

  @Test
  void thirtyDayClientGetsThirtyDayTokensWithTheDefaultSessionMax(AdminApi admin, Http http) {
    try (LifespanTestRealm realm =
        LifespanTestRealm.create(admin, "lifespan-30d", gatewayAuthenticationOnly(Map.of()))) {
      realm.applyLimit("30d");
      realm.createClientOk(introspectable("monthly", Map.of()));

      JsonNode standard = clientCredentials(http, realm.name, "monthly");
      assertThat(lifetime(standard)).isEqualTo(THIRTY_DAYS);
      assertThat(jsonEndpointLifetime(http, realm.name, "monthly")).isEqualTo(THIRTY_DAYS);
      assertAcceptedRightAfterIssue(http, realm.name, "monthly", standard);
    }
  }

  @Test
  void aShorterClientSessionMaxDoesNotShortenTheToken(AdminApi admin, Http http) {
    try (LifespanTestRealm realm =
        LifespanTestRealm.create(
            admin,
            "lifespan-30d-csm",
            gatewayAuthenticationOnly(Map.of("clientSessionMaxLifespan", 7_200)))) {
      realm.applyLimit("30d");
      realm.createClientOk(introspectable("monthly", Map.of(CLIENT_SESSION_MAX, "3600")));

      JsonNode standard = clientCredentials(http, realm.name, "monthly");
      assertThat(lifetime(standard)).isEqualTo(THIRTY_DAYS);
      assertThat(jsonEndpointLifetime(http, realm.name, "monthly")).isEqualTo(THIRTY_DAYS);
      assertAcceptedRightAfterIssue(http, realm.name, "monthly", standard);
    }
  }

  @Test
  void twoHourClientGetsExactlyTwoHoursWithDefaultRealmSettings(AdminApi admin, Http http) {
    try (LifespanTestRealm realm = LifespanTestRealm.create(admin, "lifespan-2h", Map.of())) {
      realm.applyLimit("30d");
      realm.createClientOk(apiClient("bihourly", "7200"));

      assertThat(lifetime(clientCredentials(http, realm.name, "bihourly"))).isEqualTo(7_200);
      assertThat(jsonEndpointLifetime(http, realm.name, "bihourly")).isEqualTo(7_200);
    }
  }

  @Test
  void theSmallestMaximumStillWinsInEitherOrderOfPolicies(AdminApi admin, Http http) {
    try (LifespanTestRealm realm = LifespanTestRealm.create(admin, "lifespan-30d-two", Map.of())) {
      realm.applyLimit("30d");
      realm.createClientOk(apiClient("monthly", String.valueOf(THIRTY_DAYS)));
      Map<String, Object> shortProfile =
          Map.of(
              "name",
              "short",
              "executors",
              List.of(
                  Map.of(
                      "executor",
                      "token-lifespan-limit",
                      "configuration",
                      Map.of("max-access-token-lifespan", "60m"))));
      Map<String, Object> longProfile =
          ((List<Map<String, Object>>) LifespanTestRealm.profiles("30d").get("profiles")).get(0);
      assertThat(
              admin
                  .put(
                      realm.path("/client-policies/profiles"),
                      Map.of("profiles", List.of(shortProfile, longProfile)))
                  .status())
          .isEqualTo(204);
      Map<String, Object> shortPolicy = policy("short", "short");
      Map<String, Object> longPolicy = policy(LifespanTestRealm.PROFILE, LifespanTestRealm.PROFILE);

      for (List<Map<String, Object>> order :
          List.of(List.of(shortPolicy, longPolicy), List.of(longPolicy, shortPolicy))) {
        assertThat(
                admin
                    .put(realm.path("/client-policies/policies"), Map.of("policies", order))
                    .status())
            .isEqualTo(204);
        assertThat(lifetime(clientCredentials(http, realm.name, "monthly")))
            .as("policies %s", order)
            .isEqualTo(3_600);
        assertThat(jsonEndpointLifetime(http, realm.name, "monthly")).isEqualTo(3_600);
      }
    }
  }

  @Test
  void refreshTokensForClientCredentialsNeedASessionAsLongAsTheToken(AdminApi admin) {
    try (LifespanTestRealm realm = LifespanTestRealm.create(admin, "lifespan-30d-rt", Map.of())) {
      realm.applyLimit("30d");

      Http.Result refused =
          realm.createClient(
              withAttributes(
                  apiClient("monthly", String.valueOf(THIRTY_DAYS)),
                  Map.of(REFRESH_TOKENS, "true")));
      assertThat(refused.status()).as("%s", refused).isEqualTo(400);
      assertThat(refused.json().path("error").asText()).isEqualTo("invalid_client_metadata");
      assertThat(refused.json().path("error_description").asText())
          .isEqualTo(
              "Token expiry duration of 30 days is longer than this client's sessions last (10"
                  + " hours): with \"Use refresh tokens for client credentials grant\" on, its"
                  + " tokens end with their session. Turn that option off, or raise SSO Session"
                  + " Max (realm settings, Sessions) to at least 30 days");
      assertThat(realm.clientsNamed("monthly")).isEmpty();

      // Turning the option on later is judged against the stored lifespan.
      String id = realm.createClientOk(apiClient("monthly", String.valueOf(THIRTY_DAYS)));
      Http.Result update =
          admin.put(
              realm.path("/clients/" + id), Map.of("attributes", Map.of(REFRESH_TOKENS, "true")));
      assertThat(update.status()).as("%s", update).isEqualTo(400);
      assertThat(realm.client(id).path("attributes").path(REFRESH_TOKENS).asText("false"))
          .isEqualTo("false");

      // Within the session it is accepted, and Keycloak itself gives the full lifespan.
      String hourly =
          realm.createClientOk(
              withAttributes(apiClient("hourly", "3600"), Map.of(REFRESH_TOKENS, "true")));
      assertThat(hourly).isNotBlank();
    }
  }

  @Test
  void aClientSessionMaxShorterThanTheTokenIsNamedWhenRefreshTokensAreOn(
      AdminApi admin, Http http) {
    try (LifespanTestRealm realm =
        LifespanTestRealm.create(
            admin,
            "lifespan-30d-rt-csm",
            gatewayAuthenticationOnly(Map.of("ssoSessionMaxLifespan", (int) THIRTY_DAYS)))) {
      realm.applyLimit("30d");

      Http.Result refused =
          realm.createClient(
              withAttributes(
                  apiClient("monthly", String.valueOf(THIRTY_DAYS)),
                  Map.of(REFRESH_TOKENS, "true", CLIENT_SESSION_MAX, "3600")));
      assertThat(refused.status()).as("%s", refused).isEqualTo(400);
      assertThat(refused.json().path("error_description").asText())
          .isEqualTo(
              "Token expiry duration of 30 days is longer than this client's sessions last (1"
                  + " hour): with \"Use refresh tokens for client credentials grant\" on, its"
                  + " tokens end with their session. Turn that option off, or raise the client's"
                  + " Client Session Max (client.session.max.lifespan) to at least 30 days");

      realm.createClientOk(
          withAttributes(introspectable("monthly", Map.of()), Map.of(REFRESH_TOKENS, "true")));
      JsonNode token = clientCredentials(http, realm.name, "monthly");
      assertThat(token.path("refresh_token").asText()).isNotEmpty();
      assertThat(lifetime(token)).isEqualTo(THIRTY_DAYS);
      assertAcceptedRightAfterIssue(http, realm.name, "monthly", token);
    }
  }

  /**
   * Realm settings plus the gateway in authentication-only mode: without an original URI it would
   * deny API clients (403) after accepting their token.
   */
  private static Map<String, Object> gatewayAuthenticationOnly(Map<String, Object> settings) {
    Map<String, Object> realm = new HashMap<>(settings);
    realm.put("attributes", Map.of("till-auth.gateway.unmapped-paths", "allow"));
    return realm;
  }

  /** An API client at 30 days that may introspect its own tokens (Keycloak checks the audience). */
  private static Map<String, Object> introspectable(String clientId, Map<String, String> extra) {
    Map<String, Object> client =
        withAttributes(apiClient(clientId, String.valueOf(THIRTY_DAYS)), extra);
    client.put("protocolMappers", List.of(RealmFixtures.audience(clientId)));
    return client;
  }

  private static Map<String, Object> withAttributes(
      Map<String, Object> client, Map<String, String> extra) {
    @SuppressWarnings("unchecked")
    Map<String, String> attributes =
        new HashMap<>((Map<String, String>) client.getOrDefault("attributes", Map.of()));
    attributes.putAll(extra);
    client.put("attributes", attributes);
    return client;
  }

  private static Map<String, Object> policy(String name, String profile) {
    return Map.of(
        "name",
        name,
        "enabled",
        true,
        "conditions",
        List.of(Map.of("condition", "service-account-client", "configuration", Map.of())),
        "profiles",
        List.of(profile));
  }

  /** exp - iat of a token from POST /v3/oauth/token/generate, after checking ttlSeconds agrees. */
  private static long jsonEndpointLifetime(Http http, String realm, String clientId) {
    Map<String, String> body = new LinkedHashMap<>();
    body.put("key", clientId);
    body.put("secret", secret(clientId));
    Http.Result result =
        http.postJson("/realms/" + realm + "/v3/oauth/token/generate", Http.toJson(body), Map.of());
    assertThat(result.status()).as("%s", result).isEqualTo(200);
    Map<String, Object> claims = Jwt.claims(result.json().at("/data/accessToken").asText());
    long lifetime =
        ((Number) claims.get("exp")).longValue() - ((Number) claims.get("iat")).longValue();
    assertThat(result.json().at("/data/ttlSeconds").asLong()).isBetween(lifetime - 1, lifetime);
    return lifetime;
  }

  /** Keycloak's introspection and the gateway's verify endpoint take the token. */
  private static void assertAcceptedRightAfterIssue(
      Http http, String realm, String clientId, JsonNode tokenResponse) {
    String token = tokenResponse.path("access_token").asText();
    Map<String, String> form = new LinkedHashMap<>();
    form.put("client_id", clientId);
    form.put("client_secret", secret(clientId));
    form.put("token", token);
    Http.Result introspection =
        http.postForm("/realms/" + realm + "/protocol/openid-connect/token/introspect", form);
    assertThat(introspection.status()).as("%s", introspection).isEqualTo(200);
    assertThat(introspection.json().path("active").asBoolean()).as("%s", introspection).isTrue();
    assertThat(introspection.json().path("exp").asLong())
        .isEqualTo(((Number) Jwt.claims(token).get("exp")).longValue());

    Http.Result verify =
        http.get(
            "/realms/" + realm + "/till-auth/verify", Map.of("Authorization", "Bearer " + token));
    assertThat(verify.status()).as("%s", verify).isEqualTo(200);
  }
}
