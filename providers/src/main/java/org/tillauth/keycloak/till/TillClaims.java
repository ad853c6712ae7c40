package org.tillauth.keycloak.till;

/** Claim names that tell an API which till (and store) a token acts for. A public contract. */
public final class TillClaims {

  public static final String TILL_CODE = "till_code";
  public static final String STORE_CODE = "store_code";
  public static final String TILL_ATTRIBUTION = "till_attribution";

  /** {@code till_attribution} of a token a till obtained for itself. */
  public static final String SELF = "self";

  private TillClaims() {}
}
