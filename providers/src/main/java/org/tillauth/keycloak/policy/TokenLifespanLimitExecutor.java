package org.tillauth.keycloak.policy;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
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
  private String invalidMaximum;

  TokenLifespanLimitExecutor(KeycloakSession session) {
    this.session = session;
  }

  /** The executor's JSON configuration, as stored in the realm's client profiles. */
  @JsonDeserialize(using = ConfigurationReader.class)
  public static class Configuration extends ClientPolicyExecutorConfigurationRepresentation {

    static final String MALFORMED =
        "The token-lifespan-limit configuration must be a JSON object such as"
            + " {\"max-access-token-lifespan\":\"60m\"}";

    @JsonProperty(TokenLifespanLimitExecutorFactory.MAXIMUM)
    protected String maximumLifespan;

    /** The stored JSON was not an object with a text or number maximum. */
    @JsonIgnore private boolean malformed;

    public String getMaximumLifespan() {
      return maximumLifespan;
    }

    public void setMaximumLifespan(String maximumLifespan) {
      this.maximumLifespan = maximumLifespan;
    }

    boolean isMalformed() {
      return malformed;
    }

    /**
     * Keycloak calls this when a client profile is saved (admin REST / console). Returning false
     * would only produce Keycloak's generic "invalid configuration" text, so a bad value is
     * reported as a 400 with the reason; nothing is saved.
     */
    @Override
    public boolean validateConfig() {
      if (malformed) {
        throw ErrorResponse.error(MALFORMED, Response.Status.BAD_REQUEST);
      }
      try {
        LifespanDuration.parseMaximum(maximumLifespan);
        return true;
      } catch (IllegalArgumentException e) {
        throw ErrorResponse.error(e.getMessage(), Response.Status.BAD_REQUEST);
      }
    }
  }

  /**
   * Reads the configuration leniently, so that a wrong JSON type (array, object, string instead of
   * an object, null) reaches {@link Configuration#validateConfig} as a clear 400 instead of failing
   * inside Keycloak's conversion with a 500.
   */
  static final class ConfigurationReader extends StdDeserializer<Configuration> {

    ConfigurationReader() {
      super(Configuration.class);
    }

    @Override
    public Configuration deserialize(JsonParser parser, DeserializationContext context)
        throws IOException {
      JsonNode node = parser.readValueAsTree();
      Configuration config = new Configuration();
      if (node == null || !node.isObject()) {
        config.malformed = !(node == null || node.isNull() || node.isMissingNode());
        return config;
      }
      JsonNode maximum = node.get(TokenLifespanLimitExecutorFactory.MAXIMUM);
      if (maximum == null || maximum.isNull()) {
        return config;
      }
      if (maximum.isTextual() || maximum.isNumber()) {
        config.maximumLifespan = maximum.asText();
      } else {
        config.malformed = true;
      }
      return config;
    }

    @Override
    public Configuration getNullValue(DeserializationContext context) {
      // "configuration": null means "all defaults", like an empty object.
      return new Configuration();
    }
  }

  @Override
  public Class<Configuration> getExecutorConfigurationClass() {
    return Configuration.class;
  }

  @Override
  public void setupConfiguration(Configuration config) {
    String configured = config == null ? null : config.getMaximumLifespan();
    if (config != null && config.isMalformed()) {
      maximum = LifespanDuration.DEFAULT;
      invalidMaximum = Configuration.MALFORMED;
      return;
    }
    try {
      maximum = LifespanDuration.parseMaximum(configured);
      invalidMaximum = null;
    } catch (IllegalArgumentException e) {
      // Keycloak also sets up executors for a profile it is about to refuse on save; only a profile
      // that bypassed that check (e.g. file import) is ever applied, so warn when it is.
      maximum = LifespanDuration.DEFAULT;
      invalidMaximum = configured;
    }
  }

  private void warnIfInvalidMaximum() {
    if (invalidMaximum != null) {
      LOG.warnf(
          "Invalid %s '%s' in a client profile of realm %s; applying %s",
          TokenLifespanLimitExecutorFactory.MAXIMUM,
          forLog(invalidMaximum),
          session.getContext().getRealm() == null ? "?" : session.getContext().getRealm().getName(),
          LifespanDuration.DEFAULT);
    }
  }

  /** At most 64 characters of an administrator's value, without control characters. */
  static String forLog(String value) {
    String printable =
        value
            .codePoints()
            .limit(64)
            .map(c -> Character.isISOControl(c) ? '?' : c)
            .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
            .toString();
    return value.codePointCount(0, value.length()) > 64
        ? printable + "... (" + value.length() + " characters)"
        : printable;
  }

  @Override
  public String getProviderId() {
    return TokenLifespanLimitExecutorFactory.PROVIDER_ID;
  }

  @Override
  public void executeOnEvent(ClientPolicyContext context) throws ClientPolicyException {
    switch (context.getEvent()) {
      case REGISTER, UPDATE -> {
        warnIfInvalidMaximum();
        if (context instanceof ClientCRUDContext crud && !isDynamicRegistration(context)) {
          checkProposedClient(crud);
        }
      }
      case REGISTERED, UPDATED -> {
        if (context instanceof ClientCRUDContext crud && isDynamicRegistration(context)) {
          checkSavedClient(crud.getTargetClient());
        }
      }
      default ->
          responseBuilder(context)
              .ifPresent(
                  builder -> {
                    warnIfInvalidMaximum();
                    clamp(builder);
                  });
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
