package org.tillauth.keycloak.lifespan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tillauth.keycloak.lifespan.LifespanTestRealm.LIFESPAN;
import static org.tillauth.keycloak.lifespan.LifespanTestRealm.apiClient;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tillauth.keycloak.testing.AdminApi;
import org.tillauth.keycloak.testing.Http;
import org.tillauth.keycloak.testing.KeycloakIT;

/**
 * Behaviours 3, 5 and the client half of 6: saving an API client whose own Access Token Lifespan
 * exceeds the maximum is rejected with 400 and leaves the client as it was.
 */
@KeycloakIT
class TokenLifespanClientSaveIT {

  private static final String ERROR = "invalid_client_metadata";
  private static final String OVER_60_MINUTES = "Token expiry duration cannot exceed 60 minutes";

  private static LifespanTestRealm realm;
  private static AdminApi adminApi;

  @BeforeAll
  static void createRealm(AdminApi admin) {
    adminApi = admin;
    // SSO Session Max 10 h (Keycloak's default) is what -1 means in this realm.
    realm =
        LifespanTestRealm.create(admin, "lifespan-save", Map.of("ssoSessionMaxLifespan", 36_000));
    realm.applyLimit("60m");
  }

  @AfterAll
  static void deleteRealm() {
    realm.close();
  }

  @AfterEach
  void restoreSixtyMinutes() {
    realm.applyLimit("60m");
  }

  @Test
  void createsApiClientsUpToExactlySixtyMinutes() {
    String id = realm.createClientOk(apiClient("at-limit", "3600"));

    assertThat(realm.client(id).path("attributes").path(LIFESPAN).asText()).isEqualTo("3600");
    realm.createClientOk(apiClient("below-limit", "300"));
    realm.createClientOk(apiClient("realm-default", null));
  }

  @Test
  void rejectsCreatingAnApiClientOneSecondOverAndCreatesNothing() {
    Http.Result rejected = realm.createClient(apiClient("over-limit", "3601"));

    assertRejected(rejected, OVER_60_MINUTES);
    assertThat(realm.clientsNamed("over-limit")).isEmpty();
  }

  @Test
  void rejectsMinusOneWhenTheSsoSessionMaxIsLonger() {
    Http.Result rejected = realm.createClient(apiClient("until-session-max", "-1"));

    assertRejected(rejected, OVER_60_MINUTES);
    assertThat(realm.clientsNamed("until-session-max")).isEmpty();
  }

  @Test
  void rejectsValuesThatAreNotSeconds() {
    assertRejected(
        realm.createClient(apiClient("not-seconds", "2h")), ClientLifespanRule.NOT_SECONDS);
  }

  @Test
  void rejectsUpdatingOneSecondOverAndLeavesTheClientExactlyAsItWas() {
    String id = realm.createClientOk(apiClient("update-over", "1800"));
    JsonNode before = realm.clientSnapshot(id);

    Map<String, Object> update = apiClient("update-over", "3601");
    update.put("description", "changed together with the lifespan");
    Http.Result rejected = admin().put(realm.path("/clients/" + id), update);

    assertRejected(rejected, OVER_60_MINUTES);
    assertThat(realm.clientSnapshot(id)).isEqualTo(before);

    Http.Result atLimit =
        admin().put(realm.path("/clients/" + id), apiClient("update-over", "3600"));
    assertThat(atLimit.status()).isEqualTo(204);
    assertThat(realm.client(id).path("attributes").path(LIFESPAN).asText()).isEqualTo("3600");
  }

  @Test
  void partialUpdateIsJudgedAgainstTheStoredLifespan() {
    // Not an API client yet (no service account), so a 2 h lifespan is not this policy's business.
    Map<String, Object> client = apiClient("partial", "7200");
    client.put("serviceAccountsEnabled", false);
    String id = realm.createClientOk(client);
    JsonNode before = realm.clientSnapshot(id);

    // Turning the service account on without touching the attribute: the stored 2 h is judged.
    Http.Result rejected =
        admin().put(realm.path("/clients/" + id), Map.of("serviceAccountsEnabled", true));
    assertRejected(rejected, OVER_60_MINUTES);
    // Attributes present but without the lifespan key keep the stored value too.
    Http.Result rejectedToo =
        admin()
            .put(
                realm.path("/clients/" + id),
                Map.of("serviceAccountsEnabled", true, "attributes", Map.of("x-note", "n")));
    assertRejected(rejectedToo, OVER_60_MINUTES);
    assertThat(realm.clientSnapshot(id)).isEqualTo(before);

    // Removing the override in the same request makes it acceptable (realm default, clamped later).
    Map<String, Object> fixed = new HashMap<>();
    fixed.put("serviceAccountsEnabled", true);
    fixed.put("attributes", Map.of(LIFESPAN, ""));
    assertThat(admin().put(realm.path("/clients/" + id), fixed).status()).isEqualTo(204);
    JsonNode after = realm.client(id);
    assertThat(after.path("serviceAccountsEnabled").asBoolean()).isTrue();
    assertThat(after.path("attributes").has(LIFESPAN)).isFalse();

    // A partial update of an unrelated field of a compliant API client is fine.
    assertThat(admin().put(realm.path("/clients/" + id), Map.of("description", "d")).status())
        .isEqualTo(204);
  }

  @Test
  void clientsThatAreNotApiClientsAreNotLimited() {
    Map<String, Object> publicClient = apiClient("public-long", "7200");
    publicClient.put("publicClient", true);
    publicClient.put("serviceAccountsEnabled", false);
    realm.createClientOk(publicClient);

    Map<String, Object> noServiceAccount = apiClient("confidential-no-sa", "7200");
    noServiceAccount.put("serviceAccountsEnabled", false);
    realm.createClientOk(noServiceAccount);
  }

  @Test
  void twoHourMaximumAcceptsTwoHoursAndRejectsOneSecondMore() {
    realm.applyLimit("2h");

    realm.createClientOk(apiClient("two-hours", "7200"));
    assertRejected(
        realm.createClient(apiClient("two-hours-plus", "7201")),
        "Token expiry duration cannot exceed 2 hours");
  }

  @Test
  void raisingTheMaximumToThirtyDaysAllowsUpToThirtyDaysExactly() {
    assertRejected(realm.createClient(apiClient("thirty-days", "2592000")), OVER_60_MINUTES);

    realm.applyLimit("30d");

    realm.createClientOk(apiClient("thirty-days", "2592000"));
    // -1 (10 h here) is within 30 days.
    realm.createClientOk(apiClient("session-max-within", "-1"));
    assertRejected(
        realm.createClient(apiClient("thirty-days-plus", "2592001")),
        "Token expiry duration cannot exceed 30 days");
    assertThat(realm.clientsNamed("thirty-days-plus")).isEmpty();
  }

  @Test
  void dynamicClientRegistrationIsLimitedToo(Http http) {
    Http.Result initial =
        admin().post(realm.path("/clients-initial-access"), Map.of("count", 5, "expiration", 600));
    // Keycloak answers 201 from 26.5 on, 200 before.
    assertThat(initial.status()).as("%s", initial).isIn(200, 201);
    String initialToken = initial.json().path("token").asText();
    String endpoint = "/realms/" + realm.name + "/clients-registrations/default";
    Map<String, String> auth = Map.of("Authorization", "Bearer " + initialToken);

    Map<String, Object> over = apiClient("dcr-over", "3601");
    over.remove("secret");
    Http.Result rejected = http.postJson(endpoint, Http.toJson(over), auth);
    assertRejected(rejected, OVER_60_MINUTES);
    assertThat(realm.clientsNamed("dcr-over")).isEmpty();

    Map<String, Object> ok = apiClient("dcr-ok", "3600");
    ok.remove("secret");
    Http.Result registered = http.postJson(endpoint, Http.toJson(ok), auth);
    assertThat(registered.status()).as("%s", registered).isEqualTo(201);

    // Updating through the registration access token is judged the same way.
    JsonNode created = registered.json();
    Map<String, Object> update = new HashMap<>(Http.JSON.convertValue(created, Map.class));
    update.remove("registrationAccessToken");
    update.put("attributes", Map.of(LIFESPAN, "3601"));
    Http.Result updateRejected =
        http.send(
            http.request(
                    endpoint + "/dcr-ok",
                    Map.of(
                        "Authorization",
                        "Bearer " + created.path("registrationAccessToken").asText(),
                        "Content-Type",
                        "application/json"))
                .PUT(java.net.http.HttpRequest.BodyPublishers.ofString(Http.toJson(update)))
                .build());
    assertRejected(updateRejected, OVER_60_MINUTES);
    JsonNode stored = realm.clientsNamed("dcr-ok");
    assertThat(stored.get(0).path("attributes").path(LIFESPAN).asText()).isEqualTo("3600");
  }

  private static AdminApi admin() {
    return adminApi;
  }

  private static void assertRejected(Http.Result result, String description) {
    assertThat(result.status()).as("%s", result).isEqualTo(400);
    JsonNode body = result.json();
    assertThat(body.path("error").asText()).isEqualTo(ERROR);
    assertThat(body.path("error_description").asText()).isEqualTo(description);
  }
}
