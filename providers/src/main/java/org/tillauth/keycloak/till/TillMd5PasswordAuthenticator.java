package org.tillauth.keycloak.till;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.AuthenticationFlowError;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.authenticators.browser.AbstractUsernameFormAuthenticator;
import org.keycloak.authentication.authenticators.util.AuthenticatorUtils;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.PasswordCredentialModel;
import org.keycloak.representations.idm.OAuth2ErrorRepresentation;
import org.keycloak.services.managers.AuthenticationManager;

/**
 * Direct-grant login for tills: {@code username} is the till code, {@code password} the MD5 hex
 * digest of the till password. Every "not this till" outcome answers exactly like a wrong password
 * and spends one password hash, so neither status, body nor timing tells tills from non-tills.
 */
final class TillMd5PasswordAuthenticator implements Authenticator {

  static final String BASIC_AUTH_DISABLED =
      "Basic authentication is disabled for this organization";
  static final String NOT_A_DIGEST =
      "Password must be the MD5 hex digest of the till password (32 hexadecimal characters)";
  static final String MISSING_USERNAME = "Missing parameter: username";
  static final String INVALID_CREDENTIALS = "Invalid user credentials";

  @Override
  public void authenticate(AuthenticationFlowContext context) {
    if (!TillLoginConfig.of(context.getAuthenticatorConfig()).basicAuthEnabled()) {
      context.getEvent().detail(Details.REASON, "basic authentication disabled");
      context.getEvent().error(Errors.NOT_ALLOWED);
      context.failure(
          AuthenticationFlowError.ACCESS_DENIED,
          error(Response.Status.BAD_REQUEST, "unauthorized_client", BASIC_AUTH_DISABLED));
      return;
    }

    var form = context.getHttpRequest().getDecodedFormParameters();
    String code = form.getFirst(AuthenticationManager.FORM_USERNAME);
    if (code == null || code.isBlank()) {
      context.getEvent().error(Errors.USER_NOT_FOUND);
      context.failure(
          AuthenticationFlowError.INVALID_USER,
          error(Response.Status.BAD_REQUEST, "invalid_request", MISSING_USERNAME));
      return;
    }
    context.getEvent().detail(Details.USERNAME, code);

    Optional<String> digest = Md5Digest.normalize(form.getFirst(PasswordCredentialModel.TYPE));
    if (digest.isEmpty()) {
      context.getEvent().error(Errors.INVALID_REQUEST);
      context.failure(
          AuthenticationFlowError.INVALID_CREDENTIALS,
          error(Response.Status.BAD_REQUEST, "invalid_request", NOT_A_DIGEST));
      return;
    }

    KeycloakSession session = context.getSession();
    RealmModel realm = context.getRealm();
    TillCredentialVerifier verifier = new TillCredentialVerifier(session, realm);
    UserModel user = session.users().getUserByUsername(realm, code);
    Optional<Till> till = TillDirectory.asTill(realm, user);
    if (till.isEmpty()) {
      verifier.spendDummyHash(digest.get());
      rejectNonTill(context, user);
      return;
    }

    // Counted by brute-force detection from here on (the reference category is "password").
    context
        .getAuthenticationSession()
        .setAuthNote(AbstractUsernameFormAuthenticator.ATTEMPTED_USERNAME, user.getUsername());
    context.getEvent().user(user);
    String bruteForceError = AuthenticatorUtils.getDisabledByBruteForceEventError(context, user);
    if (bruteForceError != null) {
      verifier.spendDummyHash(digest.get());
      context.getEvent().error(bruteForceError);
      context.forceChallenge(invalidCredentials());
      return;
    }
    if (!verifier.verify(user, digest.get())) {
      context.getEvent().error(Errors.INVALID_USER_CREDENTIALS);
      context.failure(AuthenticationFlowError.INVALID_CREDENTIALS, invalidCredentials());
      return;
    }
    context.setUser(user);
    context.success(PasswordCredentialModel.TYPE);
  }

  private static void rejectNonTill(AuthenticationFlowContext context, UserModel user) {
    if (user == null) {
      context.getEvent().error(Errors.USER_NOT_FOUND);
    } else {
      context.getEvent().user(user);
      context.getEvent().detail(Details.REASON, reasonNotATill(context.getRealm(), user));
      context.getEvent().error(user.isEnabled() ? Errors.INVALID_USER : Errors.USER_DISABLED);
    }
    // forceChallenge: not counted against a user who is not a till (no credential was checked)
    context.forceChallenge(invalidCredentials());
  }

  private static String reasonNotATill(RealmModel realm, UserModel user) {
    if (!user.isEnabled()) {
      return "till disabled";
    }
    if (user.getServiceAccountClientLink() != null) {
      return "user is a service account";
    }
    return TillDirectory.isTillRoleHolder(realm, user)
        ? "not a till"
        : "user lacks realm role " + TillDirectory.TILL_ROLE;
  }

  private static Response invalidCredentials() {
    return error(Response.Status.BAD_REQUEST, "invalid_grant", INVALID_CREDENTIALS);
  }

  private static Response error(Response.Status status, String error, String description) {
    return Response.status(status)
        .entity(new OAuth2ErrorRepresentation(error, description))
        .type(MediaType.APPLICATION_JSON_TYPE)
        .build();
  }

  @Override
  public void action(AuthenticationFlowContext context) {}

  @Override
  public boolean requiresUser() {
    return false;
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
