package org.tillauth.keycloak.gateway;

/**
 * One refusal of the verify endpoint: platform-style code, HTTP status and message. docs/gateway.md
 * and docs/openapi.yaml list the same table.
 */
record GatewayError(int code, int status, String message, Challenge challenge) {

  /** Which WWW-Authenticate challenge carries an error description. */
  enum Challenge {
    NONE,
    BASIC,
    BEARER
  }

  static final GatewayError NO_CREDENTIALS =
      new GatewayError(
          330000,
          401,
          "Authentication required: send till Basic credentials or an access token",
          Challenge.NONE);

  /** The platform's generic failure; byte-identical for every kind of bad till credential. */
  static final GatewayError TILL_REFUSED =
      new GatewayError(
          330001,
          401,
          "Authentication failed. Please check username and password.",
          Challenge.BASIC);

  static final GatewayError BASIC_AUTH_DISABLED =
      new GatewayError(
          330002, 401, "Basic authentication is disabled for this organization", Challenge.BASIC);

  static final GatewayError TOKEN_REFUSED =
      new GatewayError(330003, 401, "Invalid or expired access token", Challenge.BEARER);

  static final GatewayError CONFLICTING_CREDENTIALS =
      new GatewayError(
          330004,
          401,
          "Send exactly one credential: Authorization (Basic or Bearer) or "
              + PresentedCredentials.PLATFORM_TOKEN_HEADER,
          Challenge.BEARER);

  static final GatewayError HTTPS_REQUIRED =
      new GatewayError(330005, 403, "HTTPS required", Challenge.NONE);

  /** The platform's authorisation failure; the entry also names the permission needed. */
  static final GatewayError ACCESS_DENIED =
      new GatewayError(330403, 403, "Not authorized. Access is denied!", Challenge.NONE);

  static final GatewayError INTERNAL_ERROR =
      new GatewayError(330500, 500, "Internal server error; see the server log", Challenge.NONE);
}
