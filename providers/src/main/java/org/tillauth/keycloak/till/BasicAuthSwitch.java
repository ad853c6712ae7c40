package org.tillauth.keycloak.till;

import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.AuthenticatorConfigModel;
import org.keycloak.models.RealmModel;

/**
 * The organisation switch "Enable basic authentication" as a realm-wide fact, for callers outside
 * an authentication flow (the gateway). It is stored where administrators set it: the config of the
 * {@code till-md5-password} step of the realm's flows. Basic authentication is off when any active
 * till step has it off; a realm without a configured step keeps the default (on).
 */
public final class BasicAuthSwitch {

  private BasicAuthSwitch() {}

  public static boolean enabled(RealmModel realm) {
    // Flows and executions come from Keycloak's realm cache: no database read per request.
    return realm
        .getAuthenticationFlowsStream()
        .flatMap(flow -> realm.getAuthenticationExecutionsStream(flow.getId()))
        .filter(BasicAuthSwitch::isActiveTillStep)
        .map(execution -> configOf(realm, execution))
        .allMatch(config -> TillLoginConfig.of(config).basicAuthEnabled());
  }

  private static boolean isActiveTillStep(AuthenticationExecutionModel execution) {
    return TillMd5PasswordAuthenticatorFactory.PROVIDER_ID.equals(execution.getAuthenticator())
        && execution.getRequirement() != AuthenticationExecutionModel.Requirement.DISABLED;
  }

  private static AuthenticatorConfigModel configOf(
      RealmModel realm, AuthenticationExecutionModel execution) {
    String id = execution.getAuthenticatorConfig();
    return id == null ? null : realm.getAuthenticatorConfigById(id);
  }
}
