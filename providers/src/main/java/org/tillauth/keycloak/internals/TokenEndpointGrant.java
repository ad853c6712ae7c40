package org.tillauth.keycloak.internals;

import jakarta.ws.rs.core.Response;
import org.keycloak.events.EventBuilder;
import org.keycloak.http.HttpRequest;
import org.keycloak.models.KeycloakContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.TokenManager;
import org.keycloak.protocol.oidc.endpoints.TokenEndpoint;

/**
 * Runs Keycloak's own token endpoint in the current request, as if the caller had posted {@code
 * grant_type=client_credentials} with {@code client_secret_post} ({@link ClientSecretPostRequest}).
 * Keycloak therefore does all the work of {@code /protocol/openid-connect/token}: SSL and realm
 * checks, the realm's client authentication flow with the authenticator configured on the client,
 * client policies, DPoP, the grant, protocol mappers, lifespans, signing and events.
 *
 * <p>Mirrors {@code OIDCLoginProtocolService.token()} (keycloak-services), verified identical in
 * Keycloak 26.4.7, 26.5.6, 26.7.0 and 26.7.3: {@code TokenEndpoint(KeycloakSession, TokenManager,
 * EventBuilder)}, {@code TokenEndpoint.processGrantRequest()} and {@code
 * KeycloakContext.getHttpRequest()/setHttpRequest(HttpRequest)}. Version-specific exceptions
 * (26.7's {@code TokenInterceptorException}) are converted to OAuth error responses inside {@code
 * TokenEndpoint}, so this class never names them; naming one made the JAR fail on 26.4 and 26.5
 * with {@code NoClassDefFoundError}.
 */
public final class TokenEndpointGrant {

  private TokenEndpointGrant() {}

  /**
   * Keycloak's answer to the client-credentials grant: the response, or the {@code
   * WebApplicationException} Keycloak throws for a refused request.
   */
  public static Response clientCredentials(
      KeycloakSession session, String clientId, String clientSecret) {
    return Boundary.call(
        "TokenEndpoint.processGrantRequest() (Keycloak 26.4)",
        () -> run(session, clientId, clientSecret));
  }

  private static Response run(KeycloakSession session, String clientId, String clientSecret) {
    KeycloakContext context = session.getContext();
    HttpRequest original = context.getHttpRequest();
    context.setHttpRequest(new ClientSecretPostRequest(original, clientId, clientSecret));
    try {
      EventBuilder event = new EventBuilder(context.getRealm(), session, context.getConnection());
      return new TokenEndpoint(session, new TokenManager(), event).processGrantRequest();
    } finally {
      context.setHttpRequest(original);
    }
  }
}
