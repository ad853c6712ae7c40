package org.tillauth.keycloak.internals;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import org.keycloak.OAuth2Constants;
import org.keycloak.authentication.ClientAuthenticationFlowContext;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.util.BasicAuthHelper;

/**
 * The client id and secret of a client authentication, read exactly as Keycloak's {@code
 * client-secret} authenticator reads them: a {@code Basic} header first, then the form's {@code
 * client_id} / {@code client_secret} (which win), then the client id an earlier step put into the
 * session. Keycloak has no helper for this: it is a copy of the start of {@code
 * ClientIdAndSecretAuthenticator.authenticateClient} (keycloak-services), unchanged from 26.0 to
 * 26.7.
 *
 * @param clientId null when none was presented
 * @param secret null when none was presented
 * @param method {@code client_secret_basic}, {@code client_secret_post}, or null
 */
public record PresentedClientSecret(String clientId, String secret, String method) {

  public static PresentedClientSecret of(ClientAuthenticationFlowContext context) {
    return Boundary.call(
        "ClientIdAndSecretAuthenticator's credential reading (Keycloak 26.0)", () -> read(context));
  }

  private static PresentedClientSecret read(ClientAuthenticationFlowContext context) {
    String clientId = null;
    String secret = null;
    String method = null;
    String authorization =
        context
            .getHttpRequest()
            .getHttpHeaders()
            .getRequestHeaders()
            .getFirst(HttpHeaders.AUTHORIZATION);
    MediaType mediaType = context.getHttpRequest().getHttpHeaders().getMediaType();
    boolean hasForm =
        mediaType != null && mediaType.isCompatible(MediaType.APPLICATION_FORM_URLENCODED_TYPE);
    MultivaluedMap<String, String> form =
        hasForm ? context.getHttpRequest().getDecodedFormParameters() : null;

    if (authorization != null) {
      String[] basic = BasicAuthHelper.RFC6749.parseHeader(authorization);
      if (basic != null) {
        clientId = basic[0];
        secret = basic[1];
        method = OIDCLoginProtocol.CLIENT_SECRET_BASIC;
      }
    }
    if (form != null) {
      if (form.containsKey(OAuth2Constants.CLIENT_ID)) {
        clientId = form.getFirst(OAuth2Constants.CLIENT_ID);
      }
      if (form.containsKey(OAuth2Constants.CLIENT_SECRET)) {
        secret = form.getFirst(OAuth2Constants.CLIENT_SECRET);
        method = OIDCLoginProtocol.CLIENT_SECRET_POST;
      }
    }
    if (clientId == null) {
      clientId = context.getSession().getAttribute(OAuth2Constants.CLIENT_ID, String.class);
    }
    return new PresentedClientSecret(clientId, secret, method);
  }
}
