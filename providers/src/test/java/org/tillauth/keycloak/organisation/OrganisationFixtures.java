package org.tillauth.keycloak.organisation;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tillauth.keycloak.testing.AdminApi;
import org.tillauth.keycloak.testing.Http;

/** Requests as other users than the bootstrap admin, and the till login of the demo realm. */
final class OrganisationFixtures {

  private OrganisationFixtures() {}

  /** A request with the given bearer token (none: anonymous). */
  static Http.Result as(Http http, String token, String method, String path, String body) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "application/json");
    if (token != null) {
      headers.put("Authorization", "Bearer " + token);
    }
    return http.send(
        http.request(path, headers)
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body))
            .build());
  }

  /**
   * A user of the realm holding the given realm-management roles (none: no admin rights at all);
   * returns its access token from admin-cli.
   */
  static String adminToken(
      AdminApi admin, Http http, String realm, String username, List<String> roles) {
    String base = "/admin/realms/" + realm;
    Map<String, Object> user = new LinkedHashMap<>();
    user.put("username", username);
    user.put("enabled", true);
    user.put("firstName", "Test");
    user.put("lastName", "Admin");
    user.put("email", username + "@example.invalid");
    user.put("emailVerified", true);
    user.put(
        "credentials",
        List.of(Map.of("type", "password", "value", "Admin123!", "temporary", false)));
    String id = AdminApi.createdId(admin.post(base + "/users", user));
    if (!roles.isEmpty()) {
      String management = admin.clientUuid(realm, "realm-management");
      List<Object> reps =
          roles.stream()
              .map(
                  role ->
                      (Object)
                          Http.JSON.convertValue(
                              admin.getJson(base + "/clients/" + management + "/roles/" + role),
                              Map.class))
              .toList();
      expect(admin.post(base + "/users/" + id + "/role-mappings/clients/" + management, reps), 204);
    }
    return http.passwordGrant(realm, "admin-cli", username, "Admin123!").accessToken();
  }

  static Http.Result tillLogin(Http http, String realm, String code, String digest) {
    return http.passwordGrant(realm, "pos-terminal", code, digest);
  }

  static boolean userExists(AdminApi admin, String realm, String username) {
    JsonNode users =
        admin.getJson(
            "/admin/realms/"
                + realm
                + "/users?exact=true&username="
                + java.net.URLEncoder.encode(username, java.nio.charset.StandardCharsets.UTF_8));
    return !users.isEmpty();
  }

  static void expect(Http.Result result, int status) {
    if (result.status() != status) {
      throw new AssertionError("Expected " + status + ", got " + result);
    }
  }

  /** A bare realm: no stores, no till role, no till flow, no client policies of ours. */
  static void createBareRealm(AdminApi admin, String realm) {
    expect(admin.post("/admin/realms", Map.of("realm", realm, "enabled", true)), 201);
  }

  static void deleteRealm(AdminApi admin, String realm) {
    admin.delete("/admin/realms/" + realm);
  }
}
