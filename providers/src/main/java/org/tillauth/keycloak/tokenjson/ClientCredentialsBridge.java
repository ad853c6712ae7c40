package org.tillauth.keycloak.tokenjson;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.util.Base64;
import org.keycloak.events.EventBuilder;
import org.keycloak.http.HttpRequest;
import org.keycloak.models.KeycloakContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.TokenManager;
import org.keycloak.protocol.oidc.endpoints.TokenEndpoint;
import org.keycloak.representations.AccessTokenResponse;
import org.keycloak.representations.idm.OAuth2ErrorRepresentation;

/**
 * Runs Keycloak's own token endpoint for a JSON token request, in the current request, as if the
 * caller had posted {@code grant_type=client_credentials} with {@code client_secret_post} ({@link
 * ClientSecretPostRequest}). Keycloak therefore does all the work of {@code
 * /protocol/openid-connect/token}: SSL and realm checks, the realm's client authentication flow
 * with the authenticator configured on the client (any {@code ClientAuthenticator}, including ones
 * deployed later), client policies, DPoP, the grant, protocol mappers, lifespans, signing and
 * events. This class only turns the outcome into an access token or a {@link CompatError}.
 *
 * <p>This is the one place that touches Keycloak classes outside its SPIs. Verified identical in
 * Keycloak 26.4.7, 26.5.6, 26.7.0 and 26.7.3: {@code TokenEndpoint(KeycloakSession, TokenManager,
 * EventBuilder)}, {@code TokenEndpoint.processGrantRequest()}, {@code
 * KeycloakContext.getHttpRequest()/setHttpRequest(HttpRequest)} and the {@code HttpRequest}
 * interface. Version-specific exceptions (26.7's {@code TokenInterceptorException}) are converted
 * to OAuth error responses inside {@code TokenEndpoint}, so this class never names them; copying
 * that handling here made the JAR fail on 26.4 and 26.5 with {@code NoClassDefFoundError}.
 */
final class ClientCredentialsBridge {

  // Configured once, never mutated: safe to share between threads.
  private static final ObjectMapper JSON = new ObjectMapper();

  private final KeycloakSession session;

  ClientCredentialsBridge(KeycloakSession session) {
    this.session = session;
  }

  /** The issued token and its lifetime ({@code exp - iat}). */
  record IssuedToken(String accessToken, long ttlSeconds) {}

  IssuedToken issue(TokenRequest request) {
    KeycloakContext context = session.getContext();
    HttpRequest original = context.getHttpRequest();
    context.setHttpRequest(new ClientSecretPostRequest(original, request));
    try {
      // What OIDCLoginProtocolService does for /protocol/openid-connect/token.
      EventBuilder event = new EventBuilder(context.getRealm(), session, context.getConnection());
      return tokenFrom(new TokenEndpoint(session, new TokenManager(), event).processGrantRequest());
    } catch (WebApplicationException e) {
      throw new CompatException(fromResponse(e.getResponse()), describe(e.getResponse()), e);
    } finally {
      context.setHttpRequest(original);
    }
  }

  private static IssuedToken tokenFrom(Response response) {
    if (response == null) {
      throw new CompatException(
          CompatError.INTERNAL_ERROR, "Keycloak's token endpoint returned no response", null);
    }
    if (response.getStatus() != 200
        || !(response.getEntity() instanceof AccessTokenResponse tokenResponse)
        || tokenResponse.getToken() == null) {
      throw new CompatException(fromResponse(response), describe(response), null);
    }
    String token = tokenResponse.getToken();
    return new IssuedToken(token, ttlSeconds(token, tokenResponse.getExpiresIn()));
  }

  /**
   * {@code exp - iat} of the token just minted (read, not verified: it never left this request);
   * the grant's {@code expires_in} if the token is not a readable JWS.
   */
  static long ttlSeconds(String token, long expiresIn) {
    String[] parts = token.split("\\.", -1);
    if (parts.length == 3) {
      try {
        JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
        JsonNode exp = claims.path("exp");
        JsonNode iat = claims.path("iat");
        if (exp.canConvertToLong() && iat.canConvertToLong() && exp.asLong() > iat.asLong()) {
          return exp.asLong() - iat.asLong();
        }
      } catch (IOException | IllegalArgumentException e) {
        // Fall through to what the grant reported.
      }
    }
    return expiresIn;
  }

  /** Keycloak's answer in one line, for the log of a server error. */
  static String describe(Response response) {
    if (response == null) {
      return "Keycloak's token endpoint answered without a response";
    }
    String answer = "Keycloak's token endpoint answered " + response.getStatus();
    if (response.getEntity() instanceof OAuth2ErrorRepresentation error) {
      return answer + " " + error.getError() + ": " + error.getErrorDescription();
    }
    return response.getStatus() == 200 ? answer + " without an access token" : answer;
  }

  static CompatError fromResponse(Response response) {
    if (response == null) {
      return CompatError.INTERNAL_ERROR;
    }
    Object entity = response.getEntity();
    if (entity instanceof OAuth2ErrorRepresentation error) {
      return OAuthErrorMapping.toCompatError(
          response.getStatus(), error.getError(), error.getErrorDescription());
    }
    return OAuthErrorMapping.toCompatError(response.getStatus(), null, null);
  }
}
