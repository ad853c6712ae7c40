package org.tillauth.keycloak.attribution;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.tillauth.keycloak.till.TillClaims;

/**
 * The till (or store) a token is attributed to, and why. {@link #claims()} and {@link #fromClaims}
 * are its one codec: tokens carry it as claims, user sessions as notes of the same fields ({@link
 * AttributionNotes}).
 *
 * @param source how the attribution was chosen
 * @param tillCode the attributed till, empty when a store was attributed without a till
 * @param storeCode the store of the attributed till (or the attributed store)
 * @param defaultTill the client's configured default till
 */
public record Attribution(
    Source source, Optional<String> tillCode, Optional<String> storeCode, String defaultTill) {

  /** Why a till was chosen, and its {@code till_attribution} claim value. */
  public enum Source {
    /** The token's user is a till: it is attributed to itself. */
    SELF(TillClaims.SELF),
    /** The till (or store) named in the request headers. */
    HEADER("header"),
    /** No till named: the client's default till. */
    DEFAULT("default"),
    /** An invalid till was named and the client falls back to its default till. */
    FALLBACK("fallback");

    private final String claimValue;

    Source(String claimValue) {
      this.claimValue = claimValue;
    }

    public String claimValue() {
      return claimValue;
    }

    static Optional<Source> fromClaimValue(String value) {
      for (Source source : values()) {
        if (source.claimValue.equals(value)) {
          return Optional.of(source);
        }
      }
      return Optional.empty();
    }
  }

  /** The contract claims, by claim name; absent values are left out. */
  public Map<String, String> claims() {
    Map<String, String> claims = new LinkedHashMap<>();
    TillClaims.write(claims::put, source.claimValue(), tillCode, storeCode, defaultTill);
    return claims;
  }

  /** Writes the contract claims into a token's claim map. */
  public void writeClaims(Map<String, Object> claims) {
    claims.putAll(claims());
  }

  /** Reads the contract claims back (from a token issued earlier); empty when absent or garbled. */
  public static Optional<Attribution> fromClaims(Map<String, Object> claims) {
    return fromClaims(claims::get);
  }

  /**
   * Reads the contract claims from wherever they are kept, by claim name; empty when absent or
   * garbled. Only service-account attributions are read back, so a default till is required.
   */
  static Optional<Attribution> fromClaims(Function<String, ?> claims) {
    Optional<Source> source = Source.fromClaimValue(text(claims, TillClaims.TILL_ATTRIBUTION));
    String defaultTill = text(claims, TillClaims.DEFAULT_TILL);
    if (source.isEmpty() || defaultTill == null) {
      return Optional.empty();
    }
    return Optional.of(
        new Attribution(
            source.get(),
            Optional.ofNullable(text(claims, TillClaims.TILL_CODE)),
            Optional.ofNullable(text(claims, TillClaims.STORE_CODE)),
            defaultTill));
  }

  private static String text(Function<String, ?> claims, String name) {
    return claims.apply(name) instanceof String value ? value : null;
  }
}
