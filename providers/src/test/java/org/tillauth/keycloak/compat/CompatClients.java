package org.tillauth.keycloak.compat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.tillauth.keycloak.testing.AdminApi;
import org.tillauth.keycloak.testing.Http;

/** Test clients created over admin REST with unique ids, and removed again. */
final class CompatClients {

  static final String ENDPOINT_SUFFIX = "/v3/oauth/token/generate";

  private final AdminApi admin;
  private final String realm;
  private final List<String> created = new ArrayList<>();

  CompatClients(AdminApi admin, String realm) {
    this.admin = admin;
    this.realm = realm;
  }

  static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  static String endpoint(String realm) {
    return "/realms/" + realm + ENDPOINT_SUFFIX;
  }

  /** A confidential client with a service account: the platform's "API client". */
  static Map<String, Object> apiClient(String clientId, String secret) {
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

  String create(Map<String, Object> representation) {
    String id =
        AdminApi.createdId(admin.post("/admin/realms/" + realm + "/clients", representation));
    created.add(id);
    return id;
  }

  void deleteAll() {
    created.forEach(id -> admin.delete("/admin/realms/" + realm + "/clients/" + id));
    created.clear();
  }

  static String body(String key, String secret) {
    Map<String, String> body = new LinkedHashMap<>();
    body.put("key", key);
    body.put("secret", secret);
    return Http.toJson(body);
  }
}
