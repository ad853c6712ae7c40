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
import org.tillauth.keycloak.internals.KeycloakApiBridge;
import org.tillauth.keycloak.support.JsonBodies;
import org.tillauth.keycloak.support.WarningThrottle;

/**
 * The one place that decides a till login from a till code and an MD5 digest, for the token
 * endpoint's direct grant and the gateway's per-request Basic credentials alike. The caller records
 * the outcome on its event, turns it into its own response and feeds brute-force detection the way
 * its path requires.
 *
 * <p>Every "not this till" outcome spends one password hash, so status, body and timing tell
 * nothing about which tills exist.
 */
public final class TillLogin {

  /** Keycloak's username column holds 255 characters. */
  static final int MAX_CODE_LENGTH = 255;

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
    WRONG_DIGEST,
    /**
     * The right digest, but the till is in more than one store: refused with a message that says so
     * (only someone holding the till's password learns it), not counted as a failure.
     */
    STORE_CONFLICT
  }

  /**
   * The outcome, the till when the code named one (also for {@code LOCKED} and {@code
   * WRONG_DIGEST}), and what Keycloak's event for it says.
   */
  public record Attempt(
      Outcome outcome,
      Optional<Till> till,
      Optional<UserModel> user,
      String username,
      String reason,
      String eventError) {

    public boolean succeeded() {
      return outcome == Outcome.SUCCESS;
    }

    /** The user to count a failed login against, when the failure is one brute force counts. */
    public Optional<UserModel> failureToCount() {
      return outcome == Outcome.WRONG_DIGEST ? user : Optional.empty();
    }

    /**
     * Writes the attempt on the caller's event: username, user and reason, then (on failure)
     * Keycloak's error code, which sends the event. Success is left to the caller to send.
     */
    public void recordOn(EventBuilder event) {
      if (username != null) {
        event.detail(Details.USERNAME, username);
      }
      user.ifPresent(event::user);
      if (reason != null) {
        event.detail(Details.REASON, reason);
      }
      if (eventError != null) {
        event.error(eventError);
      }
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
  private BruteForceProtector protector;
  private boolean parallelLogins;

  /**
   * @param warnings the calling provider factory's throttle for configuration warnings (a stored
   *     password that cannot be verified from a digest)
   */
  public TillLogin(KeycloakSession session, RealmModel realm, WarningThrottle warnings) {
    this.session = session;
    this.realm = realm;
    this.verifier = new TillCredentialVerifier(session, realm, warnings);
  }

  /** Keycloak's brute-force protector, looked up once per login (the caller reuses it). */
  public BruteForceProtector bruteForceProtector() {
    if (protector == null) {
      protector = session.getProvider(BruteForceProtector.class);
    }
    return protector;
  }

  /**
   * Lets logins of one till overlap (the till step's "Parallel logins of one till"). Keycloak's
   * default protector refuses a login as temporarily disabled while another login of the same user
   * is in progress on this node, including the background processing of the previous one; with this
   * on, the lockout is read from the failure record alone. Wrong digests are still counted, and the
   * till is still locked once they reach the realm's limit.
   */
  public TillLogin allowParallelLogins(boolean allow) {
    parallelLogins = allow;
    return this;
  }

  /**
   * After a successful login: ends the till's failure record, where there is one, the way a
   * successful password login does. With no record there is nothing to clear, and Keycloak's
   * background success processing is not started: while it runs, Keycloak's default protector
   * refuses the till's next login (the 1-5% of sequential logins once refused).
   */
  public void clearRecordedFailures(UserModel till) {
    if (realm.isBruteForceProtected()
        && session.loginFailures().getUserLoginFailure(realm, till.getId()) != null) {
      KeycloakApiBridge.successfulPasswordLogin(
          bruteForceProtector(),
          realm,
          till,
          session.getContext().getConnection(),
          session.getContext().getUri());
    }
  }

  /** The protector that reads the lockout: the failure record alone when logins may overlap. */
  private BruteForceProtector lockoutReader() {
    BruteForceProtector keycloaks = bruteForceProtector();
    return parallelLogins ? KeycloakApiBridge.nonBlocking(session, keycloaks) : keycloaks;
  }

  /** Keycloak's own verification against the stored credential (one password hash). */
  public DigestCheck storedCredentialCheck() {
    return verifier::verify;
  }

  /**
   * Decides the login. {@code switchOn} is the organisation's "Enable basic authentication"; the
   * caller records the result on its event ({@link Attempt#recordOn}) and answers in its own
   * format.
   */
  public Attempt attempt(boolean switchOn, String code, String password, DigestCheck check) {
    if (!switchOn) {
      return failure(
          Outcome.SWITCHED_OFF,
          null,
          null,
          null,
          "basic authentication disabled",
          Errors.NOT_ALLOWED);
    }
    if (code == null || code.isBlank()) {
      return failure(Outcome.MISSING_CODE, null, null, null, null, Errors.USER_NOT_FOUND);
    }
    Optional<String> digest = Md5Digest.normalize(password);
    if (digest.isEmpty()) {
      return failure(Outcome.MALFORMED_DIGEST, null, null, code, null, Errors.INVALID_REQUEST);
    }

    if (!JsonBodies.isLookupSafe(code, MAX_CODE_LENGTH)) {
      // No till can have this code, and PostgreSQL refuses a NUL in the query: an unknown till
      // (same hash spent), without the code on the event.
      verifier.spendDummyHash(digest.get());
      return failure(Outcome.NOT_A_TILL, null, null, null, null, Errors.USER_NOT_FOUND);
    }
    UserModel user = session.users().getUserByUsername(realm, code);
    Optional<Till> till = TillDirectory.asTill(realm, user);
    if (till.isEmpty()) {
      verifier.spendDummyHash(digest.get());
      if (user == null) {
        return failure(Outcome.NOT_A_TILL, null, null, code, null, Errors.USER_NOT_FOUND);
      }
      return failure(
          Outcome.NOT_A_TILL,
          null,
          user,
          code,
          reasonNotATill(user),
          user.isEnabled() ? Errors.INVALID_USER : Errors.USER_DISABLED);
    }
    String lockout =
        AuthenticatorUtils.getDisabledByBruteForceEventError(lockoutReader(), session, realm, user);
    if (lockout != null) {
      verifier.spendDummyHash(digest.get());
      return failure(Outcome.LOCKED, till.get(), user, code, null, lockout);
    }
    if (!check.matches(user, digest.get())) {
      return failure(
          Outcome.WRONG_DIGEST, till.get(), user, code, null, Errors.INVALID_USER_CREDENTIALS);
    }
    if (till.get().inSeveralStores()) {
      return failure(
          Outcome.STORE_CONFLICT,
          till.get(),
          user,
          code,
          "till in more than one store",
          Errors.INVALID_USER);
    }
    return new Attempt(Outcome.SUCCESS, till, Optional.of(user), code, null, null);
  }

  private static Attempt failure(
      Outcome outcome, Till till, UserModel user, String username, String reason, String error) {
    return new Attempt(
        outcome, Optional.ofNullable(till), Optional.ofNullable(user), username, reason, error);
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
        : "user lacks realm role " + TillDirectory.tillRole();
  }
}
