package org.tillauth.keycloak.till;

import java.util.Map;
import org.keycloak.Config;
import org.keycloak.credential.hash.PasswordHashProvider;
import org.keycloak.credential.hash.PasswordHashProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ServerInfoAwareProviderFactory;
import org.tillauth.keycloak.support.ExtensionInfo;

/** Registers the read-only {@code md5} algorithm for imported legacy till credentials. */
public final class LegacyMd5PasswordHashProviderFactory
    implements PasswordHashProviderFactory, ServerInfoAwareProviderFactory {

  @Override
  public PasswordHashProvider create(KeycloakSession session) {
    return new LegacyMd5PasswordHashProvider();
  }

  @Override
  public void init(Config.Scope config) {}

  @Override
  public void postInit(KeycloakSessionFactory factory) {}

  @Override
  public void close() {}

  @Override
  public String getId() {
    return LegacyMd5PasswordHashProvider.ID;
  }

  @Override
  public Map<String, String> getOperationalInfo() {
    return ExtensionInfo.operationalInfo();
  }
}
