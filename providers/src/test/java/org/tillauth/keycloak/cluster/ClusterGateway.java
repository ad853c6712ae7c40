package org.tillauth.keycloak.cluster;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.tillauth.keycloak.testing.ClusterNode;
import org.tillauth.keycloak.testing.Http;

/** Calls a node's gateway endpoint the way an API gateway does. */
final class ClusterGateway {

  private ClusterGateway() {}

  static Map<String, String> basic(String user, String password) {
    return Map.of(
        "Authorization",
        "Basic "
            + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
  }

  static Http.Result verifyBasic(ClusterNode node, String realm, String till, String digest) {
    return node.http().get(path(realm), basic(till, digest));
  }

  /** A bearer token for the API call {@code method uri}, as nginx's auth_request forwards it. */
  static Http.Result verifyToken(
      ClusterNode node, String realm, String token, String method, String uri) {
    return node.http()
        .get(
            path(realm),
            Map.of(
                "Authorization",
                "Bearer " + token,
                "X-Original-Method",
                method,
                "X-Original-URI",
                uri));
  }

  static String path(String realm) {
    return "/realms/" + realm + "/till-auth/verify";
  }

  /** The platform envelope's error code, or 0 for a success. */
  static int errorCode(Http.Result result) {
    return result.status() == 200 ? 0 : result.json().path("errors").get(0).path("code").asInt();
  }
}
