package org.tillauth.keycloak.till;

import java.util.Optional;
import org.keycloak.authentication.authenticators.util.AuthenticatorUtils;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.events.EventBuilder;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.managers.BruteForceProtector;

/**
 * The one place that decides a till login from a till code and an MD5 digest, for the token
 * endpoint's direct grant and the gateway's per-request Basic credentials alike. It records the
 * outcome on the caller's event (details, user, error); the caller turns it into its own response
 * and feeds brute-force detection the way its path requires.
 *
 * <p>Every "not this till" outcome spends one password hash, so status, body and timing tell
 * nothing about which tills exist.
 */
public final class TillLogin {

  /** What happened, in the order the checks run. */
  public enum Outcome {
    SUCCESS,
    /** The organisation switched basic authentication off: no credential is looked at. */
    SWITCHED_OFF,
    MISSING_CODE,
    /** The password is not 32 hex characters: refused before any credential check. */
    MALFORMED_DIGEST,
    /** Unknown user, disabled, service account, or no {@code till} role. */
    NOT_A_TILL,
    /** A till locked by brute-force detection. */
    LOCKED,
    /** A till with a wrong digest: the only outcome that counts as a failed login. */
    WRONG_DIGEST
  }

  /** The outcome, and the till when the code named one (also for {@code LOCKED}/{@code WRONG}). */
  public record Attempt(Outcome outcome, Optional<Till> till) {

    public boolean succeeded() {
      return outcome == Outcome.SUCCESS;
    }

    /** The user to count a failed login against, when the failure is one brute force counts. */
    public Optional<UserModel> failureToCount() {
      return outcome == Outcome.WRONG_DIGEST ? till.map(Till::user) : Optional.empty();
    }
  }

  /** Checks a well-formed digest against a till's stored password. */
  @FunctionalInterface
  public interface DigestCheck {
    boolean matches(UserModel till, String digest);
  }

  private final KeycloakSession session;
  private final RealmModel realm;
  private final TillCredentialVerifier verifier;

  public TillLogin(KeycloakSession session, RealmModel realm) {
    this.session = session;
    this.realm = realm;
    this.verifier = new TillCredentialVerifier(session, realm);
  }

  /** Keycloak's own verification against the stored credential (one password hash). */
  public DigestCheck storedCredentialCheck() {
    return verifier::verify;
  }

  /**
   * Decides the login. {@code switchOn} is the organisation's "Enable basic authentication"; the
   * event gets the username, the user and, on failure, Keycloak's error code (the caller sends it).
   */
  public Attempt attempt(
      boolean switchOn, String code, String password, DigestCheck check, EventBuilder event) {
    if (!switchOn) {
      event.detail(Details.REASON, "basic authentication disabled");
      event.error(Errors.NOT_ALLOWED);
      return new Attempt(Outcome.SWITCHED_OFF, Optional.empty());
    }
    if (code == null || code.isBlank()) {
      event.error(Errors.USER_NOT_FOUND);
      return new Attempt(Outcome.MISSING_CODE, Optional.empty());
    }
    event.detail(Details.USERNAME, code);
    Optional<String> digest = Md5Digest.normalize(password);
    if (digest.isEmpty()) {
      event.error(Errors.INVALID_REQUEST);
      return new Attempt(Outcome.MALFORMED_DIGEST, Optional.empty());
    }

    UserModel user = session.users().getUserByUsername(realm, code);
    Optional<Till> till = TillDirectory.asTill(realm, user);
    if (till.isEmpty()) {
      verifier.spendDummyHash(digest.get());
      recordNotATill(event, user);
      return new Attempt(Outcome.NOT_A_TILL, Optional.empty());
    }
    event.user(user);
    String lockout =
        AuthenticatorUtils.getDisabledByBruteForceEventError(
            session.getProvider(BruteForceProtector.class), session, realm, user);
    if (lockout != null) {
      verifier.spendDummyHash(digest.get());
      event.error(lockout);
      return new Attempt(Outcome.LOCKED, till);
    }
    if (!check.matches(user, digest.get())) {
      event.error(Errors.INVALID_USER_CREDENTIALS);
      return new Attempt(Outcome.WRONG_DIGEST, till);
    }
    return new Attempt(Outcome.SUCCESS, till);
  }

  private void recordNotATill(EventBuilder event, UserModel user) {
    if (user == null) {
      event.error(Errors.USER_NOT_FOUND);
      return;
    }
    event.user(user);
    event.detail(Details.REASON, reasonNotATill(user));
    event.error(user.isEnabled() ? Errors.INVALID_USER : Errors.USER_DISABLED);
  }

  private String reasonNotATill(UserModel user) {
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
}
