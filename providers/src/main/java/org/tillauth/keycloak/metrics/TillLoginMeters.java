package org.tillauth.keycloak.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.keycloak.events.Errors;
import org.keycloak.models.RealmModel;
import org.tillauth.keycloak.till.TillLogin;

/**
 * Till logins at the token endpoint (direct grant with a till code and an MD5 digest).
 *
 * <ul>
 *   <li>{@code tillauth_till_logins_total{realm, outcome}}: one per attempt. The outcome is {@link
 *       TillLogin.Outcome} in lower case, except that a disabled account ({@code not_a_till} with
 *       Keycloak's {@code user_disabled}) is {@code disabled}.
 *   <li>{@code tillauth_till_login_duration_seconds{realm}}: the time of the decision, a histogram
 *       with fixed buckets; the password hash (Argon2) is most of it.
 * </ul>
 *
 * Gateway requests with till Basic credentials are counted by {@link GatewayMeters}, not here: a
 * gateway sends them on every API call.
 */
public final class TillLoginMeters {

  static final String LOGINS = Meters.PREFIX + "till.logins";
  static final String DURATION = Meters.PREFIX + "till.login.duration";

  /** A distinct outcome tag for a disabled account, which the login folds into NOT_A_TILL. */
  static final String DISABLED = "disabled";

  private static final Meter.MeterProvider<Counter> COUNTER =
      Counter.builder(LOGINS)
          .description("Till logins at the token endpoint, by outcome")
          .withRegistry(Meters.registry());

  private static final Meter.MeterProvider<Timer> TIMER =
      Timer.builder(DURATION)
          .description("Time to decide a till login (mostly the password hash)")
          .serviceLevelObjectives(
              Duration.ofMillis(10),
              Duration.ofMillis(25),
              Duration.ofMillis(50),
              Duration.ofMillis(100),
              Duration.ofMillis(250),
              Duration.ofMillis(500),
              Duration.ofSeconds(1),
              Duration.ofMillis(2500),
              Duration.ofSeconds(5))
          .withRegistry(Meters.registry());

  private TillLoginMeters() {}

  /**
   * Counts a decided login and its time since {@code startedNanos} ({@link System#nanoTime()} taken
   * before the decision).
   */
  public static void record(RealmModel realm, TillLogin.Attempt attempt, long startedNanos) {
    Meters.safely(
        () -> {
          long elapsed = System.nanoTime() - startedNanos;
          String name = Meters.realm(realm);
          COUNTER.withTags(Meters.REALM, name, Meters.OUTCOME, outcome(attempt)).increment();
          TIMER.withTags(Meters.REALM, name).record(elapsed, TimeUnit.NANOSECONDS);
        });
  }

  static String outcome(TillLogin.Attempt attempt) {
    if (attempt.outcome() == TillLogin.Outcome.NOT_A_TILL
        && Errors.USER_DISABLED.equals(attempt.eventError())) {
      return DISABLED;
    }
    return Meters.tag(attempt.outcome());
  }
}
