package org.tillauth.keycloak.gateway;

import java.util.Optional;
import org.keycloak.events.Details;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.managers.BruteForceProtector;
import org.tillauth.keycloak.internals.KeycloakApiBridge;
import org.tillauth.keycloak.support.WarningThrottle;
import org.tillauth.keycloak.till.BasicAuthSwitch;
import org.tillauth.keycloak.till.Till;
import org.tillauth.keycloak.till.TillLogin;
import org.tillauth.keycloak.till.TillPasswordFingerprint;

/**
 * Per-request till Basic credentials, decided by {@link TillLogin} exactly as the token login is,
 * with the verification cache in front of the password hash. Brute-force detection counts wrong
 * digests and a success clears the count, as on the token login. Events: {@code LOGIN_ERROR} on
 * every refusal, {@code LOGIN} on each fresh verification (not on cache hits, which would write an
 * event per API call); both carry {@code auth_method=till-gateway-basic}.
 */
final class TillBasicCheck {

  static final String AUTH_METHOD = "till-gateway-basic";

  private final KeycloakSession session;
  private final RealmModel realm;
  private final VerificationCache cache;
  private final WarningThrottle warnings;

  TillBasicCheck(
      KeycloakSession session,
      RealmModel realm,
      VerificationCache cache,
      WarningThrottle warnings) {
    this.session = session;
    this.realm = realm;
    this.cache = cache;
    this.warnings = warnings;
  }

  /** The till, or the refusal to send. */
  Result check(BasicCredentials credentials) {
    EventBuilder event =
        new EventBuilder(realm, session, session.getContext().getConnection())
            .event(EventType.LOGIN)
            .detail(Details.AUTH_METHOD, AUTH_METHOD);
    TillLogin login = new TillLogin(session, realm, warnings);
    CachedCheck check = new CachedCheck(login.storedCredentialCheck());
    TillLogin.Attempt attempt =
        login.attempt(
            BasicAuthSwitch.enabled(realm), credentials.userId(), credentials.password(), check);
    attempt.recordOn(event);
    BruteForceProtector protector = login.bruteForceProtector();
    attempt
        .failureToCount()
        .filter(till -> realm.isBruteForceProtected())
        .ifPresent(
            till ->
                KeycloakApiBridge.failedPasswordLogin(
                    protector,
                    realm,
                    till,
                    session.getContext().getConnection(),
                    session.getContext().getUri()));
    return switch (attempt.outcome()) {
      case SUCCESS -> {
        Till till = attempt.till().orElseThrow();
        login.clearRecordedFailures(attempt.user().orElseThrow());
        if (!check.hit) {
          event.success();
        }
        yield Result.allowed(till);
      }
      case SWITCHED_OFF -> Result.refused(GatewayError.BASIC_AUTH_DISABLED);
      case STORE_CONFLICT -> {
        // Refused like any bad credential (the gateway's refusals are byte-identical); the log
        // tells the administrator why.
        String message = attempt.till().orElseThrow().severalStoresMessage();
        warnings.warn(
            realm.getId() + "/store-conflict/" + attempt.username(),
            "Gateway refused till Basic credentials in realm '"
                + realm.getName()
                + "': "
                + message);
        yield Result.refused(GatewayError.TILL_REFUSED);
      }
      default -> Result.refused(GatewayError.TILL_REFUSED);
    };
  }

  record Result(Optional<Till> till, Optional<GatewayError> error) {
    static Result allowed(Till till) {
      return new Result(Optional.of(till), Optional.empty());
    }

    static Result refused(GatewayError error) {
      return new Result(Optional.empty(), Optional.of(error));
    }
  }

  /** Cache first; Keycloak's stored credential (one password hash) on a miss. */
  private final class CachedCheck implements TillLogin.DigestCheck {

    private final TillLogin.DigestCheck stored;
    private boolean hit;

    CachedCheck(TillLogin.DigestCheck stored) {
      this.stored = stored;
    }

    @Override
    public boolean matches(UserModel till, String digest) {
      if (!cache.enabled()) {
        return stored.matches(till, digest);
      }
      String key = cache.keyOf(realm.getId(), till.getId(), digest);
      Optional<String> fingerprint = TillPasswordFingerprint.of(till);
      if (fingerprint.isPresent() && cache.isVerified(key, fingerprint.get())) {
        hit = true;
        return true;
      }
      if (!stored.matches(till, digest)) {
        cache.forget(key);
        return false;
      }
      // Read again: a legacy MD5 credential was just re-hashed.
      TillPasswordFingerprint.of(till).ifPresent(current -> cache.remember(key, current));
      return true;
    }
  }
}
