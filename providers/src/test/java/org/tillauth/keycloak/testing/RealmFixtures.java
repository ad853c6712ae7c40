package org.tillauth.keycloak.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one place tests create users, tills, clients and groups: through admin REST, as an
 * administrator would, each one remembered and deleted again by {@link #close()} (newest first).
 * Use it with try-with-resources in a test, or open it in {@code @BeforeAll} and close it in
 * {@code @AfterAll}, so that the shared demo realm ends a run as it started.
 */
public class RealmFixtures implements AutoCloseable {

  /** The store every shipped sample till belongs to; new tills join it unless told otherwise. */
  public static final String DEFAULT_STORE = "store-001";

  public static final String DEFAULT_STORE_GROUP = "/stores/" + DEFAULT_STORE;

  private final AdminApi admin;
  private final String realm;
  private final String prefix;
  private final List<String> cleanup = new ArrayList<>();

  public RealmFixtures(AdminApi admin, String realm, String prefix) {
    this.admin = admin;
    this.realm = realm;
    this.prefix = UniqueNames.of(prefix);
  }

  public String realm() {
    return realm;
  }

  /** A name unique to this fixture set: {@code prefix-1a2b3c4d-suffix}. */
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

  /**
   * The platform's "API client": a confidential client that authenticates with its secret and gets
   * tokens through its service account. Mutable, so a test can turn it into a variant.
   */
  public static Map<String, Object> apiClient(String clientId, String secret) {
    Map<String, Object> client = new LinkedHashMap<>();
    client.put("clientId", clientId);
    client.put("protocol", "openid-connect");
    client.put("enabled", true);
    client.put("publicClient", false);
    client.put("serviceAccountsEnabled", true);
    client.put("standardFlowEnabled", false);
    client.put("directAccessGrantsEnabled", false);
    client.put("clientAuthenticatorType", "client-secret");
    client.put("secret", secret);
    return client;
  }

  /** Creates a client from its representation; returns its internal id. */
  public String client(Map<String, Object> representation) {
    return created(admin.post(base() + "/clients", representation), "/clients/");
  }

  /** An API client ({@link #apiClient}) with attributes and mappers; returns its internal id. */
  public String confidentialClient(
      String clientId, String secret, Map<String, String> attributes, List<Object> mappers) {
    Map<String, Object> client = apiClient(clientId, secret);
    client.put("attributes", attributes);
    client.put("protocolMappers", mappers);
    return client(client);
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
    return client(client);
  }

  /**
   * A user with a profile complete enough to log in, optional realm roles and groups; {@code
   * password} null leaves the user without one. A password given here is hashed by the realm's
   * password policy, as one an admin types into the console.
   */
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
    if (password != null) {
      user.put(
          "credentials",
          List.of(Map.of("type", "password", "value", password, "temporary", false)));
    }
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

  /**
   * A till of {@link #DEFAULT_STORE} created as the page and an integrator create one: {@code POST
   * /admin/realms/{realm}/tills} with its plain-text password; returns its user id.
   */
  public String till(String code, String password) {
    return till(code, password, DEFAULT_STORE);
  }

  /** {@link #till(String, String)} in the store with code {@code store}. */
  public String till(String code, String password, String store) {
    Http.Result created =
        admin.post(base() + "/tills", Map.of("code", code, "store", store, "password", password));
    expect(created, 201);
    String id = created.json().path("id").asText();
    // Removed as a user: DELETE /tills/{code} refuses while a client names the till as its
    // default till, and clean-up must not depend on what the test left behind.
    cleanup.add(0, base() + "/users/" + id);
    return id;
  }

  /** Disables a till as the page does: {@code PUT /tills/{code}} {@code {"enabled":false}}. */
  public void disableTill(String code) {
    expect(admin.put(base() + "/tills/" + code, Map.of("enabled", false)), 200);
  }

  /**
   * A till made the stock way (Users → Create): a user with role {@code till}, a store group, names
   * and e-mail, whose password Keycloak hashes by the realm's password policy. Only for tests of
   * what that path stores, and for a till that logs in with scopes needing a complete profile.
   */
  public String tillAsStockUser(String code, String password) {
    return user(code, password, true, List.of("till"), List.of(DEFAULT_STORE_GROUP));
  }

  /** Deletes the user {@code username} with this fixture set, however the test created it. */
  public String adopt(String username) {
    String id = admin.userId(realm, username);
    cleanup.add(0, base() + "/users/" + id);
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

  /** Deletes everything created through this fixture set; a 404 (already gone) is fine. */
  @Override
  public void close() {
    for (String path : cleanup) {
      admin.delete(path);
    }
    cleanup.clear();
  }
}
