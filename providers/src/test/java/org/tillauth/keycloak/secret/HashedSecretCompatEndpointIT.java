package org.tillauth.keycloak.secret;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.tillauth.keycloak.testing.AdminApi;
import org.tillauth.keycloak.testing.Http;
import org.tillauth.keycloak.testing.Jwt;
import org.tillauth.keycloak.testing.KeycloakIT;

/**
 * A hashed-secret API client at the platform-compatible endpoint {@code /v3/oauth/token/generate}:
 * the endpoint must authenticate through Keycloak's client authentication flow, which honours the
 * client's authenticator.
 */
@KeycloakIT
class HashedSecretCompatEndpointIT {

  private static final String REALM = "demo-org";
  private static final String GENERATE = "/realms/" + REALM + "/v3/oauth/token/generate";

  @Test
  void theDemoClientsHashedSecretWorksAtBothEndpoints(AdminApi admin, Http http) {
    JsonNode demo =
        admin.getJson("/admin/realms/" + REALM + "/clients?clientId=demo-integration").get(0);
    assertThat(demo.path("clientAuthenticatorType").asText()).isEqualTo("client-secret-hashed");
    assertThat(demo.path("secret").isMissingNode() || demo.path("secret").isNull())
        .as(demo.toString())
        .isTrue();
    assertThat(
            http.clientCredentials(REALM, "demo-integration", "demo-integration-secret", Map.of())
                .status())
        .isEqualTo(200);
    Http.Result compat =
        http.postJson(
            GENERATE,
            Http.toJson(Map.of("key", "demo-integration", "secret", "demo-integration-secret")),
            Map.of());
    assertThat(compat.status()).as(compat.body()).isEqualTo(200);
  }

  @Test
  void aRegisteredHashedSecretClientGetsATokenAtTheCompatibleEndpoint(AdminApi admin, Http http) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("name", "Compat hashed " + UUID.randomUUID().toString().substring(0, 8));
    body.put("tokenExpiry", "15m");
    body.put("defaultTill", "store.server");
    body.put("useDefaultTillForInvalidTill", false);
    body.put("accessGroup", "POS");
    Http.Result registered = admin.post("/admin/realms/" + REALM + "/api-clients", body);
    assertThat(registered.status()).as(registered.body()).isEqualTo(201);
    JsonNode created = registered.json();
    String key = created.path("clientKey").asText();
    String secret = created.path("clientSecret").asText();
    try {
      Http.Result token =
          http.postJson(
              GENERATE,
              Http.toJson(Map.of("key", key, "secret", secret)),
              Map.of("X-CAP-API-ATTRIBUTION-ENTITY-CODE", "till-002"));
      assertThat(token.status()).as(token.body()).isEqualTo(200);
      JsonNode data = token.json().path("data");
      assertThat(data.path("ttlSeconds").asLong()).isEqualTo(900);
      Map<String, Object> claims = Jwt.claims(data.path("accessToken").asText());
      assertThat(claims)
          .containsEntry("azp", key)
          .containsEntry("till_code", "till-002")
          .containsEntry("access_group", "POS");

      Http.Result wrong =
          http.postJson(
              GENERATE, Http.toJson(Map.of("key", key, "secret", secret + "x")), Map.of());
      Http.Result unknown =
          http.postJson(
              GENERATE, Http.toJson(Map.of("key", key + "-nobody", "secret", secret)), Map.of());
      assertThat(wrong.status()).isEqualTo(401);
      assertThat(wrong.body()).isEqualTo(unknown.body());
      assertThat(wrong.json().path("errors").get(0).path("code").asInt()).isEqualTo(320001);
    } finally {
      admin.delete("/admin/realms/" + REALM + "/api-clients/" + created.path("id").asText());
    }
  }
}
