package org.tillauth.keycloak.compat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.util.Base64;
import java.util.HashMap;
import org.keycloak.OAuth2Constants;
import org.keycloak.events.Details;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.protocol.oidc.OIDCAdvancedConfigWrapper;
import org.keycloak.protocol.oidc.TokenManager;
import org.keycloak.protocol.oidc.grants.OAuth2GrantType;
import org.keycloak.protocol.oidc.token.TokenInterceptorException;
import org.keycloak.representations.AccessTokenResponse;
import org.keycloak.representations.idm.OAuth2ErrorRepresentation;
import org.keycloak.services.clientpolicy.ClientPolicyException;
import org.keycloak.services.cors.Cors;
import org.keycloak.services.util.DPoPUtil;

/**
 * Runs Keycloak's own {@code client_credentials} grant (the OAuth2GrantType provider the token
 * endpoint uses) for an authenticated client, in the current request. Client policies, protocol
 * mappers, lifespans, signing keys and events are therefore exactly those of {@code
 * /protocol/openid-connect/token}. This class only adds what {@code TokenEndpoint} does around the
 * grant and turns the outcome into an access token or a {@link CompatError}.
 */
final class ClientCredentialsBridge {

  // Configured once, never mutated: safe to share between threads.
  private static final ObjectMapper JSON = new ObjectMapper();

  private final KeycloakSession session;
  private final RealmModel realm;

  ClientCredentialsBridge(KeycloakSession session) {
    this.session = session;
    this.realm = session.getContext().getRealm();
  }

  /** The issued token and its lifetime ({@code exp - iat}). */
  record IssuedToken(String accessToken, long ttlSeconds) {}

  IssuedToken issue(TokenRequest request) {
    // As TokenEndpoint: event type and grant detail first, so failures are CLIENT_LOGIN_ERROR.
    EventBuilder event =
        new EventBuilder(realm, session, session.getContext().getConnection())
            .event(EventType.CLIENT_LOGIN)
            .detail(Details.GRANT_TYPE, OAuth2Constants.CLIENT_CREDENTIALS);

    ClientModel client = ClientKeyAuthenticator.authenticate(session, realm, event, request);
    session.getContext().setClient(client);

    OAuth2GrantType grant =
        session.getProvider(OAuth2GrantType.class, OAuth2Constants.CLIENT_CREDENTIALS);
    if (grant == null) {
      throw new CompatException(CompatError.GRANT_UNAVAILABLE);
    }

    // What a client_secret_post request carries, minus the secret.
    MultivaluedHashMap<String, String> form = new MultivaluedHashMap<>();
    form.add(OAuth2Constants.GRANT_TYPE, OAuth2Constants.CLIENT_CREDENTIALS);
    form.add(OAuth2Constants.CLIENT_ID, client.getClientId());

    // The token endpoint's CORS object is only used by the grant to build error responses; this
    // endpoint is for server-to-server callers and sends no CORS headers.
    Cors cors =
        Cors.builder()
            .auth()
            .allowedMethods("POST")
            .auth()
            .exposedHeaders(Cors.ACCESS_CONTROL_ALLOW_METHODS);
    OIDCAdvancedConfigWrapper clientConfig = OIDCAdvancedConfigWrapper.fromClientModel(client);

    Response response;
    try {
      preProcess(grant, form, event);
      DPoPUtil.handleDPoPHeader(session, event, cors, clientConfig);
      OAuth2GrantType.Context context =
          new OAuth2GrantType.Context(
              session, clientConfig, new HashMap<>(), form, event, cors, new TokenManager());
      response = grant.process(context);
    } catch (WebApplicationException e) {
      throw new CompatException(fromResponse(e.getResponse()));
    } catch (TokenInterceptorException e) {
      throw new CompatException(
          OAuthErrorMapping.toCompatError(400, e.getError(), e.getDescription()));
    }
    return tokenFrom(response);
  }

  /** TokenEndpoint runs the grant's pre-processing (client policies) the same way. */
  private void preProcess(
      OAuth2GrantType grant, MultivaluedHashMap<String, String> form, EventBuilder event) {
    try {
      grant.preProcess(session, form);
    } catch (ClientPolicyException cpe) {
      event.detail(Details.REASON, Details.CLIENT_POLICY_ERROR);
      event.detail(Details.CLIENT_POLICY_ERROR, cpe.getError());
      event.detail(Details.CLIENT_POLICY_ERROR_DETAIL, cpe.getErrorDetail());
      event.error(cpe.getError());
      throw new CompatException(
          OAuthErrorMapping.toCompatError(
              cpe.getErrorStatus().getStatusCode(), cpe.getError(), cpe.getErrorDetail()));
    }
  }

  private static IssuedToken tokenFrom(Response response) {
    if (response == null) {
      throw new CompatException(CompatError.INTERNAL_ERROR);
    }
    if (response.getStatus() != 200
        || !(response.getEntity() instanceof AccessTokenResponse tokenResponse)
        || tokenResponse.getToken() == null) {
      throw new CompatException(fromResponse(response));
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
