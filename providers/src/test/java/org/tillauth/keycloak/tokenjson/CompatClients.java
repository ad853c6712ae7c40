package org.tillauth.keycloak.tokenjson;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tillauth.keycloak.testing.AdminApi;
import org.tillauth.keycloak.testing.Http;
import org.tillauth.keycloak.testing.RealmFixtures;
import org.tillauth.keycloak.testing.UniqueNames;

/**
 * The compatible endpoint's path and request body, and the clients its tests need (created through
 * {@link RealmFixtures}, removed again by {@link #deleteAll()}).
 */
final class CompatClients {

  static final String ENDPOINT_SUFFIX = "/v3/oauth/token/generate";
  static final String SECRET_METHOD = "client.secret.authentication.allowed.method";

  private final AdminApi admin;
  private final String realm;
  private final RealmFixtures fixtures;

  CompatClients(AdminApi admin, String realm) {
    this.admin = admin;
    this.realm = realm;
    this.fixtures = new RealmFixtures(admin, realm, "compat");
  }

  /** See {@link UniqueNames#of}. */
  static String unique(String prefix) {
    return UniqueNames.of(prefix);
  }

  static String endpoint(String realm) {
    return "/realms/" + realm + ENDPOINT_SUFFIX;
  }

  /** See {@link RealmFixtures#apiClient}. */
  static Map<String, Object> apiClient(String clientId, String secret) {
    return RealmFixtures.apiClient(clientId, secret);
  }

  String create(Map<String, Object> representation) {
    return fixtures.client(representation);
  }

  void deleteAll() {
    fixtures.close();
  }

  /**
   * One client (or request) per way client authentication can fail, created in this realm: the key
   * to send and the secret to send with it. Every one of them must get the same 320001 answer.
   */
  Map<String, String> createRejectedClients() {
    Map<String, String> rejected = new LinkedHashMap<>();
    String secret = unique("secret");

    String disabled = unique("compat-disabled");
    Map<String, Object> rep = apiClient(disabled, secret);
    rep.put("enabled", false);
    create(rep);
    rejected.put(disabled, secret);

    String noServiceAccount = unique("compat-nosa");
    rep = apiClient(noServiceAccount, secret);
    rep.put("serviceAccountsEnabled", false);
    rep.put("standardFlowEnabled", true);
    rep.put("redirectUris", List.of("https://example.invalid/*"));
    create(rep);
    rejected.put(noServiceAccount, secret);

    String publicClient = unique("compat-public");
    rep = apiClient(publicClient, secret);
    rep.put("publicClient", true);
    rep.put("serviceAccountsEnabled", false);
    rep.put("directAccessGrantsEnabled", true);
    create(rep);
    rejected.put(publicClient, secret);

    String bearerOnly = unique("compat-bearer");
    rep = apiClient(bearerOnly, secret);
    rep.put("bearerOnly", true);
    rep.put("serviceAccountsEnabled", false);
    create(rep);
    rejected.put(bearerOnly, secret);

    String jwtAuth = unique("compat-jwtauth");
    rep = apiClient(jwtAuth, secret);
    rep.put("clientAuthenticatorType", "client-jwt");
    create(rep);
    rejected.put(jwtAuth, secret);

    String disabledUser = unique("compat-sauser-off");
    String uuid = create(apiClient(disabledUser, secret));
    String serviceAccount =
        admin
            .getJson("/admin/realms/" + realm + "/clients/" + uuid + "/service-account-user")
            .get("id")
            .asText();
    Http.Result disabling =
        admin.put("/admin/realms/" + realm + "/users/" + serviceAccount, Map.of("enabled", false));
    if (disabling.status() != 204) {
      throw new IllegalStateException("Cannot disable the service-account user: " + disabling);
    }
    rejected.put(disabledUser, secret);

    String wrongSecret = unique("compat-wrong-secret");
    create(apiClient(wrongSecret, secret));
    rejected.put(wrongSecret, "wrong-" + secret);

    rejected.put(unique("compat-unknown"), secret);
    return rejected;
  }

  static String body(String key, String secret) {
    Map<String, String> body = new LinkedHashMap<>();
    body.put("key", key);
    body.put("secret", secret);
    return Http.toJson(body);
  }
}
