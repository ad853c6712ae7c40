package org.tillauth.keycloak.request;

import java.util.regex.Pattern;

/** The request paths whose bad input this package answers: Keycloak's OIDC token endpoint. */
public final class TokenEndpointPaths {

  private static final Pattern TOKEN =
      Pattern.compile("/?realms/[^/]+/protocol/openid-connect/token/?");

  private TokenEndpointPaths() {}

  public static boolean isTokenEndpoint(String path) {
    return path != null && TOKEN.matcher(path).matches();
  }
}
