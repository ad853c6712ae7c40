package org.tillauth.keycloak.customer;

import jakarta.ws.rs.core.Response;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.Authenticator;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.tillauth.keycloak.till.TillDirectory;

/**
 * Ends a customer-app login of a till (a user holding realm role {@code till}) on a themed error
 * page. Unlike Keycloak's "Deny access" it does not report a failed login: a till that opens the
 * wrong app with its correct password must not be locked out of its own POS by brute-force
 * detection.
 */
final class RefuseTillsAuthenticator implements Authenticator {

  /** Key in the login theme's messages bundle. */
  static final String MESSAGE = "tillAuthTillNotAllowedInCustomerApps";

  @Override
  public void authenticate(AuthenticationFlowContext context) {
    UserModel user = context.getUser();
    if (user == null || !TillDirectory.isTillRoleHolder(context.getRealm(), user)) {
      context.success();
      return;
    }
    context.getEvent().user(user);
    context.getEvent().detail(Details.REASON, "till accounts cannot sign in to customer apps");
    context.getEvent().error(Errors.ACCESS_DENIED);
    context.forceChallenge(
        context.form().setError(MESSAGE).createErrorPage(Response.Status.UNAUTHORIZED));
  }

  @Override
  public void action(AuthenticationFlowContext context) {
    authenticate(context);
  }

  @Override
  public boolean requiresUser() {
    return true;
  }

  @Override
  public boolean configuredFor(KeycloakSession session, RealmModel realm, UserModel user) {
    return true;
  }

  @Override
  public void setRequiredActions(KeycloakSession session, RealmModel realm, UserModel user) {}

  @Override
  public void close() {}
}
