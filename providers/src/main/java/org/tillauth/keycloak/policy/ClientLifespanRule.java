package org.tillauth.keycloak.policy;

import java.util.Map;
import java.util.Optional;

/**
 * The one place that decides what a client's access token lifespan is after a save and whether it
 * is within the maximum, and how far a minted token may live. Pure logic, no Keycloak types.
 */
final class ClientLifespanRule {

  /** Keycloak's client attribute (Advanced tab, "Access Token Lifespan"), in seconds. */
  static final String ATTRIBUTE = "access.token.lifespan";

  /** Keycloak's value for "until the SSO session ends". */
  static final String UNTIL_SESSION_MAX = "-1";

  static final String EXCEEDS = "Token expiry duration cannot exceed %s";
  static final String NOT_SECONDS =
      "Access token lifespan must be a whole number of seconds, or -1 (until SSO Session Max)";

  private ClientLifespanRule() {}

  /**
   * The attribute value Keycloak will hold after the save: Keycloak updates only the attributes
   * present in the request body, so an absent key keeps the stored value; a blank value removes it.
   */
  static String effectiveAttribute(Map<String, String> proposedAttributes, String storedValue) {
    if (proposedAttributes != null && proposedAttributes.containsKey(ATTRIBUTE)) {
      return proposedAttributes.get(ATTRIBUTE);
    }
    return storedValue;
  }

  /**
   * Why the client's own lifespan is not acceptable, or empty when it is. No value (blank) means
   * the realm default, which is not the client's setting and is clamped when tokens are issued
   * instead. {@code -1} is judged as the longest it can mean: the realm's SSO Session Max ({@code
   * sessionMaxSeconds}; 0 or less means unlimited).
   */
  static Optional<String> violation(
      String attributeValue, long sessionMaxSeconds, LifespanDuration maximum) {
    if (attributeValue == null || attributeValue.isBlank()) {
      return Optional.empty();
    }
    String value = attributeValue.strip();
    long seconds;
    if (UNTIL_SESSION_MAX.equals(value)) {
      seconds = sessionMaxSeconds > 0 ? sessionMaxSeconds : Long.MAX_VALUE;
    } else {
      try {
        seconds = Long.parseLong(value);
      } catch (NumberFormatException e) {
        return Optional.of(NOT_SECONDS);
      }
      if (seconds < 0) {
        return Optional.of(NOT_SECONDS);
      }
    }
    return seconds > maximum.seconds() ? Optional.of(exceeds(maximum)) : Optional.empty();
  }

  static String exceeds(LifespanDuration maximum) {
    return String.format(EXCEEDS, maximum);
  }

  /**
   * The expiry a token issued at {@code issuedAt} may carry: unchanged when already within the
   * maximum, otherwise {@code issuedAt + maximum}. A missing expiry (never expires) is clamped too.
   */
  static long clampedExpiry(long issuedAt, Long expiry, LifespanDuration maximum) {
    long limit = issuedAt + maximum.seconds();
    if (expiry == null || expiry <= 0) {
      return limit;
    }
    return Math.min(expiry, limit);
  }
}
