package org.tillauth.keycloak.attribution;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.util.Optional;
import org.keycloak.http.HttpRequest;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.UserSessionModel;
import org.keycloak.representations.AccessToken;

/**
 * The access token a userinfo or introspection request presents, when it belongs to the session and
 * client whose mappers are being re-run.
 *
 * <p>Tokens of client-credentials grants without refresh tokens have no stored session: Keycloak
 * re-runs mappers on a fresh transient session, where nothing from token time survives except the
 * token itself. Its signature is checked again here (the endpoint checked it too; this class reads
 * the same request field the endpoint read).
 */
final class PresentedToken {

  private PresentedToken() {}

  static Optional<AccessToken> find(
      KeycloakSession session, UserSessionModel userSession, ClientModel client) {
    String raw = raw(session.getContext().getHttpRequest());
    if (raw == null) {
      return Optional.empty();
    }
    AccessToken token = session.tokens().decode(raw, AccessToken.class);
    if (token == null || client == null || !client.getClientId().equals(token.getIssuedFor())) {
      return Optional.empty();
    }
    // Tokens without the "basic" scope carry no sub; when present it must match.
    if (token.getSubject() != null
        && (userSession == null || !token.getSubject().equals(userSession.getUser().getId()))) {
      return Optional.empty();
    }
    return Optional.of(token);
  }

  private static String raw(HttpRequest request) {
    if (request == null) {
      return null;
    }
    HttpHeaders headers = request.getHttpHeaders();
    MediaType type = headers == null ? null : headers.getMediaType();
    if (type != null && type.isCompatible(MediaType.APPLICATION_FORM_URLENCODED_TYPE)) {
      var form = request.getDecodedFormParameters();
      String token = form.getFirst("token"); // RFC 7662 introspection
      if (token == null) {
        token = form.getFirst("access_token"); // RFC 6750 form-encoded body (userinfo POST)
      }
      if (token != null) {
        return token;
      }
    }
    String authorization =
        headers == null ? null : headers.getHeaderString(HttpHeaders.AUTHORIZATION);
    if (authorization == null) {
      return null;
    }
    int space = authorization.indexOf(' ');
    if (space < 0) {
      return null;
    }
    String scheme = authorization.substring(0, space);
    if (!scheme.equalsIgnoreCase("Bearer") && !scheme.equalsIgnoreCase("DPoP")) {
      return null;
    }
    return authorization.substring(space + 1).strip();
  }
}
