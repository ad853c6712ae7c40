package org.tillauth.keycloak.apiclient;

import org.keycloak.services.ErrorResponseException;
import org.tillauth.keycloak.admin.AdminErrors;

/**
 * The texts of the API client endpoints' own 400/404 answers ({@code error}, {@code
 * error_description}).
 */
final class ApiClientErrors {

  static final String DUPLICATE_NAME = "An API client named \"%s\" already exists";
  static final String EXPIRY_SYNTAX =
      "Token expiry duration must be a whole number of minutes, hours or days, for example 60m,"
          + " 2h or 30d";
  static final String EXPIRY_TOO_SHORT = "Token expiry duration must be at least 1 minute";
  static final String EXPIRY_TOO_LONG = "Token expiry duration cannot exceed %s";
  static final String GRACE_SYNTAX =
      "Grace period must be 0 or a whole number of seconds, minutes, hours or days, for example"
          + " 30s, 15m, 1h or 7d, at most 30 days";
  static final String LIMIT_REACHED =
      "This organisation already has the maximum of %d API clients; delete one or raise the"
          + " limit";
  static final String NOT_FOUND = "API client not found";
  static final String NOT_CONFIDENTIAL =
      "Only confidential clients with a service account can get a hashed secret";

  private ApiClientErrors() {}

  static ErrorResponseException badRequest(String message) {
    return AdminErrors.badRequest(message);
  }

  static ErrorResponseException notFound() {
    return AdminErrors.notFound(NOT_FOUND);
  }
}
