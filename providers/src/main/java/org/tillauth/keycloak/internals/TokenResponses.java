package org.tillauth.keycloak.internals;

import java.util.Optional;
import org.keycloak.protocol.oidc.TokenManager.AccessTokenResponseBuilder;
import org.keycloak.protocol.oidc.grants.ciba.clientpolicy.context.BackchannelTokenResponseContext;
import org.keycloak.protocol.oidc.grants.device.clientpolicy.context.DeviceTokenResponseContext;
import org.keycloak.representations.AccessToken;
import org.keycloak.representations.IDToken;
import org.keycloak.services.clientpolicy.ClientPolicyContext;
import org.keycloak.services.clientpolicy.context.ImplicitHybridTokenResponse;
import org.keycloak.services.clientpolicy.context.ResourceOwnerPasswordCredentialsResponseContext;
import org.keycloak.services.clientpolicy.context.ServiceAccountTokenResponseContext;
import org.keycloak.services.clientpolicy.context.TokenRefreshResponseContext;
import org.keycloak.services.clientpolicy.context.TokenResponseContext;

/**
 * The tokens of a token response while client policies still may change them. Keycloak exposes them
 * only on concrete context classes, each with its own {@code getAccessTokenResponseBuilder()}
 * (keycloak-services' {@code TokenManager.AccessTokenResponseBuilder}): this is the closed list of
 * the seven token-issuing events of Keycloak 26.4 to 26.7 (client credentials, authorization code,
 * refresh, password, implicit and hybrid, device authorization, CIBA). A token-issuing event added
 * by a later Keycloak is not seen until it is added here; {@link #FLOWS} names them for help texts.
 */
public final class TokenResponses {

  /** The token responses seen, as help texts name them (one per context class below). */
  public static final String FLOWS =
      "client credentials, authorization code, refresh, password (direct grant), implicit and"
          + " hybrid, device authorization and CIBA";

  private TokenResponses() {}

  /**
   * The access token and ID token (null when the response has none) about to be issued; changing
   * their {@code exp} changes the response, whose {@code expires_in} is computed from it.
   */
  public record Tokens(AccessToken accessToken, IDToken idToken) {}

  /** The tokens of the token-issuing events; empty for all other events. */
  public static Optional<Tokens> of(ClientPolicyContext context) {
    return Boundary.call(
        "the token response contexts' getAccessTokenResponseBuilder() (Keycloak 26.4)",
        () -> Optional.ofNullable(builder(context)).map(TokenResponses::tokens));
  }

  private static Tokens tokens(AccessTokenResponseBuilder builder) {
    return new Tokens(builder.getAccessToken(), builder.getIdToken());
  }

  private static AccessTokenResponseBuilder builder(ClientPolicyContext context) {
    if (context instanceof ServiceAccountTokenResponseContext c) {
      return c.getAccessTokenResponseBuilder();
    } else if (context instanceof TokenResponseContext c) {
      return c.getAccessTokenResponseBuilder();
    } else if (context instanceof TokenRefreshResponseContext c) {
      return c.getAccessTokenResponseBuilder();
    } else if (context instanceof ResourceOwnerPasswordCredentialsResponseContext c) {
      return c.getAccessTokenResponseBuilder();
    } else if (context instanceof ImplicitHybridTokenResponse c) {
      return c.getAccessTokenResponseBuilder();
    } else if (context instanceof DeviceTokenResponseContext c) {
      return c.getAccessTokenResponseBuilder();
    } else if (context instanceof BackchannelTokenResponseContext c) {
      return c.getAccessTokenResponseBuilder();
    }
    return null;
  }
}
