package org.tillauth.keycloak.lifespan;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.tillauth.keycloak.testing.AdminApi;
import org.tillauth.keycloak.testing.Http;
import org.tillauth.keycloak.testing.Jwt;
import org.tillauth.keycloak.testing.UniqueNames;

/**
 * A throw-away realm for one IT class, so realm settings and client policies can be changed without
 * disturbing other tests on the shared server.
 */
final class LifespanTestRealm implements AutoCloseable {

  static final String PROFILE = "api-client-token-lifespan";
  static final String LIFESPAN = "access.token.lifespan";

  final String name;
  private final AdminApi admin;

  private LifespanTestRealm(AdminApi admin, String name) {
    this.admin = admin;
    this.name = name;
  }

  /** Creates an enabled realm with the given extra realm settings (e.g. accessTokenLifespan). */
  static LifespanTestRealm create(AdminApi admin, String prefix, Map<String, Object> settings) {
    String name = UniqueNames.of(prefix);
    Map<String, Object> realm = new HashMap<>(settings);
    realm.put("realm", name);
    realm.put("enabled", true);
    Http.Result created = admin.post("/admin/realms", realm);
    assertThat(created.status()).as("create realm: %s", created).isEqualTo(201);
    return new LifespanTestRealm(admin, name);
  }

  String path(String suffix) {
    return "/admin/realms/" + name + suffix;
  }

  static Map<String, Object> profiles(String maximum) {
    Map<String, Object> configuration = new LinkedHashMap<>();
    if (maximum != null) {
      configuration.put("max-access-token-lifespan", maximum);
    }
    return Map.of(
        "profiles",
        List.of(
            Map.of(
                "name",
                PROFILE,
                "executors",
                List.of(
                    Map.of("executor", "token-lifespan-limit", "configuration", configuration)))));
  }

  static Map<String, Object> policies() {
    return Map.of(
        "policies",
        List.of(
            Map.of(
                "name",
                PROFILE,
                "enabled",
                true,
                "conditions",
                List.of(Map.of("condition", "service-account-client", "configuration", Map.of())),
                "profiles",
                List.of(PROFILE))));
  }

  Http.Result putProfiles(String maximum) {
    return admin.put(path("/client-policies/profiles"), profiles(maximum));
  }

  /** Puts the profile with this maximum and the policy applying it to API clients. */
  void applyLimit(String maximum) {
    Http.Result profiles = putProfiles(maximum);
    assertThat(profiles.status()).as("PUT profiles: %s", profiles).isEqualTo(204);
    Http.Result policies = admin.put(path("/client-policies/policies"), policies());
    assertThat(policies.status()).as("PUT policies: %s", policies).isEqualTo(204);
  }

  void removeLimit() {
    assertThat(admin.put(path("/client-policies/policies"), Map.of("policies", List.of())).status())
        .isEqualTo(204);
  }

  JsonNode storedProfiles() {
    return admin.getJson(path("/client-policies/profiles"));
  }

  /** A confidential client with a service account and a known secret. */
  static Map<String, Object> apiClient(String clientId, String lifespan) {
    Map<String, Object> client = new LinkedHashMap<>();
    client.put("clientId", clientId);
    client.put("enabled", true);
    client.put("protocol", "openid-connect");
    client.put("publicClient", false);
    client.put("serviceAccountsEnabled", true);
    client.put("standardFlowEnabled", false);
    client.put("secret", secret(clientId));
    if (lifespan != null) {
      client.put("attributes", Map.of(LIFESPAN, lifespan));
    }
    return client;
  }

  static String secret(String clientId) {
    return "secret-" + clientId;
  }

  Http.Result createClient(Map<String, Object> client) {
    return admin.post(path("/clients"), client);
  }

  /** Creates the client and returns its internal id. */
  String createClientOk(Map<String, Object> client) {
    return AdminApi.createdId(createClient(client));
  }

  JsonNode client(String uuid) {
    return admin.getJson(path("/clients/" + uuid));
  }

  /**
   * The client as stored, for before/after comparison: scope lists sorted (Keycloak's are sets).
   */
  JsonNode clientSnapshot(String uuid) {
    ObjectNode client = (ObjectNode) client(uuid);
    for (String field : List.of("defaultClientScopes", "optionalClientScopes")) {
      ArrayNode sorted = client.arrayNode();
      StreamSupport.stream(client.path(field).spliterator(), false)
          .map(JsonNode::asText)
          .sorted()
          .forEach(sorted::add);
      client.set(field, sorted);
    }
    return client;
  }

  JsonNode clientsNamed(String clientId) {
    return admin.getJson(path("/clients?clientId=" + clientId));
  }

  /** client_credentials token response; asserts 200. */
  static JsonNode clientCredentials(Http http, String realm, String clientId) {
    Http.Result result = http.clientCredentials(realm, clientId, secret(clientId), Map.of());
    assertThat(result.status()).as("token: %s", result).isEqualTo(200);
    return result.json();
  }

  /** exp - iat of the response's access token, after checking expires_in says the same. */
  static long lifetime(JsonNode tokenResponse) {
    return lifetime(tokenResponse, "access_token");
  }

  static long lifetime(JsonNode tokenResponse, String field) {
    Map<String, Object> claims = Jwt.claims(tokenResponse.get(field).asText());
    long lifetime = seconds(claims.get("exp")) - seconds(claims.get("iat"));
    if ("access_token".equals(field)) {
      // expires_in is exp minus the time the response was built: the same second, or one later.
      assertThat(tokenResponse.get("expires_in").asLong()).isBetween(lifetime - 1, lifetime);
    }
    return lifetime;
  }

  private static long seconds(Object claim) {
    return ((Number) claim).longValue();
  }

  @Override
  public void close() {
    admin.delete("/admin/realms/" + name);
  }
}
