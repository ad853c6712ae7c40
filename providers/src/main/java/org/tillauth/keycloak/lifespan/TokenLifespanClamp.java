package org.tillauth.keycloak.lifespan;

import java.util.Optional;
import org.keycloak.common.util.Time;
import org.keycloak.protocol.oidc.TokenManager.AccessTokenResponseBuilder;
import org.keycloak.protocol.oidc.grants.ciba.clientpolicy.context.BackchannelTokenResponseContext;
import org.keycloak.protocol.oidc.grants.device.clientpolicy.context.DeviceTokenResponseContext;
import org.keycloak.representations.JsonWebToken;
import org.keycloak.services.clientpolicy.ClientPolicyContext;
import org.keycloak.services.clientpolicy.context.ImplicitHybridTokenResponse;
import org.keycloak.services.clientpolicy.context.ResourceOwnerPasswordCredentialsResponseContext;
import org.keycloak.services.clientpolicy.context.ServiceAccountTokenResponseContext;
import org.keycloak.services.clientpolicy.context.TokenRefreshResponseContext;
import org.keycloak.services.clientpolicy.context.TokenResponseContext;

/**
 * The {@code token-lifespan-limit} executor's issue-time half: shortens the access token (and ID
 * token) of every token response whatever made it longer (realm default, {@code -1}, clients
 * imported or changed before the policy existed). {@link #FLOWS} names the responses it sees; the
 * executor's help text is built from it.
 */
final class TokenLifespanClamp {

  /** The token responses clamped, as the help text names them (one per context class below). */
  static final String FLOWS =
      "client credentials, authorization code, refresh, password (direct grant), implicit and"
          + " hybrid, device authorization and CIBA";

  private final LifespanDuration maximum;

  TokenLifespanClamp(LifespanDuration maximum) {
    this.maximum = maximum;
  }

  /** The response builder of the token-issuing events that expose it; empty for all others. */
  static Optional<AccessTokenResponseBuilder> responseBuilder(ClientPolicyContext context) {
    AccessTokenResponseBuilder builder = null;
    if (context instanceof ServiceAccountTokenResponseContext c) {
      builder = c.getAccessTokenResponseBuilder();
    } else if (context instanceof TokenResponseContext c) {
      builder = c.getAccessTokenResponseBuilder();
    } else if (context instanceof TokenRefreshResponseContext c) {
      builder = c.getAccessTokenResponseBuilder();
    } else if (context instanceof ResourceOwnerPasswordCredentialsResponseContext c) {
      builder = c.getAccessTokenResponseBuilder();
    } else if (context instanceof ImplicitHybridTokenResponse c) {
      builder = c.getAccessTokenResponseBuilder();
    } else if (context instanceof DeviceTokenResponseContext c) {
      builder = c.getAccessTokenResponseBuilder();
    } else if (context instanceof BackchannelTokenResponseContext c) {
      builder = c.getAccessTokenResponseBuilder();
    }
    return Optional.ofNullable(builder);
  }

  /** Shortens the tokens; true when the access token was shortened (the clamps meter counts it). */
  boolean clamp(AccessTokenResponseBuilder builder) {
    boolean accessTokenClamped = clamp(builder.getAccessToken());
    clamp(builder.getIdToken());
    return accessTokenClamped;
  }

  private boolean clamp(JsonWebToken token) {
    if (token == null) {
      return false;
    }
    long issuedAt = token.getIat() != null ? token.getIat() : Time.currentTime();
    long clamped = ClientLifespanRule.clampedExpiry(issuedAt, token.getExp(), maximum);
    if (token.getExp() == null || clamped != token.getExp()) {
      // The response's expires_in is computed from this exp when the response is built.
      boolean shortened = token.getExp() == null || clamped < token.getExp();
      token.exp(clamped);
      return shortened;
    }
    return false;
  }
}
