package org.tillauth.keycloak.lifespan;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tillauth.keycloak.testing.AdminApi;
import org.tillauth.keycloak.testing.DemoRealm;
import org.tillauth.keycloak.testing.Http;
import org.tillauth.keycloak.testing.KeycloakIT;

/**
 * Till tokens are under a lifespan limit too: the demo realm's policy {@code till-token-lifespan}
 * (condition {@code till-login-client}) caps the clients tills log in with at 60 minutes. Runs in a
 * copy of the demo realm whose default access token lifespan is 2 hours.
 */
@KeycloakIT
class TillTokenLifespanIT {

  private static final String DIGEST = "8a16a6b70505eb1f1ff7cdc0cd5559a7";

  private static String realm;

  @BeforeAll
  static void copyDemoRealm(AdminApi admin) {
    realm =
        DemoRealm.createCopy(
            admin, "till-lifespan-" + UUID.randomUUID().toString().substring(0, 8));
    Http.Result update = admin.put("/admin/realms/" + realm, Map.of("accessTokenLifespan", 7200));
    assertThat(update.status()).as("%s", update).isEqualTo(204);
  }

  @AfterAll
  static void deleteRealm(AdminApi admin) {
    admin.delete("/admin/realms/" + realm);
  }

  @Test
  void demoRealmShipsTheTillPolicy(AdminApi admin) {
    JsonNode policies =
        admin.getJson("/admin/realms/" + DemoRealm.NAME + "/client-policies/policies");
    JsonNode policy = named(policies.path("policies"), "till-token-lifespan");
    assertThat(policy.path("enabled").asBoolean()).isTrue();
    assertThat(policy.path("conditions").get(0).path("condition").asText())
        .isEqualTo("till-login-client");
    JsonNode profiles =
        admin.getJson("/admin/realms/" + DemoRealm.NAME + "/client-policies/profiles");
    assertThat(
            named(profiles.path("profiles"), "till-token-lifespan")
                .path("executors")
                .get(0)
                .path("configuration")
                .path("max-access-token-lifespan")
                .asText())
        .isEqualTo("60m");
  }

  @Test
  void tillTokensAreClampedToTheMaximum(Http http) {
    Http.Result login = http.passwordGrant(realm, DemoRealm.POS_CLIENT, "store.server", DIGEST);
    assertThat(LifespanTestRealm.lifetime(login.json())).isEqualTo(3600);
  }

  @Test
  void savingThePosClientOverTheMaximumOrWithAnUnusableValueIsRefused(AdminApi admin) {
    String uuid = admin.clientUuid(realm, DemoRealm.POS_CLIENT);
    for (String lifespan : List.of("7200", "-1", " 3600")) {
      Map<String, Object> update = new LinkedHashMap<>();
      update.put("clientId", DemoRealm.POS_CLIENT);
      update.put("attributes", Map.of(LifespanTestRealm.LIFESPAN, lifespan));
      Http.Result result = admin.put("/admin/realms/" + realm + "/clients/" + uuid, update);
      assertThat(result.status()).as("%s: %s", lifespan, result).isEqualTo(400);
      assertThat(result.json().path("error").asText()).isEqualTo("invalid_client_metadata");
    }
  }

  @Test
  void clientsWithoutTheTillLoginAreNotSelected(AdminApi admin, Http http) {
    String clientId = "plain-direct-grant";
    Map<String, Object> client = new LinkedHashMap<>();
    client.put("clientId", clientId);
    client.put("publicClient", true);
    client.put("directAccessGrantsEnabled", true);
    client.put("standardFlowEnabled", false);
    client.put("attributes", Map.of(LifespanTestRealm.LIFESPAN, "7200"));
    Http.Result created = admin.post("/admin/realms/" + realm + "/clients", client);
    assertThat(created.status()).as("%s", created).isEqualTo(201);

    Http.Result movedToTillFlow =
        admin.put(
            "/admin/realms/" + realm + "/clients/" + AdminApi.createdId(created),
            Map.of(
                "clientId",
                clientId,
                "authenticationFlowBindingOverrides",
                Map.of(
                    "direct_grant",
                    admin
                        .getJson(
                            "/admin/realms/"
                                + realm
                                + "/clients/"
                                + admin.clientUuid(realm, DemoRealm.POS_CLIENT))
                        .path("authenticationFlowBindingOverrides")
                        .path("direct_grant")
                        .asText())));
    assertThat(movedToTillFlow.status()).as("%s", movedToTillFlow).isEqualTo(400);
    assertThat(movedToTillFlow.json().path("error_description").asText())
        .isEqualTo("Token expiry duration cannot exceed 60 minutes");
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
