package org.tillauth.keycloak.lifespan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tillauth.keycloak.lifespan.LifespanTestRealm.apiClient;
import static org.tillauth.keycloak.lifespan.LifespanTestRealm.clientCredentials;
import static org.tillauth.keycloak.lifespan.LifespanTestRealm.lifetime;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.tillauth.keycloak.testing.AdminApi;
import org.tillauth.keycloak.testing.Http;
import org.tillauth.keycloak.testing.KeycloakIT;

/**
 * Behaviour 2: realm-export ships the profile and a policy covering API clients created later (the
 * policy {@code api-clients}, which also applies the till-attribution profile).
 */
@KeycloakIT
class TokenLifespanRealmExportIT {

  private static final String REALM = "demo-org";

  @Test
  void demoOrgShipsTheProfileAndThePolicy(AdminApi admin) {
    JsonNode profile =
        named(
            admin.getJson("/admin/realms/" + REALM + "/client-policies/profiles").path("profiles"),
            "api-client-token-lifespan");
    JsonNode executor = profile.path("executors").get(0);
    assertThat(executor.path("executor").asText()).isEqualTo("token-lifespan-limit");
    assertThat(executor.path("configuration").path("max-access-token-lifespan").asText())
        .isEqualTo("60m");

    // One policy for API clients applies both of their profiles (till attribution and the ceiling).
    JsonNode policy =
        named(
            admin.getJson("/admin/realms/" + REALM + "/client-policies/policies").path("policies"),
            "api-clients");
    assertThat(policy.path("enabled").asBoolean()).isTrue();
    assertThat(policy.path("conditions")).hasSize(1);
    assertThat(policy.path("conditions").get(0).path("condition").asText())
        .isEqualTo("service-account-client");
    assertThat(policy.path("profiles"))
        .extracting(JsonNode::asText)
        .containsExactly("till-attribution", "api-client-token-lifespan");
  }

  @Test
  void apiClientCreatedLaterInDemoOrgIsLimited(AdminApi admin, Http http) {
    String clientId = "lifespan-export-" + UUID.randomUUID().toString().substring(0, 8);
    String clients = "/admin/realms/" + REALM + "/clients";

    Http.Result rejected = admin.post(clients, apiClient(clientId, "3601"));
    assertThat(rejected.status()).as("%s", rejected).isEqualTo(400);
    assertThat(rejected.json().path("error_description").asText())
        .isEqualTo("Token expiry duration cannot exceed 60 minutes");
    assertThat(admin.getJson(clients + "?clientId=" + clientId)).isEmpty();

    String id = AdminApi.createdId(admin.post(clients, apiClient(clientId, "3600")));
    try {
      assertThat(lifetime(clientCredentials(http, REALM, clientId))).isEqualTo(3600);
    } finally {
      admin.delete(clients + "/" + id);
    }
  }

  private static JsonNode named(JsonNode items, String name) {
    for (JsonNode item : items) {
      if (name.equals(item.path("name").asText())) {
        return item;
      }
    }
    throw new AssertionError("No " + name + " in " + items);
  }
}
