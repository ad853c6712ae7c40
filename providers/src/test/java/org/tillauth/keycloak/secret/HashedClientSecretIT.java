package org.tillauth.keycloak.secret;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tillauth.keycloak.testing.AdminApi;
import org.tillauth.keycloak.testing.HashedSecrets;
import org.tillauth.keycloak.testing.Http;
import org.tillauth.keycloak.testing.KeycloakIT;
import org.tillauth.keycloak.testing.RealmFixtures;

/**
 * The {@code client-secret-hashed} client authenticator at Keycloak's own endpoints (token,
 * introspection, revocation), with clients seeded through admin REST in the documented storage
 * format.
 */
@KeycloakIT
class HashedClientSecretIT {

  private static final String REALM = "demo-org";
  private static final String SECRET = "hashed-it-secret-0123456789abcdefghijklmnopqrstuv";
  private static final Map<String, String> NO_HEADERS = Map.of();

  private static RealmFixtures fixtures;
  private static String clientId;
  private static String clientUuid;
  private static String disabledId;

  @BeforeAll
  static void createClients(AdminApi admin) {
    fixtures = new RealmFixtures(admin, REALM, "hashed");
    clientId = fixtures.name("client");
    clientUuid = hashedClient(admin, clientId, true, Map.of());
    disabledId = fixtures.name("disabled");
    hashedClient(admin, disabledId, false, Map.of());
  }

  @AfterAll
  static void cleanUp() {
    if (fixtures != null) {
      fixtures.close();
    }
  }

  /** A confidential service-account client using the hashed authenticator with {@link #SECRET}. */
  private static String hashedClient(
      AdminApi admin, String id, boolean enabled, Map<String, String> extraAttributes) {
    Map<String, String> attributes = new LinkedHashMap<>(extraAttributes);
    attributes.put(HashedSecrets.HASH_ATTRIBUTE, HashedSecrets.hash(SECRET));
    String uuid =
        fixtures.confidentialClient(id, null, attributes, List.of(RealmFixtures.audience(id)));
    Map<String, Object> update = new LinkedHashMap<>();
    update.put("clientAuthenticatorType", HashedSecrets.AUTHENTICATOR);
    update.put("enabled", enabled);
    RealmFixtures.expect(admin.put("/admin/realms/" + REALM + "/clients/" + uuid, update), 204);
    return uuid;
  }

  private static Http.Result basic(
      Http http, String path, String id, String secret, Map<String, String> form) {
    String credentials =
        Base64.getEncoder()
            .encodeToString((enc(id) + ":" + enc(secret)).getBytes(StandardCharsets.UTF_8));
    return http.postForm(path, form, Map.of("Authorization", "Basic " + credentials));
  }

  private static String enc(String value) {
    return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private static Map<String, String> clientCredentialsForm() {
    return Map.of("grant_type", "client_credentials");
  }

  @Test
  void clientSecretPostAndBasicBothWork(Http http) {
    Http.Result post = http.clientCredentials(REALM, clientId, SECRET, NO_HEADERS);
    assertThat(post.status()).as(post.body()).isEqualTo(200);
    Http.Result basic =
        basic(http, http.tokenEndpoint(REALM), clientId, SECRET, clientCredentialsForm());
    assertThat(basic.status()).as(basic.body()).isEqualTo(200);
    assertThat(basic.json().path("access_token").asText()).isNotBlank();
  }

  @Test
  void unknownDisabledWrongAndMissingSecretsGetOneIdenticalAnswer(Http http) {
    List<Http.Result> failures =
        List.of(
            http.clientCredentials(REALM, clientId, SECRET + "x", NO_HEADERS),
            http.clientCredentials(REALM, clientId, "", NO_HEADERS),
            http.clientCredentials(REALM, fixtures.name("nobody"), SECRET, NO_HEADERS),
            http.clientCredentials(REALM, disabledId, SECRET, NO_HEADERS),
            basic(http, http.tokenEndpoint(REALM), clientId, "wrong", clientCredentialsForm()),
            basic(
                http,
                http.tokenEndpoint(REALM),
                fixtures.name("nobody"),
                SECRET,
                clientCredentialsForm()));
    for (Http.Result failure : failures) {
      assertThat(failure.status()).as(failure.body()).isEqualTo(401);
      assertThat(failure.body())
          .isEqualTo(
              "{\"error\":\"invalid_client\",\"error_description\":\"Invalid client or Invalid"
                  + " client credentials\"}");
      assertThat(failure.header("Content-Type")).isEqualTo(failures.get(0).header("Content-Type"));
    }
  }

  @Test
  void noPlainSecretIsKeptEvenAfterAConsoleStyleSave(AdminApi admin) {
    String path = "/admin/realms/" + REALM + "/clients/" + clientUuid;
    JsonNode client = admin.getJson(path);
    // The console saves the whole representation it read; Keycloak would generate a secret.
    RealmFixtures.expect(admin.put(path, client.toString()), 204);

    JsonNode saved = admin.getJson(path);
    assertThat(saved.path("clientAuthenticatorType").asText())
        .isEqualTo(HashedSecrets.AUTHENTICATOR);
    assertThat(saved.has("secret") && !saved.get("secret").isNull())
        .as("secret in %s", saved)
        .isFalse();
    JsonNode secret = admin.getJson(path + "/client-secret");
    assertThat(secret.path("value").isMissingNode() || secret.path("value").isNull())
        .as(secret.toString())
        .isTrue();
    assertThat(saved.path("attributes").has("client.secret.creation.time")).isFalse();
  }

  @Test
  void previousSecretWorksDuringItsGracePeriodOnly(AdminApi admin, Http http) {
    String current = "rotated-current-secret-0123456789abcdefghijklmno";
    String id = fixtures.name("rotating");
    long now = Instant.now().getEpochSecond();
    Map<String, String> attributes =
        Map.of(
            HashedSecrets.PREVIOUS_HASH_ATTRIBUTE,
            HashedSecrets.hash(SECRET),
            HashedSecrets.PREVIOUS_EXPIRES_ATTRIBUTE,
            String.valueOf(now + 3600));
    String uuid = hashedClient(admin, id, true, attributes);
    String path = "/admin/realms/" + REALM + "/clients/" + uuid;
    RealmFixtures.expect(
        admin.put(
            path,
            Map.of(
                "attributes", Map.of(HashedSecrets.HASH_ATTRIBUTE, HashedSecrets.hash(current)))),
        204);

    assertThat(http.clientCredentials(REALM, id, current, NO_HEADERS).status()).isEqualTo(200);
    assertThat(http.clientCredentials(REALM, id, SECRET, NO_HEADERS).status())
        .as("previous secret within its grace period")
        .isEqualTo(200);

    RealmFixtures.expect(
        admin.put(
            path,
            Map.of(
                "attributes",
                Map.of(HashedSecrets.PREVIOUS_EXPIRES_ATTRIBUTE, String.valueOf(now - 1)))),
        204);
    assertThat(http.clientCredentials(REALM, id, SECRET, NO_HEADERS).status())
        .as("previous secret after its grace period")
        .isEqualTo(401);
    assertThat(http.clientCredentials(REALM, id, current, NO_HEADERS).status()).isEqualTo(200);
  }

  @Test
  void introspectionAndRevocationAuthenticateTheHashedClient(Http http) {
    String token = http.clientCredentials(REALM, clientId, SECRET, NO_HEADERS).accessToken();
    String introspect = "/realms/" + REALM + "/protocol/openid-connect/token/introspect";
    String revoke = "/realms/" + REALM + "/protocol/openid-connect/revoke";

    Http.Result active = basic(http, introspect, clientId, SECRET, Map.of("token", token));
    assertThat(active.status()).as(active.body()).isEqualTo(200);
    assertThat(active.json().path("active").asBoolean()).as(active.body()).isTrue();

    Http.Result wrong = basic(http, introspect, clientId, "wrong", Map.of("token", token));
    assertThat(wrong.status()).as(wrong.body()).isEqualTo(401);
    Http.Result wrongRevoke = basic(http, revoke, clientId, "wrong", Map.of("token", token));
    assertThat(wrongRevoke.status()).as(wrongRevoke.body()).isEqualTo(401);

    Map<String, String> revokeForm = new LinkedHashMap<>();
    revokeForm.put("token", token);
    revokeForm.put("client_id", clientId);
    revokeForm.put("client_secret", SECRET);
    Http.Result revoked = http.postForm(revoke, revokeForm);
    assertThat(revoked.status()).as(revoked.body()).isEqualTo(200);

    Http.Result after = basic(http, introspect, clientId, SECRET, Map.of("token", token));
    assertThat(after.json().path("active").asBoolean()).as(after.body()).isFalse();
  }

  @Test
  void plainSecretClientsAreUntouched(Http http) {
    String id = fixtures.name("plain");
    fixtures.confidentialClient(id, "plain-secret-value", Map.of(), List.of());
    assertThat(http.clientCredentials(REALM, id, "plain-secret-value", NO_HEADERS).status())
        .isEqualTo(200);
    assertThat(http.clientCredentials(REALM, id, "wrong", NO_HEADERS).status()).isEqualTo(401);
  }

  @Test
  void anImportedRealmWithAHashedClientWorksAndKeepsNoPlainSecret(AdminApi admin, Http http) {
    String realm = "hashed-import-" + java.util.UUID.randomUUID().toString().substring(0, 8);
    Map<String, Object> client = new LinkedHashMap<>();
    client.put("clientId", "imported");
    client.put("enabled", true);
    client.put("publicClient", false);
    client.put("serviceAccountsEnabled", true);
    client.put("standardFlowEnabled", false);
    client.put("clientAuthenticatorType", HashedSecrets.AUTHENTICATOR);
    client.put("attributes", Map.of(HashedSecrets.HASH_ATTRIBUTE, HashedSecrets.hash(SECRET)));
    Map<String, Object> rep = new LinkedHashMap<>();
    rep.put("realm", realm);
    rep.put("enabled", true);
    rep.put("clients", List.of(client));
    RealmFixtures.expect(admin.post("/admin/realms", rep), 201);
    try {
      assertThat(http.clientCredentials(realm, "imported", SECRET, NO_HEADERS).status())
          .isEqualTo(200);
      assertThat(http.clientCredentials(realm, "imported", "wrong", NO_HEADERS).status())
          .isEqualTo(401);
      JsonNode imported =
          admin.getJson("/admin/realms/" + realm + "/clients?clientId=imported").get(0);
      assertThat(imported.path("secret").isMissingNode() || imported.path("secret").isNull())
          .as(imported.toString())
          .isTrue();
      Http.Result export =
          admin.post("/admin/realms/" + realm + "/partial-export?exportClients=true", "");
      JsonNode exported = null;
      for (JsonNode c : export.json().path("clients")) {
        if ("imported".equals(c.path("clientId").asText())) {
          exported = c;
        }
      }
      assertThat(exported).as(export.body()).isNotNull();
      assertThat(exported.has("secret")).as(exported.toString()).isFalse();
    } finally {
      admin.delete("/admin/realms/" + realm);
    }
  }

  @Test
  void everyRealmsClientFlowRunsTheAuthenticator(AdminApi admin) {
    // Read from the flow representations: on Keycloak 26.4 and 26.5 the executions listing of the
    // clients flow answers 404 "Could not find authenticator provider" for any client authenticator
    // it cannot describe (README, Keycloak versions); the flow itself runs on every version.
    for (String realm : List.of(REALM, "master")) {
      JsonNode flows = admin.getJson("/admin/realms/" + realm + "/authentication/flows");
      JsonNode clients = null;
      for (JsonNode flow : flows) {
        if ("clients".equals(flow.path("alias").asText())) {
          clients = flow;
        }
      }
      assertThat(clients).as("%s has a clients flow", realm).isNotNull();
      assertThat(clients.path("authenticationExecutions").findValuesAsText("authenticator"))
          .as("%s clients flow", realm)
          .contains("client-secret", HashedSecrets.AUTHENTICATOR);
    }
  }
}
