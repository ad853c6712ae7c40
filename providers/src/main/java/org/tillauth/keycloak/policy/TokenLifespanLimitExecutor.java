package org.tillauth.keycloak.policy;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.keycloak.OAuthErrorException;
import org.keycloak.common.util.Time;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.protocol.oidc.TokenManager.AccessTokenResponseBuilder;
import org.keycloak.protocol.oidc.grants.ciba.clientpolicy.context.BackchannelTokenResponseContext;
import org.keycloak.protocol.oidc.grants.device.clientpolicy.context.DeviceTokenResponseContext;
import org.keycloak.representations.JsonWebToken;
import org.keycloak.representations.idm.ClientPolicyExecutorConfigurationRepresentation;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.services.ErrorResponse;
import org.keycloak.services.clientpolicy.ClientPolicyContext;
import org.keycloak.services.clientpolicy.ClientPolicyException;
import org.keycloak.services.clientpolicy.context.ClientCRUDContext;
import org.keycloak.services.clientpolicy.context.DynamicClientRegisterContext;
import org.keycloak.services.clientpolicy.context.DynamicClientRegisteredContext;
import org.keycloak.services.clientpolicy.context.DynamicClientUpdateContext;
import org.keycloak.services.clientpolicy.context.DynamicClientUpdatedContext;
import org.keycloak.services.clientpolicy.context.ImplicitHybridTokenResponse;
import org.keycloak.services.clientpolicy.context.ResourceOwnerPasswordCredentialsResponseContext;
import org.keycloak.services.clientpolicy.context.ServiceAccountTokenResponseContext;
import org.keycloak.services.clientpolicy.context.TokenRefreshResponseContext;
import org.keycloak.services.clientpolicy.context.TokenResponseContext;
import org.keycloak.services.clientpolicy.executor.ClientPolicyExecutorProvider;

/**
 * Caps the access token lifespan of the clients a policy selects: rejects client saves whose own
 * lifespan exceeds the maximum, and clamps every token response whatever made it longer (realm
 * default, {@code -1}, clients imported or changed before the policy existed).
 */
final class TokenLifespanLimitExecutor
    implements ClientPolicyExecutorProvider<TokenLifespanLimitExecutor.Configuration> {

  private static final Logger LOG = Logger.getLogger(TokenLifespanLimitExecutor.class);

  /** RFC 7591's code for an unacceptable client metadata value; 400 at admin REST and DCR. */
  static final String ERROR = OAuthErrorException.INVALID_CLIENT_METADATA;

  private final KeycloakSession session;
  private LifespanDuration maximum = LifespanDuration.DEFAULT;

  TokenLifespanLimitExecutor(KeycloakSession session) {
    this.session = session;
  }

  /** The executor's JSON configuration, as stored in the realm's client profiles. */
  public static class Configuration extends ClientPolicyExecutorConfigurationRepresentation {

    @JsonProperty(TokenLifespanLimitExecutorFactory.MAXIMUM)
    protected String maximumLifespan;

    public String getMaximumLifespan() {
      return maximumLifespan;
    }

    public void setMaximumLifespan(String maximumLifespan) {
      this.maximumLifespan = maximumLifespan;
    }

    /**
     * Keycloak calls this when a client profile is saved (admin REST / console). Returning false
     * would only produce Keycloak's generic "invalid configuration" text, so a bad value is
     * reported as a 400 with the reason; nothing is saved.
     */
    @Override
    public boolean validateConfig() {
      try {
        LifespanDuration.parseMaximum(maximumLifespan);
        return true;
      } catch (IllegalArgumentException e) {
        throw ErrorResponse.error(e.getMessage(), Response.Status.BAD_REQUEST);
      }
    }
  }

  @Override
  public Class<Configuration> getExecutorConfigurationClass() {
    return Configuration.class;
  }

  @Override
  public void setupConfiguration(Configuration config) {
    String configured = config == null ? null : config.getMaximumLifespan();
    try {
      maximum = LifespanDuration.parseMaximum(configured);
    } catch (IllegalArgumentException e) {
      // Only reachable for profiles that bypassed save-time validation (e.g. file import): fail
      // safe.
      LOG.warnf(
          "Invalid %s '%s' (%s); using %s",
          TokenLifespanLimitExecutorFactory.MAXIMUM,
          configured,
          e.getMessage(),
          LifespanDuration.DEFAULT);
      maximum = LifespanDuration.DEFAULT;
    }
  }

  @Override
  public String getProviderId() {
    return TokenLifespanLimitExecutorFactory.PROVIDER_ID;
  }

  @Override
  public void executeOnEvent(ClientPolicyContext context) throws ClientPolicyException {
    switch (context.getEvent()) {
      case REGISTER, UPDATE -> {
        if (context instanceof ClientCRUDContext crud && !isDynamicRegistration(context)) {
          checkProposedClient(crud);
        }
      }
      case REGISTERED, UPDATED -> {
        if (context instanceof ClientCRUDContext crud && isDynamicRegistration(context)) {
          checkSavedClient(crud.getTargetClient());
        }
      }
      default -> responseBuilder(context).ifPresent(this::clamp);
    }
  }

  /**
   * Dynamic client registration turns a rejection before the save into 403 {@code
   * insufficient_scope} with the error code as description, but one after the save (same
   * transaction, rolled back) into 400 with our description; so registrations are judged after.
   */
  private static boolean isDynamicRegistration(ClientPolicyContext context) {
    return context instanceof DynamicClientRegisterContext
        || context instanceof DynamicClientUpdateContext
        || context instanceof DynamicClientRegisteredContext
        || context instanceof DynamicClientUpdatedContext;
  }

  /** Admin REST and console: judged before anything is saved. */
  private void checkProposedClient(ClientCRUDContext context) throws ClientPolicyException {
    ClientRepresentation proposed = context.getProposedClientRepresentation();
    if (proposed == null) {
      return;
    }
    ClientModel stored = context.getTargetClient();
    String value =
        ClientLifespanRule.effectiveAttribute(
            proposed.getAttributes(),
            stored == null ? null : stored.getAttribute(ClientLifespanRule.ATTRIBUTE));
    RealmModel realm = stored != null ? stored.getRealm() : session.getContext().getRealm();
    reject(value, realm);
  }

  private void checkSavedClient(ClientModel client) throws ClientPolicyException {
    if (client != null) {
      reject(client.getAttribute(ClientLifespanRule.ATTRIBUTE), client.getRealm());
    }
  }

  private void reject(String lifespan, RealmModel realm) throws ClientPolicyException {
    Optional<String> violation =
        ClientLifespanRule.violation(lifespan, longestSessionMax(realm), maximum);
    if (violation.isPresent()) {
      throw new ClientPolicyException(ERROR, violation.get());
    }
  }

  /** What {@code -1} can mean: the SSO Session Max, or its remember-me variant if longer. */
  private static long longestSessionMax(RealmModel realm) {
    if (realm == null) {
      return 0;
    }
    long max = realm.getSsoSessionMaxLifespan();
    if (realm.isRememberMe() && realm.getSsoSessionMaxLifespanRememberMe() > max) {
      max = realm.getSsoSessionMaxLifespanRememberMe();
    }
    return max;
  }

  private void clamp(AccessTokenResponseBuilder builder) {
    clamp(builder.getAccessToken());
    clamp(builder.getIdToken());
  }

  private void clamp(JsonWebToken token) {
    if (token == null) {
      return;
    }
    long issuedAt = token.getIat() != null ? token.getIat() : Time.currentTime();
    long clamped = ClientLifespanRule.clampedExpiry(issuedAt, token.getExp(), maximum);
    if (token.getExp() == null || clamped != token.getExp()) {
      // The response's expires_in is computed from this exp when the response is built.
      token.exp(clamped);
    }
  }

  /** The response builder of the token-issuing events that expose it; empty for all others. */
  private static Optional<AccessTokenResponseBuilder> responseBuilder(ClientPolicyContext context) {
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
}
