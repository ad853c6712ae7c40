package org.tillauth.keycloak.lifespan;

import org.keycloak.common.util.Time;
import org.keycloak.representations.JsonWebToken;
import org.tillauth.keycloak.internals.TokenResponses;

/**
 * The {@code token-lifespan-limit} executor's issue-time half: shortens the access token (and ID
 * token) of every token response whatever made it longer (realm default, {@code -1}, clients
 * imported or changed before the policy existed). {@link #FLOWS} names the responses it sees
 * ({@link TokenResponses}); the executor's help text is built from it.
 */
final class TokenLifespanClamp {

  /** The token responses clamped, as the help text names them. */
  static final String FLOWS = TokenResponses.FLOWS;

  private final LifespanDuration maximum;

  TokenLifespanClamp(LifespanDuration maximum) {
    this.maximum = maximum;
  }

  /** Shortens the tokens; true when the access token was shortened (the clamps meter counts it). */
  boolean clamp(TokenResponses.Tokens tokens) {
    boolean accessTokenClamped = clamp(tokens.accessToken());
    clamp(tokens.idToken());
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
