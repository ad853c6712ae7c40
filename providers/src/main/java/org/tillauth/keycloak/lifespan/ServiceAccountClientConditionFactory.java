package org.tillauth.keycloak.lifespan;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ServerInfoAwareProviderFactory;
import org.keycloak.services.clientpolicy.condition.AbstractClientPolicyConditionProviderFactory;
import org.keycloak.services.clientpolicy.condition.ClientPolicyConditionProvider;
import org.tillauth.keycloak.support.ExtensionInfo;

/** Registers the {@code service-account-client} client policy condition. */
public final class ServiceAccountClientConditionFactory
    extends AbstractClientPolicyConditionProviderFactory implements ServerInfoAwareProviderFactory {

  static final String PROVIDER_ID = "service-account-client";

  private static final List<ProviderConfigProperty> CONFIG = commonConfig();

  private static List<ProviderConfigProperty> commonConfig() {
    List<ProviderConfigProperty> properties = new ArrayList<>();
    addCommonConfigProperties(properties);
    return List.copyOf(properties);
  }

  @Override
  public ClientPolicyConditionProvider create(KeycloakSession session) {
    return new ServiceAccountClientCondition(session);
  }

  @Override
  public String getId() {
    return PROVIDER_ID;
  }

  @Override
  public String getHelpText() {
    return "Matches API clients: confidential clients (client authentication on) with service"
        + " accounts enabled. When a client is created or updated, the client as it will be after"
        + " the save is judged; on token requests, the requesting client.";
  }

  @Override
  public List<ProviderConfigProperty> getConfigProperties() {
    return CONFIG;
  }

  @Override
  public Map<String, String> getOperationalInfo() {
    return ExtensionInfo.operationalInfo();
  }
}
