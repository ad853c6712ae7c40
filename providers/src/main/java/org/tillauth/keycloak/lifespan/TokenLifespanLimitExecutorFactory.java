package org.tillauth.keycloak.lifespan;

import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.provider.ServerInfoAwareProviderFactory;
import org.keycloak.services.clientpolicy.executor.ClientPolicyExecutorProvider;
import org.keycloak.services.clientpolicy.executor.ClientPolicyExecutorProviderFactory;
import org.tillauth.keycloak.support.ExtensionInfo;
import org.tillauth.keycloak.support.WarningThrottle;

/** Registers the {@code token-lifespan-limit} client policy executor. */
public final class TokenLifespanLimitExecutorFactory
    implements ClientPolicyExecutorProviderFactory, ServerInfoAwareProviderFactory {

  static final String PROVIDER_ID = "token-lifespan-limit";
  static final String MAXIMUM = "max-access-token-lifespan";

  private static final List<ProviderConfigProperty> CONFIG =
      ProviderConfigurationBuilder.create()
          .property()
          .name(MAXIMUM)
          .label("Maximum access token lifespan")
          .helpText(
              "Longest access token lifespan allowed for the clients this profile applies to:"
                  + " a whole number of minutes, hours or days, e.g. 60m, 2h or 30d (a bare number"
                  + " means minutes). Between 1 minute and 30 days. Saving a client whose Access"
                  + " Token Lifespan is longer fails; tokens that would live longer (realm default,"
                  + " -1) are shortened to this value when issued.")
          .type(ProviderConfigProperty.STRING_TYPE)
          .defaultValue(LifespanDuration.DEFAULT.amount() + "m")
          .add()
          .build();

  private final WarningThrottle warnings =
      new WarningThrottle(Logger.getLogger(TokenLifespanLimitExecutor.class));

  @Override
  public ClientPolicyExecutorProvider create(KeycloakSession session) {
    return new TokenLifespanLimitExecutor(session, warnings);
  }

  @Override
  public String getId() {
    return PROVIDER_ID;
  }

  @Override
  public String getHelpText() {
    return "Limits the access token lifespan of the clients the policy selects: rejects creating or"
        + " updating a client whose Access Token Lifespan exceeds the maximum, and shortens longer"
        + " access and ID tokens when they are issued ("
        + TokenLifespanClamp.FLOWS
        + "). A client-credentials token of a client with its own Access Token Lifespan gets"
        + " exactly that lifespan (within the maximum) even where Keycloak's session maximums would"
        + " cut it short; with refresh tokens for client credentials on, a lifespan longer than the"
        + " client's sessions is refused on save.";
  }

  @Override
  public List<ProviderConfigProperty> getConfigProperties() {
    return CONFIG;
  }

  @Override
  public void init(Config.Scope config) {}

  @Override
  public void postInit(KeycloakSessionFactory factory) {}

  @Override
  public void close() {}

  @Override
  public Map<String, String> getOperationalInfo() {
    return ExtensionInfo.operationalInfo();
  }
}
