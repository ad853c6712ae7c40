package org.tillauth.keycloak.till;

import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.AuthenticationFlowModel;
import org.keycloak.models.RealmModel;

/**
 * The one place that answers "do tills log in through this client?": the client allows direct
 * access grants and its direct-grant flow (its override, else the realm's) runs the till MD5
 * password authenticator, at any depth of sub-flows.
 */
public final class TillLoginClients {

  /** Sub-flows nest rarely more than twice; a bound keeps a cyclic import from looping. */
  private static final int MAX_DEPTH = 8;

  private TillLoginClients() {}

  /**
   * @param directGrantFlowId the client's direct-grant flow override, or null for the realm's flow
   */
  public static boolean isTillLoginClient(
      RealmModel realm, boolean directAccessGrants, String directGrantFlowId) {
    if (realm == null || !directAccessGrants) {
      return false;
    }
    String flowId = directGrantFlowId;
    if (flowId == null || flowId.isBlank()) {
      AuthenticationFlowModel realmFlow = realm.getDirectGrantFlow();
      flowId = realmFlow == null ? null : realmFlow.getId();
    }
    return flowId != null && runsTillLogin(realm, flowId, 0);
  }

  private static boolean runsTillLogin(RealmModel realm, String flowId, int depth) {
    if (depth > MAX_DEPTH || realm.getAuthenticationFlowById(flowId) == null) {
      return false;
    }
    return realm
        .getAuthenticationExecutionsStream(flowId)
        .anyMatch(execution -> runsTillLogin(realm, execution, depth));
  }

  private static boolean runsTillLogin(
      RealmModel realm, AuthenticationExecutionModel execution, int depth) {
    if (execution.isDisabled()) {
      return false;
    }
    if (execution.isAuthenticatorFlow()) {
      return execution.getFlowId() != null
          && runsTillLogin(realm, execution.getFlowId(), depth + 1);
    }
    return TillMd5PasswordAuthenticatorFactory.PROVIDER_ID.equals(execution.getAuthenticator());
  }
}
