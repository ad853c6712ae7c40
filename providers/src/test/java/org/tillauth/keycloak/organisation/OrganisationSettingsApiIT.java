package org.tillauth.keycloak.organisation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tillauth.keycloak.organisation.OrganisationFixtures.as;
import static org.tillauth.keycloak.organisation.OrganisationFixtures.tillLogin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tillauth.keycloak.testing.AdminApi;
import org.tillauth.keycloak.testing.DemoRealm;
import org.tillauth.keycloak.testing.Http;
import org.tillauth.keycloak.testing.Jwt;
import org.tillauth.keycloak.testing.KeycloakIT;
import org.tillauth.keycloak.till.Md5Digest;

/**
 * {@code /admin/realms/{realm}/organisation-settings}: the basic-authentication switch and the API
 * clients' lifespan ceiling, in a copy of the demo realm, proven by till logins and API-client
 * registrations and tokens.
 */
@KeycloakIT
class OrganisationSettingsApiIT {

  static final String REALM = "org-settings";
  static final String BASE = "/admin/realms/" + REALM;
  static final String API = BASE + "/organisation-settings";
  static final String BARE = "org-settings-bare";
  static final String DIGEST = Md5Digest.of("server123");
  static final String SWITCHED_OFF =
      "{\"error\":\"unauthorized_client\",\"error_description\":\"Basic authentication"
          + " is disabled for this organization\"}";

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

  @AfterEach
  void restore(AdminApi admin) {
    OrganisationFixtures.expect(
        admin.put(API, Map.of("basicAuthentication", true, "tokenLifespanCeiling", "60m")), 200);
  }

  @Test
  void showsTheDemoRealmsSettings(AdminApi admin) {
    JsonNode settings = admin.getJson(API);
    assertThat(settings.path("basicAuthentication").asBoolean()).isTrue();
    assertThat(settings.path("tillLoginSteps").asInt()).isEqualTo(1);
    assertThat(settings.path("tokenLifespanCeiling").asText()).isEqualTo("60m");
    assertThat(settings.path("tokenLifespanCeilingSeconds").asLong()).isEqualTo(3600);
    assertThat(settings.path("tokenLifespanCeilingText").asText()).isEqualTo("60 minutes");
    assertThat(settings.path("recommendedMaximum").asText()).isEqualTo("60m");
    assertThat(settings.path("warnings")).isEmpty();
    assertThat(settings.path("apiClientsAboveCeiling")).isEmpty();
  }

  @Test
  void switchOffRefusesTillLoginsAtOnceAndTheConsoleSeesTheSameSetting(AdminApi admin, Http http) {
    assertThat(tillLogin(http, REALM, "store.server", DIGEST).status()).isEqualTo(200);

    Http.Result off = admin.put(API, Map.of("basicAuthentication", false));
    assertThat(off.status()).as(off.body()).isEqualTo(200);
    assertThat(off.json().path("basicAuthentication").asBoolean()).isFalse();
    Http.Result refused = tillLogin(http, REALM, "store.server", DIGEST);
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.body()).isEqualTo(SWITCHED_OFF);
    assertThat(tillStepConfig(admin).path("config").path("basic-auth-enabled").asText())
        .as("the console's step config")
        .isEqualTo("false");

    // Set back on in the console: the page's endpoint shows it.
    ObjectNode config = (ObjectNode) tillStepConfig(admin);
    ((ObjectNode) config.get("config")).put("basic-auth-enabled", "true");
    OrganisationFixtures.expect(
        admin.put(BASE + "/authentication/config/" + config.path("id").asText(), config), 204);
    assertThat(admin.getJson(API).path("basicAuthentication").asBoolean()).isTrue();
    assertThat(tillLogin(http, REALM, "store.server", DIGEST).status()).isEqualTo(200);
  }

  @Test
  void aTillStepWithoutConfigGetsOneWhenSwitched(AdminApi admin, Http http) {
    String configId = tillStepConfig(admin).path("id").asText();
    OrganisationFixtures.expect(admin.delete(BASE + "/authentication/config/" + configId), 204);
    assertThat(admin.getJson(API).path("basicAuthentication").asBoolean())
        .as("no config means on")
        .isTrue();

    assertThat(admin.put(API, Map.of("basicAuthentication", false)).status()).isEqualTo(200);
    assertThat(tillLogin(http, REALM, "store.server", DIGEST).body()).isEqualTo(SWITCHED_OFF);
    JsonNode created = tillStepConfig(admin);
    assertThat(created.path("alias").asText()).startsWith("till basic authentication");
    assertThat(created.path("config").path("basic-auth-enabled").asText()).isEqualTo("false");

    assertThat(admin.put(API, Map.of("basicAuthentication", true)).status()).isEqualTo(200);
    assertThat(tillLogin(http, REALM, "store.server", DIGEST).status()).isEqualTo(200);
  }

  @Test
  void aRaisedCeilingAdmitsA2hApiClientAndALoweredOneListsAndClampsIt(AdminApi admin, Http http) {
    Map<String, Object> client = new LinkedHashMap<>();
    client.put("name", "Two hours " + UUID.randomUUID());
    client.put("tokenExpiry", "2h");
    client.put("defaultTill", "store.server");
    client.put("accessGroup", "POS");
    Http.Result refused = admin.post(BASE + "/api-clients", client);
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.json().path("error_description").asText())
        .isEqualTo("Token expiry duration cannot exceed 60 minutes");

    Http.Result raised = admin.put(API, Map.of("tokenLifespanCeiling", "2h"));
    assertThat(raised.status()).as(raised.body()).isEqualTo(200);
    assertThat(raised.json().path("tokenLifespanCeiling").asText()).isEqualTo("2h");
    assertThat(raised.json().path("tokenLifespanCeilingText").asText()).isEqualTo("2 hours");
    assertThat(raised.json().path("warnings").get(0).asText())
        .isEqualTo(
            "A token lifespan of more than 60 minutes is not recommended for security reasons");
    assertThat(admin.getJson(BASE + "/api-clients/settings").path("maxTokenExpiry").asText())
        .isEqualTo("2h");

    Http.Result registered = admin.post(BASE + "/api-clients", client);
    assertThat(registered.status()).as(registered.body()).isEqualTo(201);
    String key = registered.json().path("clientKey").asText();
    String secret = registered.json().path("clientSecret").asText();
    assertThat(
            http.clientCredentials(REALM, key, secret, Map.of()).json().path("expires_in").asLong())
        .isBetween(7199L, 7200L); // counted from the response: a second may pass

    Http.Result lowered = admin.put(API, Map.of("tokenLifespanCeiling", "30m"));
    assertThat(lowered.status()).as(lowered.body()).isEqualTo(200);
    assertThat(lowered.json().path("warnings")).isEmpty();
    JsonNode above = lowered.json().path("apiClientsAboveCeiling");
    assertThat(above).hasSize(1);
    assertThat(above.get(0).path("clientKey").asText()).isEqualTo(key);
    assertThat(above.get(0).path("tokenExpiry").asText()).isEqualTo("2h");
    Map<String, Object> claims =
        Jwt.claims(http.clientCredentials(REALM, key, secret, Map.of()).accessToken());
    assertThat(((Number) claims.get("exp")).longValue() - ((Number) claims.get("iat")).longValue())
        .as("clamped at issue")
        .isEqualTo(1800);

    // The console's profile holds the same value.
    JsonNode profiles = admin.getJson(BASE + "/client-policies/profiles");
    assertThat(profiles.toString()).contains("\"max-access-token-lifespan\":\"30m\"");
    admin.delete(BASE + "/api-clients/" + registered.json().path("id").asText());
  }

  @Test
  void badValuesAre400AndChangeNeitherSetting(AdminApi admin) {
    Map<String, String> cases = new LinkedHashMap<>();
    cases.put(
        "0m", "Maximum access token lifespan must be between 1 minute and 30 days, not 0 minutes");
    cases.put(
        "31d", "Maximum access token lifespan must be between 1 minute and 30 days, not 31 days");
    cases.put(
        "soon",
        "Maximum access token lifespan must be a whole number of minutes, hours or days, for"
            + " example 60m, 2h or 30d (a bare number means minutes)");
    cases.put(
        "",
        "Maximum access token lifespan must be a whole number of minutes, hours or days, for"
            + " example 60m, 2h or 30d (a bare number means minutes)");
    cases.forEach(
        (value, message) -> {
          Map<String, Object> body = new LinkedHashMap<>();
          body.put("basicAuthentication", false);
          body.put("tokenLifespanCeiling", value);
          Http.Result result = admin.put(API, body);
          assertThat(result.status()).as(value + ": " + result.body()).isEqualTo(400);
          assertThat(result.json().path("error_description").asText()).isEqualTo(message);
        });
    assertThat(admin.put(API, Map.of()).json().path("error_description").asText())
        .isEqualTo(
            "Nothing to change: send at least one of 'basicAuthentication', 'tokenLifespanCeiling'");
    assertThat(
            admin
                .put(API, Map.of("basicAuthentication", "off"))
                .json()
                .path("error_description")
                .asText())
        .isEqualTo("Field 'basicAuthentication' must be true or false");
    assertThat(admin.put(API, Map.of("ceiling", "2h")).json().path("error_description").asText())
        .isEqualTo("Unknown field 'ceiling'");
    JsonNode settings = admin.getJson(API);
    assertThat(settings.path("basicAuthentication").asBoolean()).isTrue();
    assertThat(settings.path("tokenLifespanCeiling").asText()).isEqualTo("60m");
  }

  @Test
  void aRealmWithoutPolicyGetsOneAndWithoutTillStepRefusesTheSwitch(AdminApi admin) {
    String bare = "/admin/realms/" + BARE + "/organisation-settings";
    JsonNode settings = admin.getJson(bare);
    assertThat(settings.path("tillLoginSteps").asInt()).isZero();
    assertThat(settings.has("tokenLifespanCeiling")).isFalse();

    Http.Result refused = admin.put(bare, Map.of("basicAuthentication", false));
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.json().path("error_description").asText())
        .isEqualTo(OrganisationErrors.NO_TILL_STEP);

    Http.Result set = admin.put(bare, Map.of("tokenLifespanCeiling", "45m"));
    assertThat(set.status()).as(set.body()).isEqualTo(200);
    assertThat(set.json().path("tokenLifespanCeiling").asText()).isEqualTo("45m");
    JsonNode policies = admin.getJson("/admin/realms/" + BARE + "/client-policies/policies");
    assertThat(policies.toString())
        .contains("api-client-token-lifespan")
        .contains("service-account-client");
  }

  @Test
  void viewRealmReadsManageRealmWritesOthersAreRefused(AdminApi admin, Http http) {
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    String viewer =
        OrganisationFixtures.adminToken(
            admin, http, REALM, "viewer-" + suffix, List.of("view-realm"));
    String users =
        OrganisationFixtures.adminToken(
            admin, http, REALM, "users-" + suffix, List.of("manage-users"));
    String body = "{\"basicAuthentication\":false}";
    assertThat(as(http, viewer, "GET", API, null).status()).isEqualTo(200);
    assertThat(as(http, viewer, "PUT", API, body).status()).isEqualTo(403);
    assertThat(as(http, users, "PUT", API, body).status()).isEqualTo(403);
    assertThat(as(http, null, "GET", API, null).status()).isEqualTo(401);
    assertThat(as(http, null, "PUT", API, body).status()).isEqualTo(401);
    assertThat(admin.getJson(API).path("basicAuthentication").asBoolean()).isTrue();
  }

  private static JsonNode tillStepConfig(AdminApi admin) {
    JsonNode executions =
        admin.getJson(BASE + "/authentication/flows/till%20direct%20grant/executions");
    for (JsonNode execution : executions) {
      if ("till-md5-password".equals(execution.path("providerId").asText())) {
        String id = execution.path("authenticationConfig").asText();
        return id.isBlank() ? null : admin.getJson(BASE + "/authentication/config/" + id);
      }
    }
    throw new AssertionError("no till step in " + executions);
  }
}
