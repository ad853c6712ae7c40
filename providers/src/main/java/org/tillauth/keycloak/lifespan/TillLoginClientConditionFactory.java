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

/** Registers the {@code till-login-client} client policy condition. */
public final class TillLoginClientConditionFactory
    extends AbstractClientPolicyConditionProviderFactory implements ServerInfoAwareProviderFactory {

  static final String PROVIDER_ID = "till-login-client";

  private static final List<ProviderConfigProperty> CONFIG = commonConfig();

  private static List<ProviderConfigProperty> commonConfig() {
    List<ProviderConfigProperty> properties = new ArrayList<>();
    addCommonConfigProperties(properties);
    return List.copyOf(properties);
  }

  @Override
  public ClientPolicyConditionProvider create(KeycloakSession session) {
    return new TillLoginClientCondition(session);
  }

  @Override
  public String getId() {
    return PROVIDER_ID;
  }

  @Override
  public String getHelpText() {
    return "Matches the clients tills log in with: direct access grants on and a direct grant"
        + " flow (the client's override, else the realm's) that runs the Till MD5 password step."
        + " When a client is created or updated, the client as it will be after the save is"
        + " judged; on token requests and responses, the requesting client.";
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
