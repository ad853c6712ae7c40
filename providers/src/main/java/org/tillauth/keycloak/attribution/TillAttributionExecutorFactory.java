package org.tillauth.keycloak.attribution;

import java.util.List;
import java.util.Map;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ServerInfoAwareProviderFactory;
import org.keycloak.services.clientpolicy.executor.ClientPolicyExecutorProvider;
import org.keycloak.services.clientpolicy.executor.ClientPolicyExecutorProviderFactory;
import org.tillauth.keycloak.support.ExtensionInfo;

/** Client policy executor {@code till-attribution}: see {@link TillAttributionExecutor}. */
public final class TillAttributionExecutorFactory
    implements ClientPolicyExecutorProviderFactory, ServerInfoAwareProviderFactory {

  public static final String PROVIDER_ID = "till-attribution";

  @Override
  public ClientPolicyExecutorProvider create(KeycloakSession session) {
    return new TillAttributionExecutor(session);
  }

  @Override
  public void init(Config.Scope config) {}

  @Override
  public void postInit(KeycloakSessionFactory factory) {}

  @Override
  public void close() {}

  @Override
  public String getId() {
    return PROVIDER_ID;
  }

  @Override
  public String getHelpText() {
    return "On client-credentials token requests of clients with a 'Till attribution' mapper,"
        + " decides the till from the X-CAP-API-ATTRIBUTION-* headers and refuses requests naming"
        + " an invalid till (unless the mapper falls back to the default till). Clients without"
        + " that mapper are not affected.";
  }

  @Override
  public List<ProviderConfigProperty> getConfigProperties() {
    return List.of();
  }

  @Override
  public Map<String, String> getOperationalInfo() {
    return ExtensionInfo.operationalInfo();
  }
}
