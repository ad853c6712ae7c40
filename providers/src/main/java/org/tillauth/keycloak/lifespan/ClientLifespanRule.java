package org.tillauth.keycloak.lifespan;

import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * The one place that decides what a client's access token lifespan is after a save and whether it
 * is within the maximum, and how far a minted token may live. Pure logic, no Keycloak types.
 */
final class ClientLifespanRule {

  /** Keycloak's client attribute (Advanced tab, "Access Token Lifespan"), in seconds. */
  static final String ATTRIBUTE = LifespanCeiling.CLIENT_LIFESPAN;

  /** Keycloak's value for "until the SSO session ends". */
  static final String UNTIL_SESSION_MAX = "-1";

  static final String EXCEEDS = "Token expiry duration cannot exceed %s";
  static final String NOT_SECONDS =
      "Access token lifespan must be a whole number of seconds from 1 to 2147483647 written in"
          + " digits only (no spaces, signs or other characters), -1 (until SSO Session Max), or"
          + " empty (realm default)";

  /**
   * What Keycloak reads with {@code Integer.parseInt} at every token: plain ASCII digits without a
   * sign or padding. Anything else it either cannot parse (a 500 on every token of the client) or
   * reads differently from what an administrator sees ({@code +60}, full-width digits, {@code 0}).
   */
  static final Pattern SECONDS = Pattern.compile("[1-9][0-9]{0,9}");

  private ClientLifespanRule() {}

  /**
   * The attribute value Keycloak will hold after the save: Keycloak updates only the attributes
   * present in the request body, so an absent key keeps the stored value; a blank value removes it.
   */
  static String effectiveAttribute(Map<String, String> proposedAttributes, String storedValue) {
    return effectiveAttribute(proposedAttributes, ATTRIBUTE, storedValue);
  }

  /** The same for any client attribute. */
  static String effectiveAttribute(
      Map<String, String> proposedAttributes, String name, String storedValue) {
    if (proposedAttributes != null && proposedAttributes.containsKey(name)) {
      return proposedAttributes.get(name);
    }
    return storedValue;
  }

  /**
   * Why the client's own lifespan is not acceptable, or empty when it is: it must be a value
   * Keycloak can use as it stands, and within the maximum. No value (blank) means the realm
   * default, which is not the client's setting and is clamped when tokens are issued instead.
   * {@code -1} is judged as the longest it can mean: the realm's SSO Session Max ({@code
   * sessionMaxSeconds}; 0 or less means unlimited).
   */
  static Optional<String> violation(
      String attributeValue, long sessionMaxSeconds, LifespanDuration maximum) {
    // Keycloak's own test for "no value" is String.trim(), which strips ASCII controls and spaces
    // only; "\u3000" is not blank to Keycloak and would fail every token.
    if (attributeValue == null || attributeValue.trim().isEmpty()) {
      return Optional.empty();
    }
    long seconds;
    if (UNTIL_SESSION_MAX.equals(attributeValue)) {
      seconds = sessionMaxSeconds > 0 ? sessionMaxSeconds : Long.MAX_VALUE;
    } else {
      if (!SECONDS.matcher(attributeValue).matches()) {
        return Optional.of(NOT_SECONDS);
      }
      seconds = Long.parseLong(attributeValue);
      if (seconds > Integer.MAX_VALUE) {
        return Optional.of(NOT_SECONDS);
      }
    }
    return seconds > maximum.seconds() ? Optional.of(exceeds(maximum)) : Optional.empty();
  }

  /**
   * The client's own lifespan when it is a number of seconds Keycloak reads as such; empty for no
   * value (realm default), {@code -1} (until SSO Session Max) and values Keycloak cannot use.
   */
  static OptionalLong ownSeconds(String attributeValue) {
    if (attributeValue == null || !SECONDS.matcher(attributeValue).matches()) {
      return OptionalLong.empty();
    }
    long seconds = Long.parseLong(attributeValue);
    return seconds > Integer.MAX_VALUE ? OptionalLong.empty() : OptionalLong.of(seconds);
  }

  /**
   * The expiry of a stateless client-credentials token whose client has its own lifespan: exactly
   * that lifespan, never more than {@code limit} (the smallest maximum applied to the token).
   */
  static long ownExpiry(long issuedAt, long ownSeconds, long limitSeconds) {
    return issuedAt + Math.min(ownSeconds, limitSeconds);
  }

  /** "30 days", "10 hours", "90 minutes", "3601 seconds": the largest whole unit. */
  static String describe(long seconds) {
    if (seconds > 0 && seconds % 86_400 == 0) {
      return plural(seconds / 86_400, "day");
    }
    if (seconds > 0 && seconds % 3_600 == 0) {
      return plural(seconds / 3_600, "hour");
    }
    if (seconds > 0 && seconds % 60 == 0) {
      return plural(seconds / 60, "minute");
    }
    return plural(seconds, "second");
  }

  private static String plural(long amount, String unit) {
    return amount + " " + unit + (amount == 1 ? "" : "s");
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
