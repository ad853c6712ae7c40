package org.tillauth.keycloak.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import org.keycloak.models.RealmModel;

/**
 * API clients: how their tokens are attributed, how their hashed secrets check out, and the tokens
 * the lifespan policy shortens.
 *
 * <ul>
 *   <li>{@code tillauth_api_client_tokens_total{realm, outcome}}: client-credentials token requests
 *       of clients with a till-attribution mapper; {@link Attribution}.
 *   <li>{@code tillauth_client_secret_checks_total{realm, outcome}}: client authentications by the
 *       hashed-secret authenticator; {@link SecretCheck}.
 *   <li>{@code tillauth_token_lifespan_clamps_total{realm}}: token responses whose access token the
 *       {@code token-lifespan-limit} executor shortened to the ceiling.
 * </ul>
 */
public final class ApiClientMeters {

  static final String TOKENS = Meters.PREFIX + "api.client.tokens";
  static final String SECRET_CHECKS = Meters.PREFIX + "client.secret.checks";
  static final String CLAMPS = Meters.PREFIX + "token.lifespan.clamps";

  /** How a client-credentials token was attributed. */
  public enum Attribution {
    /** The till or store named in the request headers. */
    HEADER,
    /** No till named: the client's default till. */
    DEFAULT,
    /** An invalid till named, and the client falls back to its default till. */
    FALLBACK,
    /** The request was refused (400 invalid_request): nothing minted. */
    REFUSED
  }

  /** How a hashed client secret checked out. */
  public enum SecretCheck {
    ACCEPTED,
    /** The previous secret, still inside its grace period after a regeneration. */
    ACCEPTED_IN_GRACE,
    /** A missing or wrong secret. */
    INVALID_SECRET,
    /** The right secret sent by a method the client does not allow (basic / post). */
    METHOD_NOT_ALLOWED,
    UNKNOWN_CLIENT,
    DISABLED
  }

  private static final Meter.MeterProvider<Counter> TOKEN_COUNTER =
      Counter.builder(TOKENS)
          .description("API-client token requests, by till attribution outcome")
          .withRegistry(Meters.registry());

  private static final Meter.MeterProvider<Counter> SECRET_COUNTER =
      Counter.builder(SECRET_CHECKS)
          .description("Hashed client secret checks, by outcome")
          .withRegistry(Meters.registry());

  private static final Meter.MeterProvider<Counter> CLAMP_COUNTER =
      Counter.builder(CLAMPS)
          .description("Token responses shortened to the organisation's lifespan ceiling")
          .withRegistry(Meters.registry());

  private ApiClientMeters() {}

  public static void attributed(RealmModel realm, Attribution outcome) {
    Meters.safely(
        () ->
            TOKEN_COUNTER
                .withTags(Meters.REALM, Meters.realm(realm), Meters.OUTCOME, Meters.tag(outcome))
                .increment());
  }

  public static void secretChecked(RealmModel realm, SecretCheck outcome) {
    Meters.safely(
        () ->
            SECRET_COUNTER
                .withTags(Meters.REALM, Meters.realm(realm), Meters.OUTCOME, Meters.tag(outcome))
                .increment());
  }

  public static void clamped(RealmModel realm) {
    Meters.safely(() -> CLAMP_COUNTER.withTags(Meters.REALM, Meters.realm(realm)).increment());
  }
}
