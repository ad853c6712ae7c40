package org.tillauth.keycloak.apiclient;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tillauth.keycloak.testing.AdminApi;
import org.tillauth.keycloak.testing.DemoRealm;
import org.tillauth.keycloak.testing.Http;
import org.tillauth.keycloak.testing.Jwt;
import org.tillauth.keycloak.testing.KeycloakIT;
import org.tillauth.keycloak.testing.RealmFixtures;

/**
 * The API clients' lifespan ceiling holds in realms set up without the demo realm's client
 * policies: registration puts the recommended ceiling in place first, and raising the ceiling in a
 * realm whose API-client policy was disabled replaces the old maximum instead of adding a second.
 */
@KeycloakIT
class ApiClientCeilingIT {

  private static Map<String, Object> body(String expiry) {
    Map<String, Object> body = new java.util.LinkedHashMap<>(ApiClientsApiIT.body("Ceiling"));
    body.put("tokenExpiry", expiry);
    return body;
  }

  /**
   * Keeps only till attribution for API clients (its mapper refuses tokens without the executor):
   * no policy limits their lifespan, as in a realm set up by hand.
   */
  private static void keepOnlyAttribution(AdminApi admin, String base) {
    Map<String, Object> condition =
        Map.of("condition", "service-account-client", "configuration", Map.of());
    Map<String, Object> policy =
        Map.of(
            "name",
            "attribution",
            "enabled",
            true,
            "conditions",
            List.of(condition),
            "profiles",
            List.of("till-attribution"));
    RealmFixtures.expect(
        admin.put(base + "/client-policies/policies", Map.of("policies", List.of(policy))), 204);
    Map<String, Object> executor =
        Map.of("executor", "till-attribution", "configuration", Map.of());
    Map<String, Object> profile =
        Map.of("name", "till-attribution", "executors", List.of(executor));
    RealmFixtures.expect(
        admin.put(base + "/client-policies/profiles", Map.of("profiles", List.of(profile))), 204);
  }

  @Test
  void aRealmWithoutPoliciesGetsTheRecommendedCeilingAtTheFirstRegistration(
      AdminApi admin, Http http) {
    String realm = "ceiling-none";
    String base = "/admin/realms/" + realm;
    DemoRealm.createCopy(admin, realm);
    try {
      keepOnlyAttribution(admin, base);
      assertThat(admin.getJson(base + "/api-clients/settings").path("maxTokenExpiry").asText())
          .isEqualTo("60m");

      for (String tooLong : List.of("365d", "2h")) {
        Http.Result refused = admin.post(base + "/api-clients", body(tooLong));
        assertThat(refused.status()).as(tooLong + ": " + refused.body()).isEqualTo(400);
        assertThat(refused.json().path("error_description").asText())
            .isEqualTo("Token expiry duration cannot exceed 60 minutes");
      }
      assertThat(admin.getJson(base + "/client-policies/policies").path("policies"))
          .as("a refused registration leaves no policy behind")
          .hasSize(1);

      Http.Result created = admin.post(base + "/api-clients", body("30m"));
      assertThat(created.status()).as(created.body()).isEqualTo(201);
      JsonNode policies = admin.getJson(base + "/client-policies/policies").path("policies");
      assertThat(policies).hasSize(2);
      JsonNode ceiling = policies.get(1);
      assertThat(ceiling.path("enabled").asBoolean()).isTrue();
      assertThat(ceiling.path("conditions").get(0).path("condition").asText())
          .isEqualTo("service-account-client");
      assertThat(ceiling.path("profiles").get(0).asText()).isEqualTo("api-client-token-lifespan");
      assertThat(admin.getJson(base + "/api-clients/settings").path("maxTokenExpiry").asText())
          .isEqualTo("60m");

      // The client's own console save is now checked too, and its token lives 30 minutes.
      String id = created.json().path("id").asText();
      JsonNode client = admin.getJson(base + "/clients/" + id);
      ((com.fasterxml.jackson.databind.node.ObjectNode) client.path("attributes"))
          .put("access.token.lifespan", "7200");
      Http.Result consoleSave = admin.put(base + "/clients/" + id, client);
      assertThat(consoleSave.status()).as(consoleSave.body()).isEqualTo(400);
      Map<String, Object> claims =
          Jwt.claims(
              http.clientCredentials(
                      realm,
                      created.json().path("clientKey").asText(),
                      created.json().path("clientSecret").asText(),
                      Map.of())
                  .accessToken());
      assertThat(
              ((Number) claims.get("exp")).longValue() - ((Number) claims.get("iat")).longValue())
          .isEqualTo(1800);
    } finally {
      admin.delete(base);
    }
  }

  @Test
  void raisingTheCeilingAfterThePolicyWasDisabledReplacesTheOldMaximum(AdminApi admin) {
    String realm = "ceiling-disabled";
    String base = "/admin/realms/" + realm;
    DemoRealm.createCopy(admin, realm);
    try {
      JsonNode policies = admin.getJson(base + "/client-policies/policies");
      for (JsonNode policy : policies.path("policies")) {
        if (policy.path("name").asText().equals("api-clients")) {
          ((com.fasterxml.jackson.databind.node.ObjectNode) policy).put("enabled", false);
        }
      }
      RealmFixtures.expect(admin.put(base + "/client-policies/policies", policies), 204);

      Http.Result raised =
          admin.put(base + "/organisation-settings", Map.of("tokenLifespanCeiling", "2h"));
      assertThat(raised.status()).as(raised.body()).isEqualTo(200);
      assertThat(raised.json().path("tokenLifespanCeiling").asText()).isEqualTo("2h");

      Http.Result twoHours = admin.post(base + "/api-clients", body("2h"));
      assertThat(twoHours.status()).as(twoHours.body()).isEqualTo(201);
      List<String> executors =
          admin
              .getJson(base + "/client-policies/profiles")
              .path("profiles")
              .findValuesAsText("executor");
      assertThat(executors.stream().filter("token-lifespan-limit"::equals))
          .as("one limit in the API clients' profile, one in the tills'")
          .hasSize(2);
    } finally {
      admin.delete(base);
    }
  }
}
