package org.tillauth.keycloak.till;

import java.util.Map;
import org.keycloak.Config;
import org.keycloak.credential.hash.PasswordHashProvider;
import org.keycloak.credential.hash.PasswordHashProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ServerInfoAwareProviderFactory;
import org.tillauth.keycloak.support.ExtensionInfo;

/**
 * Registers {@code till-md5-argon2} as a password hashing algorithm for realm password policies.
 */
public final class Md5PrehashPasswordHashProviderFactory
    implements PasswordHashProviderFactory, ServerInfoAwareProviderFactory {

  static final String DELEGATE_ID = "argon2";

  @Override
  public PasswordHashProvider create(KeycloakSession session) {
    return new Md5PrehashPasswordHashProvider(
        session.getProvider(PasswordHashProvider.class, DELEGATE_ID));
  }

  @Override
  public void init(Config.Scope config) {}

  @Override
  public void postInit(KeycloakSessionFactory factory) {}

  @Override
  public void close() {}

  @Override
  public String getId() {
    return Md5PrehashPasswordHashProvider.ID;
  }

  @Override
  public Map<String, String> getOperationalInfo() {
    return ExtensionInfo.operationalInfo();
  }
}
