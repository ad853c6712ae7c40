package org.tillauth.keycloak.tokenjson;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.util.Base64;
import org.keycloak.models.KeycloakSession;
import org.keycloak.representations.AccessTokenResponse;
import org.keycloak.representations.idm.OAuth2ErrorRepresentation;
import org.tillauth.keycloak.internals.TokenEndpointGrant;

/**
 * The JSON token request through Keycloak's own token endpoint ({@link TokenEndpointGrant}, the
 * internal that runs the client-credentials grant with {@code client_secret_post}); this class only
 * turns the outcome into an access token or a {@link CompatError}.
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
    try {
      return tokenFrom(
          TokenEndpointGrant.clientCredentials(session, request.key(), request.secret()));
    } catch (WebApplicationException e) {
      throw new CompatException(fromResponse(e.getResponse()), describe(e.getResponse()), e);
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
