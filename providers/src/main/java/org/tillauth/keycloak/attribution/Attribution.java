package org.tillauth.keycloak.attribution;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.tillauth.keycloak.till.TillClaims;

/**
 * The till (or store) a token is attributed to, and why.
 *
 * @param source how the attribution was chosen
 * @param tillCode the attributed till, empty when a store was attributed without a till
 * @param storeCode the store of the attributed till (or the attributed store)
 * @param defaultTill the client's configured default till
 */
public record Attribution(
    Source source, Optional<String> tillCode, Optional<String> storeCode, String defaultTill) {

  // Claim names are a contract with the resource servers; the till ones are shared with till
  // tokens.
  public static final String CLAIM_TILL_CODE = TillClaims.TILL_CODE;
  public static final String CLAIM_STORE_CODE = TillClaims.STORE_CODE;
  public static final String CLAIM_ATTRIBUTION = TillClaims.TILL_ATTRIBUTION;
  public static final String CLAIM_DEFAULT_TILL = "default_till";

  /** Why a till was chosen; the lowercase name is the {@code till_attribution} claim value. */
  public enum Source {
    /** The token's user is a till: it is attributed to itself. */
    SELF,
    /** The till (or store) named in the request headers. */
    HEADER,
    /** No till named: the client's default till. */
    DEFAULT,
    /** An invalid till was named and the client falls back to its default till. */
    FALLBACK;

    public String claimValue() {
      return name().toLowerCase(Locale.ROOT);
    }

    static Optional<Source> fromClaimValue(String value) {
      for (Source source : values()) {
        if (source.claimValue().equals(value)) {
          return Optional.of(source);
        }
      }
      return Optional.empty();
    }
  }

  /** Writes the contract claims into a token's claim map. */
  public void writeClaims(Map<String, Object> claims) {
    claims.put(CLAIM_ATTRIBUTION, source.claimValue());
    claims.put(CLAIM_DEFAULT_TILL, defaultTill);
    tillCode.ifPresent(code -> claims.put(CLAIM_TILL_CODE, code));
    storeCode.ifPresent(code -> claims.put(CLAIM_STORE_CODE, code));
  }

  /** Reads the contract claims back (from a token issued earlier); empty when absent or garbled. */
  public static Optional<Attribution> fromClaims(Map<String, Object> claims) {
    Optional<Source> source = Source.fromClaimValue(text(claims, CLAIM_ATTRIBUTION));
    String defaultTill = text(claims, CLAIM_DEFAULT_TILL);
    if (source.isEmpty() || defaultTill == null) {
      return Optional.empty();
    }
    return Optional.of(
        new Attribution(
            source.get(),
            Optional.ofNullable(text(claims, CLAIM_TILL_CODE)),
            Optional.ofNullable(text(claims, CLAIM_STORE_CODE)),
            defaultTill));
  }

  private static String text(Map<String, Object> claims, String name) {
    return claims.get(name) instanceof String value ? value : null;
  }
}
