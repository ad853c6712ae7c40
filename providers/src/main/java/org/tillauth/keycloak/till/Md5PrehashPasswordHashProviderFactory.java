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

  static final String MISSING_DELEGATE =
      "Password hashing provider '"
          + Md5PrehashPasswordHashProvider.ID
          + "' needs Keycloak's '"
          + DELEGATE_ID
          + "' password hashing provider, which this server does not have (is it disabled in the"
          + " server configuration?)";

  @Override
  public PasswordHashProvider create(KeycloakSession session) {
    PasswordHashProvider argon2 = session.getProvider(PasswordHashProvider.class, DELEGATE_ID);
    if (argon2 == null) {
      // postInit refuses such a server; this only guards against a delegate that went away.
      throw new IllegalStateException(MISSING_DELEGATE);
    }
    return new Md5PrehashPasswordHashProvider(argon2);
  }

  @Override
  public void init(Config.Scope config) {}

  /** Fails the start with the reason rather than every till login with a NullPointerException. */
  @Override
  public void postInit(KeycloakSessionFactory factory) {
    if (factory.getProviderFactory(PasswordHashProvider.class, DELEGATE_ID) == null) {
      throw new IllegalStateException(MISSING_DELEGATE);
    }
  }

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
