package org.tillauth.keycloak.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import org.keycloak.models.RealmModel;

/**
 * The gateway's forward-authentication endpoint ({@code /realms/{realm}/till-auth/verify}).
 *
 * <ul>
 *   <li>{@code tillauth_gateway_verifications_total{realm, credential, status}}: one per request;
 *       {@code credential} is {@code basic}, {@code bearer}, {@code none} (nothing presented) or
 *       {@code malformed} (unusable or conflicting headers); {@code status} the HTTP status
 *       answered (200, 401, 403, 500).
 *   <li>{@code tillauth_gateway_verification_duration_seconds{realm}}: a histogram with fixed
 *       buckets.
 *   <li>{@code tillauth_gateway_cache_hits_total}, {@code _misses_total}, {@code _evictions_total}
 *       and the gauge {@code tillauth_gateway_cache_entries}: the node's verification cache (one
 *       per node, no realm tag).
 *   <li>{@code tillauth_gateway_route_table_invalid_total{realm}}: requests decided while the
 *       realm's route table has problems (API clients are denied until it is fixed).
 * </ul>
 *
 * <p>The gateway answers a cached till in about 100 µs, so a per-request meter lookup shows: an
 * instance (one per node, held by the gateway's factory next to its verification cache) resolves
 * each realm's timer and each realm, credential and status counter from Keycloak's registry once
 * and keeps the handles. They are Micrometer's own meters, which the registry keeps for the node's
 * life anyway, so the maps hold nothing the registry does not; a registry Keycloak adds later is
 * handed every meter by Micrometer, handles included.
 */
public final class GatewayMeters {

  static final String VERIFICATIONS = Meters.PREFIX + "gateway.verifications";
  static final String DURATION = Meters.PREFIX + "gateway.verification.duration";
  static final String CACHE_HITS = Meters.PREFIX + "gateway.cache.hits";
  static final String CACHE_MISSES = Meters.PREFIX + "gateway.cache.misses";
  static final String CACHE_EVICTIONS = Meters.PREFIX + "gateway.cache.evictions";
  static final String CACHE_ENTRIES = Meters.PREFIX + "gateway.cache.entries";
  static final String ROUTE_TABLE_INVALID = Meters.PREFIX + "gateway.route.table.invalid";

  static final String CREDENTIAL = "credential";
  static final String STATUS = "status";

  /** The credential a request presented, as the {@code credential} tag says it. */
  public enum Credential {
    BASIC,
    BEARER,
    NONE,
    MALFORMED
  }

  private static final Meter.MeterProvider<Counter> VERIFIED =
      Counter.builder(VERIFICATIONS)
          .description("Gateway verifications, by credential type and HTTP status")
          .withRegistry(Meters.registry());

  private static final Meter.MeterProvider<Timer> TIMER =
      Timer.builder(DURATION)
          .description("Time to answer a gateway verification")
          .serviceLevelObjectives(
              Duration.ofMillis(1),
              Duration.ofMillis(2),
              Duration.ofMillis(5),
              Duration.ofMillis(10),
              Duration.ofMillis(25),
              Duration.ofMillis(50),
              Duration.ofMillis(100),
              Duration.ofMillis(250),
              Duration.ofMillis(500),
              Duration.ofSeconds(1))
          .withRegistry(Meters.registry());

  private static final Meter.MeterProvider<Counter> INVALID_ROUTES =
      Counter.builder(ROUTE_TABLE_INVALID)
          .description("Gateway requests decided while the realm's route table is invalid")
          .withRegistry(Meters.registry());

  private record VerificationKey(String realm, Credential credential, int status) {}

  private final ConcurrentMap<VerificationKey, Counter> verified = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, Timer> timers = new ConcurrentHashMap<>();

  /** Counts an answered verification and its time since {@code startedNanos}. */
  public void verification(RealmModel realm, Credential credential, int status, long startedNanos) {
    Meters.safely(
        () -> {
          long elapsed = System.nanoTime() - startedNanos;
          String name = Meters.realm(realm);
          verified
              .computeIfAbsent(
                  new VerificationKey(name, credential, status), GatewayMeters::counter)
              .increment();
          timers
              .computeIfAbsent(name, realmName -> TIMER.withTags(Meters.REALM, realmName))
              .record(elapsed, TimeUnit.NANOSECONDS);
        });
  }

  private static Counter counter(VerificationKey key) {
    return VERIFIED.withTags(
        Meters.REALM,
        key.realm(),
        CREDENTIAL,
        Meters.tag(key.credential()),
        STATUS,
        Integer.toString(key.status()));
  }

  public static void invalidRouteTable(RealmModel realm) {
    Meters.safely(() -> INVALID_ROUTES.withTags(Meters.REALM, Meters.realm(realm)).increment());
  }

  /**
   * Reads the node's verification cache into meters: the counts stay in the cache (which counts
   * them anyway), Micrometer reads them when scraped and holds the cache only weakly.
   */
  public static <T> void bindCache(
      T cache,
      ToDoubleFunction<T> hits,
      ToDoubleFunction<T> misses,
      ToDoubleFunction<T> evictions,
      ToDoubleFunction<T> entries) {
    Meters.register(
        () -> {
          FunctionCounter.builder(CACHE_HITS, cache, hits)
              .description("Gateway Basic verifications answered from the cache")
              .register(Meters.registry());
          FunctionCounter.builder(CACHE_MISSES, cache, misses)
              .description("Gateway Basic verifications that spent a password hash")
              .register(Meters.registry());
          FunctionCounter.builder(CACHE_EVICTIONS, cache, evictions)
              .description("Cache entries dropped because the cache was full")
              .register(Meters.registry());
          Gauge.builder(CACHE_ENTRIES, cache, entries)
              .description("Entries in the gateway verification cache")
              .register(Meters.registry());
        });
  }
}
