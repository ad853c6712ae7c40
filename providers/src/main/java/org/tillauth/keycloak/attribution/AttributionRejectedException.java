package org.tillauth.keycloak.attribution;

/** The request names a till (or entity type) that cannot be used: no token may be issued. */
public final class AttributionRejectedException extends Exception {

  private static final long serialVersionUID = 1L;

  AttributionRejectedException(String message) {
    super(message, null, false, false);
  }
}
