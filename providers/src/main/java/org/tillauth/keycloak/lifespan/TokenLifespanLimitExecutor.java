package org.tillauth.keycloak.lifespan;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import org.keycloak.OAuthErrorException;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.representations.idm.ClientPolicyExecutorConfigurationRepresentation;
import org.keycloak.services.ErrorResponse;
import org.keycloak.services.clientpolicy.ClientPolicyContext;
import org.keycloak.services.clientpolicy.ClientPolicyException;
import org.keycloak.services.clientpolicy.executor.ClientPolicyExecutorProvider;
import org.tillauth.keycloak.internals.TokenResponses;
import org.tillauth.keycloak.metrics.ApiClientMeters;
import org.tillauth.keycloak.secret.StockSecretRotation;
import org.tillauth.keycloak.support.WarningThrottle;

/**
 * Caps the access token lifespan of the clients a policy selects. This class holds the executor's
 * configuration and routes Keycloak's events to its jobs: {@link ClientLifespanSaveCheck} (client
 * saves whose own lifespan exceeds the maximum, or outlives the client's stored sessions, are
 * refused), {@link ServiceAccountTokenLift} (a client-credentials token gets its client's own
 * lifespan, which Keycloak's session maximums would cut short) and {@link TokenLifespanClamp}
 * (every token response is shortened to the maximum).
 */
final class TokenLifespanLimitExecutor
    implements ClientPolicyExecutorProvider<TokenLifespanLimitExecutor.Configuration> {

  /** RFC 7591's code for an unacceptable client metadata value; 400 at admin REST and DCR. */
  static final String ERROR = OAuthErrorException.INVALID_CLIENT_METADATA;

  private final KeycloakSession session;
  private Configuration config;
  // Parsed on first use: Keycloak builds this executor for every policy event of the clients it
  // applies to, and most events (the token request) never need the maximum.
  private LifespanDuration maximum;
  private String invalidMaximum;

  private final WarningThrottle warnings;

  TokenLifespanLimitExecutor(KeycloakSession session, WarningThrottle warnings) {
    this.session = session;
    this.warnings = warnings;
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
    this.config = config;
    this.maximum = null;
    this.invalidMaximum = null;
  }

  private LifespanDuration maximum() {
    if (maximum != null) {
      return maximum;
    }
    String configured = config == null ? null : config.getMaximumLifespan();
    if (config != null && config.isMalformed()) {
      maximum = LifespanDuration.DEFAULT;
      invalidMaximum = Configuration.MALFORMED;
      return maximum;
    }
    try {
      maximum = LifespanDuration.parseMaximum(configured);
    } catch (IllegalArgumentException e) {
      // Keycloak also sets up executors for a profile it is about to refuse on save; only a profile
      // that bypassed that check (e.g. file import) is ever applied, so warn when it is.
      maximum = LifespanDuration.DEFAULT;
      invalidMaximum = configured;
    }
    return maximum;
  }

  private void warnIfInvalidMaximum() {
    maximum();
    if (invalidMaximum != null) {
      RealmModel realm = session.getContext().getRealm();
      String realmName = realm == null ? "?" : realm.getName();
      // Applied on every token of the profile's clients: one line per realm, value and interval.
      warnings.warn(
          realmName + "/" + forLog(invalidMaximum),
          String.format(
              "Invalid %s '%s' in a client profile of realm %s; applying %s",
              TokenLifespanLimitExecutorFactory.MAXIMUM,
              forLog(invalidMaximum),
              realmName,
              LifespanDuration.DEFAULT));
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
        saveCheck().beforeSave(context);
      }
      case REGISTERED -> saveCheck().afterSave(context);
      case UPDATED -> {
        StockSecretRotation.refuse(context);
        saveCheck().afterSave(context);
      }
      default ->
          TokenResponses.of(context)
              .ifPresent(
                  tokens -> {
                    warnIfInvalidMaximum();
                    boolean lifted = new ServiceAccountTokenLift(session).lift(context, maximum());
                    boolean clamped = new TokenLifespanClamp(maximum()).clamp(tokens);
                    // Cut short either way: the client's own lifespan or Keycloak's default.
                    if (lifted || clamped) {
                      ApiClientMeters.clamped(session.getContext().getRealm());
                    }
                  });
    }
  }

  private ClientLifespanSaveCheck saveCheck() {
    return new ClientLifespanSaveCheck(maximum(), session.getContext().getRealm());
  }
}
