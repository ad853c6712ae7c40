package org.tillauth.keycloak.secret;

import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.AuthenticationFlowModel;
import org.keycloak.models.RealmModel;

/**
 * The realm's client authentication flow ("clients"): Keycloak runs only the authenticators in it.
 */
final class ClientFlows {

  private ClientFlows() {}

  static void ensureAlternative(RealmModel realm, String authenticator) {
    AuthenticationFlowModel flow = realm.getClientAuthenticationFlow();
    if (flow == null) {
      return;
    }
    boolean present =
        realm
            .getAuthenticationExecutionsStream(flow.getId())
            .anyMatch(e -> authenticator.equals(e.getAuthenticator()));
    if (present) {
      return;
    }
    // First: Keycloak runs the alternatives in order until one owns the client, so a hashed-secret
    // client would otherwise pay for every stock authenticator first. Clients of other
    // authenticators pass this one after a cached client lookup.
    int first =
        realm
            .getAuthenticationExecutionsStream(flow.getId())
            .mapToInt(AuthenticationExecutionModel::getPriority)
            .min()
            .orElse(10);
    AuthenticationExecutionModel execution = new AuthenticationExecutionModel();
    execution.setParentFlow(flow.getId());
    execution.setAuthenticator(authenticator);
    execution.setAuthenticatorFlow(false);
    execution.setRequirement(AuthenticationExecutionModel.Requirement.ALTERNATIVE);
    execution.setPriority(first - 5);
    realm.addAuthenticatorExecution(execution);
  }
}
