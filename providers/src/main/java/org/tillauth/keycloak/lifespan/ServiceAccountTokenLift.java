package org.tillauth.keycloak.lifespan;

import java.util.OptionalLong;
import org.keycloak.models.AuthenticatedClientSessionModel;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.UserSessionModel;
import org.keycloak.representations.AccessToken;
import org.keycloak.services.clientpolicy.ClientPolicyContext;
import org.keycloak.services.clientpolicy.context.ServiceAccountTokenResponseContext;
import org.tillauth.keycloak.internals.TokenResponses;

/**
 * Gives a client-credentials token exactly its client's own Access Token Lifespan (within the
 * maximum). Keycloak caps every access token at the SSO Session Max and the Client Session Max
 * (TokenManager.getTokenExpiration), also for client credentials, whose session is transient unless
 * the client uses refresh tokens for that grant: nothing stores it, and introspection, userinfo and
 * the gateway rebuild it from the token (UserSessionUtil.findValidSessionForAccessToken), so that
 * cap shortens the token without protecting anything. Tokens bound to a stored session are left as
 * Keycloak made them; {@link PersistentSessionRule} refuses the saves they would contradict.
 */
final class ServiceAccountTokenLift {

  /**
   * Per request and token: the smallest maximum of the limit executors that have seen the token so
   * far. Every such executor runs on the response, in any order, and the smallest must win: a later
   * executor with a larger maximum must not lengthen what an earlier one shortened.
   */
  static final String SMALLEST_MAXIMUM = "till-auth.token-lifespan-limit.smallest.";

  private final KeycloakSession session;

  ServiceAccountTokenLift(KeycloakSession session) {
    this.session = session;
  }

  /**
   * Gives the token its client's own lifespan within the maximum; true when the maximum cut that
   * lifespan short (the clamps meter counts it).
   */
  boolean lift(ClientPolicyContext context, LifespanDuration maximum) {
    if (!(context instanceof ServiceAccountTokenResponseContext response)) {
      return false;
    }
    AccessToken token =
        TokenResponses.of(context).map(TokenResponses.Tokens::accessToken).orElse(null);
    if (token == null || token.getIat() == null) {
      return false;
    }
    long limit = smallestMaximum(token, maximum.seconds());
    AuthenticatedClientSessionModel clientSession = response.getClientSession();
    if (clientSession == null || !isStateless(token, clientSession.getUserSession())) {
      return false;
    }
    ClientModel client = clientSession.getClient();
    OptionalLong own =
        ClientLifespanRule.ownSeconds(client.getAttribute(ClientLifespanRule.ATTRIBUTE));
    if (own.isPresent()) {
      // The response's expires_in is computed from this exp when the response is built.
      token.exp(ClientLifespanRule.ownExpiry(token.getIat(), own.getAsLong(), limit));
      return own.getAsLong() > limit;
    }
    return false;
  }

  private long smallestMaximum(AccessToken token, long maximum) {
    String key = SMALLEST_MAXIMUM + token.getId();
    Long seen = session.getAttribute(key, Long.class);
    long smallest = seen == null ? maximum : Math.min(seen, maximum);
    session.setAttribute(key, smallest);
    return smallest;
  }

  /** No stored session behind the token: Keycloak dropped its {@code sid} and keeps nothing. */
  private static boolean isStateless(AccessToken token, UserSessionModel userSession) {
    return token.getSessionId() == null
        && userSession != null
        && userSession.getPersistenceState() == UserSessionModel.SessionPersistenceState.TRANSIENT;
  }
}
