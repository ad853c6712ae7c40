package org.tillauth.keycloak.till;

import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.AuthenticatorFactory;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.credential.PasswordCredentialModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ServerInfoAwareProviderFactory;
import org.tillauth.keycloak.support.ExtensionInfo;
import org.tillauth.keycloak.support.WarningThrottle;

/** Registers the till login ({@code till-md5-password}) for direct-grant flows. */
public final class TillMd5PasswordAuthenticatorFactory
    implements AuthenticatorFactory, ServerInfoAwareProviderFactory {

  public static final String PROVIDER_ID = "till-md5-password";

  private static final AuthenticationExecutionModel.Requirement[] REQUIREMENT_CHOICES = {
    AuthenticationExecutionModel.Requirement.REQUIRED,
    AuthenticationExecutionModel.Requirement.DISABLED
  };

  // Stateless apart from the warning throttle, which is meant to be shared by all logins.
  private final TillMd5PasswordAuthenticator authenticator =
      new TillMd5PasswordAuthenticator(
          new WarningThrottle(Logger.getLogger(TillMd5PasswordAuthenticator.class)));

  @Override
  public Authenticator create(KeycloakSession session) {
    return authenticator;
  }

  @Override
  public String getId() {
    return PROVIDER_ID;
  }

  @Override
  public String getDisplayType() {
    return "Till MD5 password";
  }

  @Override
  public String getHelpText() {
    return "Direct grant: validates a till (user with realm role 'till') by its till code"
        + " ('username') and the MD5 hex digest of its password ('password').";
  }

  /** "password" makes failures count for brute-force detection (Keycloak 26.6+). */
  @Override
  public String getReferenceCategory() {
    return PasswordCredentialModel.TYPE;
  }

  @Override
  public boolean isConfigurable() {
    return true;
  }

  @Override
  public AuthenticationExecutionModel.Requirement[] getRequirementChoices() {
    return REQUIREMENT_CHOICES;
  }

  @Override
  public boolean isUserSetupAllowed() {
    return false;
  }

  @Override
  public List<ProviderConfigProperty> getConfigProperties() {
    return TillLoginConfig.PROPERTIES;
  }

  @Override
  public void init(Config.Scope config) {}

  /** Every deployment of the till login also refuses putting a till into a second store. */
  @Override
  public void postInit(KeycloakSessionFactory factory) {
    for (String event : List.of(STORE_GUARD_EVENTS)) {
      try {
        Class.forName(event, false, KeycloakSessionFactory.class.getClassLoader());
      } catch (ClassNotFoundException | LinkageError e) {
        Logger.getLogger(TillMd5PasswordAuthenticatorFactory.class)
            .warnf(
                "This Keycloak has no %s: putting a till into a second store is refused only when"
                    + " the till is used, not when it is saved",
                event);
        return;
      }
    }
    factory.register(new StoreMembershipGuard());
  }

  /** The model events {@link StoreMembershipGuard} reads; checked before it is loaded. */
  private static final String[] STORE_GUARD_EVENTS = {
    "org.keycloak.models.GroupModel$GroupMemberJoinEvent",
    "org.keycloak.models.RoleModel$RoleGrantedEvent"
  };

  @Override
  public void close() {}

  @Override
  public Map<String, String> getOperationalInfo() {
    return ExtensionInfo.operationalInfo();
  }
}
