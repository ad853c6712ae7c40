package org.tillauth.keycloak.tokenjson;

/**
 * Ends request processing with an error envelope; never escapes the resource. A server error keeps
 * what went wrong ({@link #getCause()} or {@link #detail()}) for the log line that carries the
 * envelope's reference.
 */
final class CompatException extends RuntimeException {

  private final transient CompatError error;
  private final String detail;

  CompatException(CompatError error) {
    this(error, null, null);
  }

  CompatException(CompatError error, String detail, Throwable cause) {
    super(error.message(), cause, false, false);
    this.error = error;
    this.detail = detail;
  }

  CompatError error() {
    return error;
  }

  /** What Keycloak answered, for the log; null when there is nothing beyond the cause. */
  String detail() {
    return detail;
  }
}
