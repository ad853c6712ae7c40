package org.tillauth.keycloak.tokenjson;

/**
 * One error of the JSON token endpoint: the platform-style {@code code}, the HTTP status it is sent
 * with and the user-facing message. All codes and texts the endpoint can produce are the constants
 * below; docs/compat-endpoint.md lists the same table.
 */
record CompatError(int code, int status, String message) {

  /** The platform's documented answer to every client-authentication failure. */
  static final CompatError INVALID_CLIENT =
      new CompatError(320001, 401, "Invalid client key and secret");

  static final CompatError BODY_EMPTY =
      new CompatError(
          320100, 400, "Request body is empty; expected {\"key\":\"...\",\"secret\":\"...\"}");
  static final CompatError BODY_MALFORMED =
      new CompatError(320101, 400, "Request body is not valid JSON");
  static final CompatError BODY_NOT_OBJECT =
      new CompatError(320102, 400, "Request body must be a JSON object");

  /** Message template; {@link #forField(String)} fills in the field name. */
  static final CompatError FIELD_MISSING = new CompatError(320103, 400, "Field '%s' is required");

  static final CompatError FIELD_INVALID =
      new CompatError(320104, 400, "Field '%s' must be a non-empty string");
  static final CompatError BODY_TOO_LARGE =
      new CompatError(
          320105,
          400,
          "Request body must not exceed " + TokenRequestParser.MAX_BODY_BYTES + " bytes");
  static final CompatError UNSUPPORTED_MEDIA_TYPE =
      new CompatError(320106, 415, "Content-Type must be application/json");
  static final CompatError UNSUPPORTED_CHARSET =
      new CompatError(320106, 415, "Content-Type charset must be UTF-8");
  static final CompatError METHOD_NOT_ALLOWED =
      new CompatError(320107, 405, "Method not allowed; use POST");

  /**
   * Keycloak refused to issue the token for a reason other than client authentication (client
   * policy / attribution rejection, realm disabled, HTTPS required, DPoP, ...). Status and message
   * come from Keycloak's OAuth error: {@link #rejected(int, String)}.
   */
  static final int REJECTED_CODE = 320200;

  static final String REJECTED_FALLBACK_MESSAGE = "Token request rejected";
  static final CompatError INTERNAL_ERROR =
      new CompatError(320500, 500, "Internal server error; see the server log");

  /** Keycloak's own texts for the checks TokenEndpoint makes before authenticating the client. */
  static final CompatError HTTPS_REQUIRED = rejected(403, "HTTPS required");

  static final CompatError REALM_DISABLED = rejected(403, "Realm not enabled");

  static CompatError rejected(int status, String message) {
    return new CompatError(REJECTED_CODE, status, message);
  }

  /**
   * The same error with a reference that the server log line of this failure carries too (the
   * message of a server error tells the caller to quote it).
   */
  CompatError withReference(String reference) {
    return new CompatError(code, status, message + " (ref " + reference + ")");
  }

  CompatError forField(String field) {
    return new CompatError(code, status, String.format(message, field));
  }
}
