package org.tillauth.keycloak.till;

import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * The till claims of a token, a public contract with the resource servers: their names, the value
 * {@code self}, and the one writer that both the till's own tokens and attributed API-client tokens
 * go through.
 */
public final class TillClaims {

  public static final String TILL_CODE = "till_code";
  public static final String STORE_CODE = "store_code";
  public static final String TILL_ATTRIBUTION = "till_attribution";
  public static final String DEFAULT_TILL = "default_till";

  /** {@code till_attribution} of a token attributed to its own user, a till. */
  public static final String SELF = "self";

  private TillClaims() {}

  /**
   * Writes the till claims; absent values (and a null default till) are left out, never written as
   * null.
   */
  public static void write(
      BiConsumer<String, String> claims,
      String attribution,
      Optional<String> tillCode,
      Optional<String> storeCode,
      String defaultTill) {
    claims.accept(TILL_ATTRIBUTION, attribution);
    if (defaultTill != null) {
      claims.accept(DEFAULT_TILL, defaultTill);
    }
    tillCode.ifPresent(code -> claims.accept(TILL_CODE, code));
    storeCode.ifPresent(code -> claims.accept(STORE_CODE, code));
  }

  /** A till's own token: its code, its store and {@code self}. */
  public static void writeSelf(BiConsumer<String, String> claims, Till till) {
    write(claims, SELF, Optional.of(till.code()), till.storeCode(), null);
  }
}
