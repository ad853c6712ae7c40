package org.tillauth.keycloak.secret;

import java.time.Duration;
import java.util.Optional;
import org.keycloak.common.util.Time;
import org.keycloak.models.ClientModel;
import org.keycloak.models.ClientSecretConstants;

/**
 * The hashed secret of a client, kept in client attributes: the current hash and, during a
 * rotation's grace period, the previous one with its end. The secret itself is never stored; the
 * client's own Keycloak secret stays empty.
 */
public final class ClientSecrets {

  static final String HASH = "tillauth.secret.hash";
  static final String ISSUED_AT = "tillauth.secret.issued";
  static final String PREVIOUS_HASH = "tillauth.secret.previous.hash";
  static final String PREVIOUS_EXPIRES = "tillauth.secret.previous.expires";

  /** Longest grace period a rotation may give the previous secret. */
  public static final Duration MAX_GRACE = Duration.ofDays(30);

  private ClientSecrets() {}

  /** A freshly issued secret and, when rotated with a grace period, when the old one stops. */
  public record Issued(String secret, Long previousValidUntil) {}

  public static boolean usesHashedSecret(ClientModel client) {
    return HashedClientSecretAuthenticator.PROVIDER_ID.equals(client.getClientAuthenticatorType());
  }

  /** Whether the client has a secret to authenticate with (one was issued). */
  public static boolean hasSecret(ClientModel client) {
    return SecretHash.isWellFormed(client.getAttribute(HASH));
  }

  /** When the current secret was issued (epoch seconds), if known. */
  public static Optional<Long> issuedAt(ClientModel client) {
    return epochSeconds(client.getAttribute(ISSUED_AT));
  }

  /** When the previous secret stops working, if it still works. */
  public static Optional<Long> previousValidUntil(ClientModel client) {
    return epochSeconds(client.getAttribute(PREVIOUS_EXPIRES))
        .filter(until -> until > Time.currentTime() && client.getAttribute(PREVIOUS_HASH) != null);
  }

  /**
   * Switches the client to the hashed-secret authenticator and issues a new secret, returned this
   * once. With a positive grace period the current secret keeps working for that long; otherwise it
   * stops at once. Any plain Keycloak secret of the client is removed.
   */
  public static Issued issue(ClientModel client, Duration grace) {
    return issue(client, client, grace);
  }

  /**
   * As {@link #issue(ClientModel, Duration)}, with the secret being replaced read from {@code
   * stored}: the client as the database has it, under a row lock, so that the secret another
   * administrator issued a moment ago is the one kept for the grace period (the cached model may
   * still show the one before it).
   */
  public static Issued issue(ClientModel client, ClientModel stored, Duration grace) {
    String secret = SecretHash.newSecret();
    long now = Time.currentTime();
    String current = stored.getAttribute(HASH);
    Long previousValidUntil = null;
    if (grace != null
        && !grace.isZero()
        && !grace.isNegative()
        && SecretHash.isWellFormed(current)
        && usesHashedSecret(stored)) {
      previousValidUntil = now + grace.toSeconds();
      client.setAttribute(PREVIOUS_HASH, current);
      client.setAttribute(PREVIOUS_EXPIRES, String.valueOf(previousValidUntil));
    } else {
      client.removeAttribute(PREVIOUS_HASH);
      client.removeAttribute(PREVIOUS_EXPIRES);
    }
    client.setClientAuthenticatorType(HashedClientSecretAuthenticator.PROVIDER_ID);
    client.setAttribute(HASH, SecretHash.hash(secret));
    client.setAttribute(ISSUED_AT, String.valueOf(now));
    clearPlainSecret(client);
    return new Issued(secret, previousValidUntil);
  }

  /** Which of the client's secrets a presented one is. */
  enum Match {
    CURRENT,
    /** The previous secret, still inside the grace period of a regeneration. */
    PREVIOUS_IN_GRACE,
    NONE
  }

  /** Whether {@code presented} is the client's current secret or a previous one still in grace. */
  static Match match(ClientModel client, String presented) {
    if (SecretHash.matches(client.getAttribute(HASH), presented)) {
      return Match.CURRENT;
    }
    String previous = client.getAttribute(PREVIOUS_HASH);
    if (previous == null) {
      return Match.NONE;
    }
    Optional<Long> until = epochSeconds(client.getAttribute(PREVIOUS_EXPIRES));
    return until.isPresent()
            && Time.currentTime() < until.get()
            && SecretHash.matches(previous, presented)
        ? Match.PREVIOUS_IN_GRACE
        : Match.NONE;
  }

  /**
   * Keycloak generates a plain secret for every confidential client without one, on each save; a
   * hashed-secret client must keep none (it would show in the Credentials tab, the client-secret
   * endpoint and exports, though it authenticates nothing).
   */
  static void clearPlainSecret(ClientModel client) {
    if (client.getSecret() != null) {
      client.setSecret(null);
    }
    for (String attribute :
        new String[] {
          ClientSecretConstants.CLIENT_SECRET_CREATION_TIME,
          ClientSecretConstants.CLIENT_SECRET_EXPIRATION,
          ClientSecretConstants.CLIENT_ROTATED_SECRET,
          ClientSecretConstants.CLIENT_ROTATED_SECRET_CREATION_TIME,
          ClientSecretConstants.CLIENT_ROTATED_SECRET_EXPIRATION_TIME
        }) {
      if (client.getAttribute(attribute) != null) {
        client.removeAttribute(attribute);
      }
    }
  }

  private static Optional<Long> epochSeconds(String value) {
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Long.parseLong(value.strip()));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
