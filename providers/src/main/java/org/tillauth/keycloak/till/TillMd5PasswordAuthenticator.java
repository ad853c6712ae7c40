package org.tillauth.keycloak.till;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.AuthenticationFlowError;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.authenticators.browser.AbstractUsernameFormAuthenticator;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.PasswordCredentialModel;
import org.keycloak.representations.idm.OAuth2ErrorRepresentation;
import org.keycloak.services.managers.AuthenticationManager;
import org.tillauth.keycloak.metrics.TillLoginMeters;
import org.tillauth.keycloak.support.WarningThrottle;

/**
 * Direct-grant login for tills: {@code username} is the till code, {@code password} the MD5 hex
 * digest of the till password. Every "not this till" outcome answers exactly like a wrong password
 * and spends one password hash, so neither status, body nor timing tells tills from non-tills.
 */
final class TillMd5PasswordAuthenticator implements Authenticator {

  private final WarningThrottle warnings;

  TillMd5PasswordAuthenticator(WarningThrottle warnings) {
    this.warnings = warnings;
  }

  static final String BASIC_AUTH_DISABLED =
      "Basic authentication is disabled for this organization";
  static final String NOT_A_DIGEST =
      "Password must be the MD5 hex digest of the till password (32 hexadecimal characters)";
  static final String MISSING_USERNAME = "Missing parameter: username";
  static final String INVALID_CREDENTIALS = "Invalid user credentials";

  @Override
  public void authenticate(AuthenticationFlowContext context) {
    long started = System.nanoTime();
    var form = context.getHttpRequest().getDecodedFormParameters();
    TillLoginConfig config = TillLoginConfig.of(context.getAuthenticatorConfig());
    TillLogin login =
        new TillLogin(context.getSession(), context.getRealm(), warnings)
            .allowParallelLogins(config.parallelLogins());
    TillLogin.Attempt attempt =
        login.attempt(
            config.basicAuthEnabled(),
            form.getFirst(AuthenticationManager.FORM_USERNAME),
            form.getFirst(PasswordCredentialModel.TYPE),
            login.storedCredentialCheck());
    attempt.recordOn(context.getEvent());
    TillLoginMeters.record(context.getRealm(), attempt, started);
    // The flow counts a failure against the attempted till (reference category "password").
    attempt
        .till()
        .ifPresent(
            till ->
                context
                    .getAuthenticationSession()
                    .setAuthNote(
                        AbstractUsernameFormAuthenticator.ATTEMPTED_USERNAME, till.code()));
    switch (attempt.outcome()) {
      case SUCCESS -> {
        UserModel till = attempt.user().orElseThrow();
        context.setUser(till);
        // No credential type: Keycloak (26.6+) then starts no background success processing,
        // during which its protector would refuse the till's next login; a failure record, where
        // there is one, is cleared here instead.
        login.clearRecordedFailures(till);
        context.success();
      }
      case SWITCHED_OFF ->
          context.failure(
              AuthenticationFlowError.ACCESS_DENIED,
              error(Response.Status.BAD_REQUEST, "unauthorized_client", BASIC_AUTH_DISABLED));
      case MISSING_CODE ->
          context.failure(
              AuthenticationFlowError.INVALID_USER,
              error(Response.Status.BAD_REQUEST, "invalid_request", MISSING_USERNAME));
      case MALFORMED_DIGEST ->
          context.failure(
              AuthenticationFlowError.INVALID_CREDENTIALS,
              error(Response.Status.BAD_REQUEST, "invalid_request", NOT_A_DIGEST));
      case WRONG_DIGEST ->
          context.failure(AuthenticationFlowError.INVALID_CREDENTIALS, invalidCredentials());
      // Not counted: the password was right; the realm's data is what is wrong.
      case STORE_CONFLICT ->
          context.forceChallenge(
              error(
                  Response.Status.BAD_REQUEST,
                  "invalid_grant",
                  attempt.till().orElseThrow().severalStoresMessage()));
      // forceChallenge: not counted (no credential of a till was checked, or already locked)
      case NOT_A_TILL, LOCKED -> context.forceChallenge(invalidCredentials());
    }
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
