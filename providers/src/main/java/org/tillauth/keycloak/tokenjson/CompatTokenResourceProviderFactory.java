package org.tillauth.keycloak.tokenjson;

import java.util.Map;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ServerInfoAwareProviderFactory;
import org.keycloak.services.resource.RealmResourceProvider;
import org.keycloak.services.resource.RealmResourceProviderFactory;
import org.tillauth.keycloak.support.ExtensionInfo;

/**
 * Realm resource {@code v3}: {@code /realms/{realm}/v3/oauth/token/generate}. Realm-scoped only;
 * registers nothing at the server root.
 */
public final class CompatTokenResourceProviderFactory
    implements RealmResourceProviderFactory, ServerInfoAwareProviderFactory {

  public static final String ID = "v3";

  @Override
  public RealmResourceProvider create(KeycloakSession session) {
    return new CompatTokenResourceProvider(session);
  }

  @Override
  public void init(Config.Scope config) {}

  @Override
  public void postInit(KeycloakSessionFactory factory) {
    // Every deployment of the JAR loads this factory: the one place that logs the version line.
    ExtensionInfo.logStartup();
  }

  @Override
  public void close() {}

  @Override
  public String getId() {
    return ID;
  }

  @Override
  public Map<String, String> getOperationalInfo() {
    return ExtensionInfo.operationalInfo();
  }
}
