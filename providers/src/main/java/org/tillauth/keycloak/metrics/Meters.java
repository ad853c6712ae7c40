package org.tillauth.keycloak.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import java.util.Locale;
import org.jboss.logging.Logger;
import org.keycloak.models.RealmModel;

/**
 * What every meter class of the extension shares: the registry, the tag names and the rule that a
 * meter never breaks a request.
 *
 * <p>The registry is Micrometer's global one, as Keycloak's own event metrics use: Keycloak adds
 * its Prometheus registry to it when started with {@code --metrics-enabled=true} and serves it on
 * the management port ({@code /metrics}). Without that option the global registry has no member and
 * every meter is a no-op. Micrometer keeps the meters; nothing here holds state.
 *
 * <p>Cardinality rule: tags are the realm and a value from a fixed list (an outcome, a status, a
 * credential type, a change). Never a till code, a client id, a path or anything a caller chooses.
 */
final class Meters {

  /** Every meter name starts with this (Prometheus: {@code tillauth_...}). */
  static final String PREFIX = "tillauth.";

  static final String REALM = "realm";
  static final String OUTCOME = "outcome";

  private static final Logger LOG = Logger.getLogger(Meters.class);

  private Meters() {}

  static MeterRegistry registry() {
    return Metrics.globalRegistry;
  }

  static String realm(RealmModel realm) {
    return realm == null ? "" : realm.getName();
  }

  /** An enum constant as a tag value: {@code WRONG_DIGEST} becomes {@code wrong_digest}. */
  static String tag(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }

  /**
   * Whether any registry listens (Keycloak started with metrics enabled). Without one, a meter
   * update would still build its id and look it up in the empty global registry (about a
   * microsecond, measured by bench/jmh MetersBenchmark): the updates skip all of that instead.
   */
  static boolean enabled() {
    return !Metrics.globalRegistry.getRegistries().isEmpty();
  }

  /**
   * Runs a meter update when metrics are enabled. A metric must never fail the request it measures:
   * whatever the registry throws (or a Keycloak without Micrometer on the class path) is logged at
   * debug and dropped.
   */
  static void safely(Runnable update) {
    try {
      if (enabled()) {
        update.run();
      }
    } catch (RuntimeException | LinkageError e) {
      LOG.debugf(e, "Meter update dropped");
    }
  }

  /**
   * Registers meters whether or not a registry listens yet: Keycloak may add its Prometheus
   * registry after the provider factories start, and Micrometer hands it every meter registered
   * before.
   */
  static void register(Runnable registration) {
    try {
      registration.run();
    } catch (RuntimeException | LinkageError e) {
      LOG.debugf(e, "Meter registration dropped");
    }
  }
}
