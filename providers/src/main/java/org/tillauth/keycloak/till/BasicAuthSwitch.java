package org.tillauth.keycloak.till;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

  /** Active till login steps: where the switch is stored. None means tills cannot log in at all. */
  public static int tillSteps(RealmModel realm) {
    return activeTillSteps(realm).size();
  }

  /**
   * Sets the switch in the config of every active till step, where the console's step config edits
   * it, creating the config of a step that has none. Returns the number of steps changed (0: the
   * realm has no till login step, nothing was written).
   */
  public static int set(RealmModel realm, boolean enabled) {
    List<AuthenticationExecutionModel> steps = activeTillSteps(realm);
    for (AuthenticationExecutionModel step : steps) {
      AuthenticatorConfigModel config = configOf(realm, step);
      if (config == null) {
        config = new AuthenticatorConfigModel();
        config.setAlias(uniqueAlias(realm));
        config.setConfig(new HashMap<>(Map.of(TillLoginConfig.BASIC_AUTH_ENABLED, "true")));
        config = realm.addAuthenticatorConfig(config);
        step.setAuthenticatorConfig(config.getId());
        realm.updateAuthenticatorExecution(step);
      }
      Map<String, String> values =
          config.getConfig() == null ? new HashMap<>() : new HashMap<>(config.getConfig());
      values.put(TillLoginConfig.BASIC_AUTH_ENABLED, Boolean.toString(enabled));
      config.setConfig(values);
      realm.updateAuthenticatorConfig(config);
    }
    return steps.size();
  }

  private static List<AuthenticationExecutionModel> activeTillSteps(RealmModel realm) {
    return realm
        .getAuthenticationFlowsStream()
        .flatMap(flow -> realm.getAuthenticationExecutionsStream(flow.getId()))
        .filter(BasicAuthSwitch::isActiveTillStep)
        .toList();
  }

  /** The console refuses a second config with an alias already in use. */
  private static String uniqueAlias(RealmModel realm) {
    String alias = "till basic authentication";
    for (int i = 2; realm.getAuthenticatorConfigByAlias(alias) != null; i++) {
      alias = "till basic authentication " + i;
    }
    return alias;
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
