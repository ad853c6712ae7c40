package org.tillauth.keycloak.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.time.Instant;
import java.util.Map;

/**
 * Keycloak's admin REST API as JSON, authenticated as the bootstrap admin of the master realm. The
 * admin token is renewed before it runs out (master tokens live 60 s).
 *
 * <p>Not {@code keycloak-admin-client}, on purpose: much of what the tests call is this extension's
 * own admin resources (API clients, stores, tills, organisation settings), which that client does
 * not know; its typed representations drop fields they do not know, where the tests assert the raw
 * JSON; it turns every error status into an exception, where the tests assert exact statuses,
 * {@code Location} headers and error bodies; and it is released on its own line (26.0.x), not with
 * the 26.7 server the tests run against.
 */
public final class AdminApi {

  private final Http http;
  private String token;
  private Instant tokenExpiry = Instant.EPOCH;

  AdminApi(Http http) {
    this.http = http;
  }

  public Http.Result get(String path) {
    return http.send(authorized(path).GET().build());
  }

  /** GET that must succeed; returns the JSON body. */
  public JsonNode getJson(String path) {
    Http.Result result = get(path);
    if (result.status() != 200) {
      throw new AssertionError("GET " + path + " -> " + result);
    }
    return result.json();
  }

  public Http.Result post(String path, Object body) {
    return http.send(authorized(path).POST(json(body)).build());
  }

  public Http.Result put(String path, Object body) {
    return http.send(authorized(path).PUT(json(body)).build());
  }

  public Http.Result delete(String path) {
    return http.send(authorized(path).DELETE().build());
  }

  /** DELETE with a JSON body (role mappings are removed this way). */
  public Http.Result deleteWithBody(String path, Object body) {
    return http.send(authorized(path).method("DELETE", json(body)).build());
  }

  /** The Authorization header value of the admin's current token, for hand-built requests. */
  public String authorization() {
    return "Bearer " + token();
  }

  /** Id from the Location header of a 201 Created response. */
  public static String createdId(Http.Result result) {
    if (result.status() != 201) {
      throw new AssertionError("Expected 201 Created, got " + result);
    }
    String location = result.header("Location");
    return location.substring(location.lastIndexOf('/') + 1);
  }

  public String userId(String realm, String username) {
    JsonNode users =
        getJson("/admin/realms/" + realm + "/users?exact=true&username=" + encode(username));
    if (users.isEmpty()) {
      throw new AssertionError("No user " + username + " in " + realm);
    }
    return users.get(0).get("id").asText();
  }

  public String clientUuid(String realm, String clientId) {
    JsonNode clients = getJson("/admin/realms/" + realm + "/clients?clientId=" + encode(clientId));
    if (clients.isEmpty()) {
      throw new AssertionError("No client " + clientId + " in " + realm);
    }
    return clients.get(0).get("id").asText();
  }

  private HttpRequest.Builder authorized(String path) {
    return http.request(
        path, Map.of("Authorization", "Bearer " + token(), "Content-Type", "application/json"));
  }

  private static HttpRequest.BodyPublisher json(Object body) {
    String text = body instanceof String s ? s : Http.toJson(body);
    return HttpRequest.BodyPublishers.ofString(text);
  }

  private static String encode(String value) {
    return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
  }

  private synchronized String token() {
    if (token == null || Instant.now().isAfter(tokenExpiry)) {
      Http.Result result =
          http.passwordGrant(
              "master", "admin-cli", KeycloakServer.ADMIN_USERNAME, KeycloakServer.ADMIN_PASSWORD);
      token = result.accessToken();
      tokenExpiry = Instant.now().plusSeconds(result.json().get("expires_in").asLong() - 15);
    }
    return token;
  }
}
