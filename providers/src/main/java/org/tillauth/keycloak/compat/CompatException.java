package org.tillauth.keycloak.compat;

/** Ends request processing with an error envelope; never escapes the resource. */
final class CompatException extends RuntimeException {

  private final transient CompatError error;

  CompatException(CompatError error) {
    super(error.message(), null, false, false);
    this.error = error;
  }

  CompatError error() {
    return error;
  }
}
