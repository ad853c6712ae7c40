package org.tillauth.keycloak.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Creates uniquely named clients, users and groups through admin REST and removes them again
 * ({@link #close()}), so tests never change shared objects of the imported realm.
 */
public final class ApiClientFixtures implements AutoCloseable {

  private final AdminApi admin;
  private final String realm;
  private final String prefix;
  private final List<String> cleanup = new ArrayList<>();

  public ApiClientFixtures(AdminApi admin, String realm, String prefix) {
    this.admin = admin;
    this.realm = realm;
    this.prefix = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  public String realm() {
    return realm;
  }

  /** A unique name for this fixture set. */
  public String name(String suffix) {
    return prefix + "-" + suffix;
  }

  public String base() {
    return "/admin/realms/" + realm;
  }

  /** A protocol mapper representation with the usual include-in-token switches on. */
  public static Map<String, Object> mapper(String name, String type, Map<String, String> config) {
    Map<String, String> all = new LinkedHashMap<>(config);
    all.putIfAbsent("access.token.claim", "true");
    all.putIfAbsent("id.token.claim", "false");
    all.putIfAbsent("userinfo.token.claim", "true");
    all.putIfAbsent("introspection.token.claim", "true");
    return Map.of(
        "name", name, "protocol", "openid-connect", "protocolMapper", type, "config", all);
  }

  /** Audience mapper so that {@code audience} may introspect the client's tokens. */
  public static Map<String, Object> audience(String audience) {
    return mapper(
        "audience " + audience,
        "oidc-audience-mapper",
        Map.of("included.client.audience", audience, "id.token.claim", "false"));
  }

  /** A confidential client with a service account; returns its internal id. */
  public String confidentialClient(
      String clientId, String secret, Map<String, String> attributes, List<Object> mappers) {
    Map<String, Object> client = new LinkedHashMap<>();
    client.put("clientId", clientId);
    client.put("enabled", true);
    client.put("publicClient", false);
    client.put("secret", secret);
    client.put("standardFlowEnabled", false);
    client.put("directAccessGrantsEnabled", false);
    client.put("serviceAccountsEnabled", true);
    client.put("protocol", "openid-connect");
    client.put("attributes", attributes);
    client.put("protocolMappers", mappers);
    return created(admin.post(base() + "/clients", client), "/clients/");
  }

  /** A public client with direct access grants (password grant); returns its internal id. */
  public String passwordClient(String clientId, List<Object> mappers) {
    Map<String, Object> client = new LinkedHashMap<>();
    client.put("clientId", clientId);
    client.put("enabled", true);
    client.put("publicClient", true);
    client.put("standardFlowEnabled", false);
    client.put("directAccessGrantsEnabled", true);
    client.put("protocol", "openid-connect");
    client.put("protocolMappers", mappers);
    return created(admin.post(base() + "/clients", client), "/clients/");
  }

  /** A user with a profile complete enough to log in; optional realm roles and groups. */
  public String user(
      String username, String password, boolean enabled, List<String> roles, List<String> groups) {
    Map<String, Object> user = new LinkedHashMap<>();
    user.put("username", username);
    user.put("enabled", enabled);
    user.put("firstName", "Test");
    user.put("lastName", "User");
    user.put("email", username + "@example.invalid");
    user.put("emailVerified", true);
    user.put("groups", groups);
    user.put(
        "credentials", List.of(Map.of("type", "password", "value", password, "temporary", false)));
    String id = created(admin.post(base() + "/users", user), "/users/");
    if (!roles.isEmpty()) {
      List<Object> reps = new ArrayList<>();
      for (String role : roles) {
        reps.add(Http.JSON.convertValue(admin.getJson(base() + "/roles/" + role), Map.class));
      }
      expect(admin.post(base() + "/users/" + id + "/role-mappings/realm", reps), 204);
    }
    return id;
  }

  /** A child group with attributes; returns its id. */
  public String childGroup(String parentPath, String name, Map<String, List<String>> attributes) {
    String parentId = admin.getJson(base() + "/group-by-path" + parentPath).get("id").asText();
    Map<String, Object> group = Map.of("name", name, "attributes", attributes);
    return created(admin.post(base() + "/groups/" + parentId + "/children", group), "/groups/");
  }

  public static void expect(Http.Result result, int status) {
    if (result.status() != status) {
      throw new AssertionError("Expected " + status + ", got " + result);
    }
  }

  private String created(Http.Result result, String collection) {
    String id = AdminApi.createdId(result);
    cleanup.add(0, base() + collection + id);
    return id;
  }

  @Override
  public void close() {
    for (String path : cleanup) {
      admin.delete(path);
    }
    cleanup.clear();
  }
}
