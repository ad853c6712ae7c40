package org.tillauth.keycloak.tokenjson;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tillauth.keycloak.tokenjson.CompatTokenEndpointIT.assertError;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.tillauth.keycloak.testing.AdminApi;
import org.tillauth.keycloak.testing.Http;
import org.tillauth.keycloak.testing.KeycloakIT;
import org.tillauth.keycloak.testing.ServerLog;

/**
 * Realm-level behaviour (events, client policies, HTTPS requirement, disabled realm) in a realm of
 * this test's own, so changing realm settings cannot disturb other tests.
 */
@KeycloakIT
class CompatTokenRealmIT {

  private static String realm;
  private static String endpoint;
  private static String clientId;
  private static String secret;
  private static CompatClients clients;
  private static final Map<String, String> rejected = new LinkedHashMap<>();

  @BeforeAll
  static void createRealm(AdminApi admin) {
    realm = CompatClients.unique("compat-it");
    endpoint = CompatClients.endpoint(realm);
    Map<String, Object> rep = new HashMap<>();
    rep.put("realm", realm);
    rep.put("enabled", true);
    rep.put("eventsEnabled", true);
    rep.put("enabledEventTypes", List.of("CLIENT_LOGIN", "CLIENT_LOGIN_ERROR"));
    Http.Result created = admin.post("/admin/realms", rep);
    assertThat(created.status()).as("%s", created).isEqualTo(201);

    clientId = CompatClients.unique("compat-events");
    secret = CompatClients.unique("secret");
    clients = new CompatClients(admin, realm);
    clients.create(CompatClients.apiClient(clientId, secret));
    rejected.putAll(clients.createRejectedClients());
  }

  @AfterAll
  static void deleteRealm(AdminApi admin) {
    if (realm != null) {
      // Deleting the realm deletes its clients and events too.
      admin.delete("/admin/realms/" + realm);
    }
  }

  @Test
  void successRecordsTheSameClientLoginEventAsTheStandardEndpoint(Http http, AdminApi admin) {
    Http.Result compat = http.postJson(endpoint, CompatClients.body(clientId, secret), Map.of());
    assertThat(compat.status()).as("%s", compat).isEqualTo(200);
    JsonNode compatEvent = latestEvent(admin, "CLIENT_LOGIN", clientId);

    http.clientCredentials(realm, clientId, secret, Map.of()).accessToken();
    JsonNode standardEvent = latestEvent(admin, "CLIENT_LOGIN", clientId);

    assertThat(compatEvent.get("id").asText()).isNotEqualTo(standardEvent.get("id").asText());
    assertSameEvent(compatEvent, standardEvent);
    assertThat(compatEvent.at("/details/grant_type").asText()).isEqualTo("client_credentials");
    assertThat(compatEvent.at("/details/client_auth_method").asText()).isEqualTo("client-secret");
  }

  @Test
  void wrongSecretAndUnknownClientRecordTheSameErrorsAsTheStandardEndpoint(
      Http http, AdminApi admin) {
    http.postJson(endpoint, CompatClients.body(clientId, "wrong"), Map.of());
    JsonNode compatWrongSecret = latestEvent(admin, "CLIENT_LOGIN_ERROR", clientId);
    http.clientCredentials(realm, clientId, "wrong", Map.of());
    JsonNode standardWrongSecret = latestEvent(admin, "CLIENT_LOGIN_ERROR", clientId);

    assertThat(compatWrongSecret.get("error").asText()).isEqualTo("invalid_client_credentials");
    assertSameEvent(compatWrongSecret, standardWrongSecret);

    String unknown = CompatClients.unique("compat-unknown");
    http.postJson(endpoint, CompatClients.body(unknown, "x"), Map.of());
    JsonNode compatUnknown = latestEvent(admin, "CLIENT_LOGIN_ERROR", unknown);
    http.clientCredentials(realm, unknown, "x", Map.of());
    JsonNode standardUnknown = latestEvent(admin, "CLIENT_LOGIN_ERROR", unknown);

    assertThat(compatUnknown.get("error").asText()).isEqualTo("client_not_found");
    assertSameEvent(compatUnknown, standardUnknown);
  }

  static Stream<Arguments> rejectedCredentials() {
    return rejected.entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
  }

  /**
   * Both endpoints run the same Keycloak code, so each client-authentication failure leaves the
   * same error events (none, for bearer-only clients) whichever endpoint was called.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("rejectedCredentials")
  void everyClientAuthenticationFailureRecordsWhatTheStandardEndpointRecords(
      String key, String keySecret, Http http, AdminApi admin) {
    int before = errorEvents(admin, key).size();
    Http.Result compat = http.postJson(endpoint, CompatClients.body(key, keySecret), Map.of());
    List<JsonNode> compatEvents = newest(errorEvents(admin, key), before);
    Http.Result standard = http.clientCredentials(realm, key, keySecret, Map.of());
    List<JsonNode> standardEvents = newest(errorEvents(admin, key), before + compatEvents.size());

    assertError(compat, 401, 320001, "Invalid client key and secret");
    assertThat(standard.status()).as("%s", standard).isIn(400, 401);
    assertThat(standard.json().path("error").asText())
        .isIn("invalid_client", "unauthorized_client", "invalid_request");
    assertThat(compatEvents).as("events of the JSON endpoint").hasSameSizeAs(standardEvents);
    for (int i = 0; i < compatEvents.size(); i++) {
      assertSameEvent(compatEvents.get(i), standardEvents.get(i));
    }
  }

  @Test
  void clientPolicyRejectionComesBackInTheEnvelopeWithItsStatusAndText(Http http, AdminApi admin) {
    String base = "/admin/realms/" + realm + "/client-policies/";
    Map<String, Object> profiles =
        Map.of(
            "profiles",
            List.of(
                Map.of(
                    "name",
                    "compat-reject",
                    "executors",
                    List.of(Map.of("executor", "reject-request", "configuration", Map.of())))));
    Map<String, Object> policies =
        Map.of(
            "policies",
            List.of(
                Map.of(
                    "name",
                    "compat-reject",
                    "enabled",
                    true,
                    "conditions",
                    List.of(Map.of("condition", "any-client", "configuration", Map.of())),
                    "profiles",
                    List.of("compat-reject"))));
    assertThat(admin.put(base + "profiles", profiles).status()).isEqualTo(204);
    assertThat(admin.put(base + "policies", policies).status()).isEqualTo(204);
    try {
      Http.Result standard = http.clientCredentials(realm, clientId, secret, Map.of());
      Http.Result compat = http.postJson(endpoint, CompatClients.body(clientId, secret), Map.of());

      assertThat(standard.status()).isEqualTo(400);
      assertThat(standard.json().get("error_description").asText())
          .isEqualTo("Request not allowed");
      assertError(compat, 400, 320200, "Request not allowed");
      JsonNode event = latestEvent(admin, "CLIENT_LOGIN_ERROR", clientId);
      assertThat(event.get("error").asText()).isEqualTo("invalid_request");
      assertThat(event.at("/details/client_policy_error_detail").asText())
          .isEqualTo("Request not allowed");
    } finally {
      admin.put(base + "policies", Map.of("policies", List.of()));
      admin.put(base + "profiles", Map.of("profiles", List.of()));
    }
    assertThat(http.postJson(endpoint, CompatClients.body(clientId, secret), Map.of()).status())
        .isEqualTo(200);
  }

  @Test
  void httpsRequirementOfTheRealmApplies(Http http, AdminApi admin) {
    updateRealm(admin, Map.of("sslRequired", "all"));
    try {
      Http.Result standard = http.clientCredentials(realm, clientId, secret, Map.of());
      Http.Result compat = http.postJson(endpoint, CompatClients.body(clientId, secret), Map.of());

      assertThat(standard.status()).isEqualTo(403);
      assertThat(standard.json().get("error_description").asText()).isEqualTo("HTTPS required");
      assertError(compat, 403, 320200, "HTTPS required");
    } finally {
      updateRealm(admin, Map.of("sslRequired", "external"));
    }
  }

  @Test
  void disabledRealmIssuesNoToken(Http http, AdminApi admin) {
    updateRealm(admin, Map.of("enabled", false));
    try {
      Http.Result standard = http.clientCredentials(realm, clientId, secret, Map.of());
      Http.Result compat = http.postJson(endpoint, CompatClients.body(clientId, secret), Map.of());

      assertThat(standard.status()).isEqualTo(403);
      assertThat(standard.json().get("error_description").asText()).isEqualTo("Realm not enabled");
      assertError(compat, 403, 320200, "Realm not enabled");
    } finally {
      updateRealm(admin, Map.of("enabled", true));
    }
  }

  /**
   * A client whose stored lifespan Keycloak cannot parse (possible where no lifespan policy checks
   * saves, as in this realm) fails inside Keycloak's grant: the envelope names a reference and the
   * server log has one line with the same reference and the stack trace.
   */
  @Test
  void serverErrorIsLoggedWithTheReferenceTheEnvelopeNames(Http http) {
    String broken = CompatClients.unique("compat-broken");
    Map<String, Object> rep = CompatClients.apiClient(broken, secret);
    rep.put("attributes", Map.of("access.token.lifespan", "not-a-number"));
    clients.create(rep);

    Http.Result standard = http.clientCredentials(realm, broken, secret, Map.of());
    assertThat(standard.status()).as("%s", standard).isEqualTo(500);

    long mark = ServerLog.mark();
    Http.Result compat = http.postJson(endpoint, CompatClients.body(broken, secret), Map.of());
    assertThat(compat.status()).as("%s", compat).isEqualTo(500);
    JsonNode error = compat.json().at("/errors/0");
    assertThat(error.get("code").asInt()).isEqualTo(320500);
    Matcher message =
        Pattern.compile("Internal server error; see the server log \\(ref ([0-9a-f-]{36})\\)")
            .matcher(error.get("message").asText());
    assertThat(message.matches()).as(error.toString()).isTrue();
    if (ServerLog.file().isPresent()) {
      String logged = ServerLog.since(mark);
      String line =
          "JSON token endpoint failed in realm '" + realm + "' (ref " + message.group(1) + ")";
      assertThat(logged).contains(line);
      assertThat(logged.split(Pattern.quote(line), -1)).as("logged once").hasSize(2);
    }
  }

  private static void updateRealm(AdminApi admin, Map<String, Object> changes) {
    Http.Result result = admin.put("/admin/realms/" + realm, changes);
    assertThat(result.status()).as("%s", result).isEqualTo(204);
  }

  /** The client's error events, newest first. */
  private static List<JsonNode> errorEvents(AdminApi admin, String client) {
    JsonNode events =
        admin.getJson(
            "/admin/realms/" + realm + "/events?max=100&type=CLIENT_LOGIN_ERROR&client=" + client);
    List<JsonNode> list = new ArrayList<>();
    events.forEach(list::add);
    return list;
  }

  /** The events added since there were {@code before} of them (newest-first list). */
  private static List<JsonNode> newest(List<JsonNode> events, int before) {
    return events.subList(0, events.size() - before);
  }

  private static JsonNode latestEvent(AdminApi admin, String type, String client) {
    JsonNode events =
        admin.getJson(
            "/admin/realms/" + realm + "/events?max=1&type=" + type + "&client=" + client);
    assertThat(events.size()).as("%s events of %s", type, client).isEqualTo(1);
    return events.get(0);
  }

  /** Same type, client, user, error and details; ids, times and session ids differ per request. */
  private static void assertSameEvent(JsonNode compat, JsonNode standard) {
    for (String field : List.of("type", "realmId", "clientId", "userId", "ipAddress", "error")) {
      assertThat(compat.path(field)).as(field).isEqualTo(standard.path(field));
    }
    Map<String, String> compatDetails = details(compat);
    Map<String, String> standardDetails = details(standard);
    assertThat(compatDetails).isEqualTo(standardDetails);
  }

  private static Map<String, String> details(JsonNode event) {
    Map<String, String> details = new HashMap<>();
    event
        .path("details")
        .fields()
        .forEachRemaining(e -> details.put(e.getKey(), e.getValue().asText()));
    details.remove("token_id");
    return details;
  }
}
