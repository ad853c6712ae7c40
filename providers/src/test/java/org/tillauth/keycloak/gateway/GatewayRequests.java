package org.tillauth.keycloak.gateway;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.tillauth.keycloak.testing.Http;

/** Calls the verify endpoint the way a gateway does. */
final class GatewayRequests {

  private GatewayRequests() {}

  static String path(String realm) {
    return "/realms/" + realm + "/till-auth/verify";
  }

  static String basic(String user, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  static Map<String, String> headers(String... nameValues) {
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 0; i < nameValues.length; i += 2) {
      headers.put(nameValues[i], nameValues[i + 1]);
    }
    return headers;
  }

  static Http.Result verify(Http http, String realm, Map<String, String> headers) {
    return http.get(path(realm), headers);
  }

  static Http.Result verifyBasic(Http http, String realm, String till, String digest) {
    return verify(http, realm, headers("Authorization", basic(till, digest)));
  }

  static Http.Result verifyToken(Http http, String realm, String token, String... more) {
    Map<String, String> headers = headers(more);
    headers.put("Authorization", "Bearer " + token);
    return verify(http, realm, headers);
  }
}
