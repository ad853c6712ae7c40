package org.tillauth.keycloak.support;

import jakarta.ws.rs.core.Response;
import org.keycloak.OAuthErrorException;
import org.keycloak.services.ErrorResponseException;

/**
 * The answers of the extension's admin REST resources that refuse a request: {@code
 * {"error":"...","error_description":"..."}}, the format of Keycloak's own admin REST errors.
 * Thrown before anything is written, or inside the request's transaction, which Keycloak rolls back
 * on an error answer.
 */
public final class AdminErrors {

  private AdminErrors() {}

  /** 400 {@code invalid_request} with the given description. */
  public static ErrorResponseException badRequest(String description) {
    return new ErrorResponseException(
        OAuthErrorException.INVALID_REQUEST, description, Response.Status.BAD_REQUEST);
  }

  /** 404 {@code not_found} with the given description. */
  public static ErrorResponseException notFound(String description) {
    return new ErrorResponseException("not_found", description, Response.Status.NOT_FOUND);
  }
}
