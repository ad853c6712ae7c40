package org.tillauth.keycloak.admin;

import jakarta.ws.rs.core.Response;
import org.keycloak.OAuthErrorException;
import org.keycloak.services.ErrorResponseException;
import org.tillauth.keycloak.support.JsonBodies;

/**
 * The answers of the extension's admin REST resources that refuse a request: {@code
 * {"error":"...","error_description":"..."}}, the format of Keycloak's own admin REST errors.
 * Thrown before anything is written, or inside the request's transaction, which Keycloak rolls back
 * on an error answer.
 */
public final class AdminErrors {

  // The texts every admin endpoint uses for a field of its JSON body.
  public static final String NOT_JSON = JsonBodies.NOT_JSON;
  public static final String REQUIRED = "Field '%s' is required";
  public static final String NOT_STRING = "Field '%s' must be a string";
  public static final String NOT_BOOLEAN = "Field '%s' must be true or false";
  public static final String NOT_OBJECT = "Field '%s' must be a JSON object";
  public static final String TOO_LONG = "Field '%s' must not exceed %d characters";
  public static final String UNKNOWN_FIELD = "Unknown field '%s'";

  private AdminErrors() {}

  /**
   * {@code invalid_request} with the given description and status: a body refused as it was read
   * (400, or 415 for its content type or charset).
   */
  public static ErrorResponseException invalidRequest(String description, int status) {
    return new ErrorResponseException(
        OAuthErrorException.INVALID_REQUEST, description, Response.Status.fromStatusCode(status));
  }

  /** 400 {@code invalid_request} with the given description. */
  public static ErrorResponseException badRequest(String description) {
    return new ErrorResponseException(
        OAuthErrorException.INVALID_REQUEST, description, Response.Status.BAD_REQUEST);
  }

  /**
   * 409 {@code conflict}: another administrator changed {@code what} at the same time (a row lock
   * not had in time, a write that lost a race). Nothing of this request was saved.
   */
  public static ErrorResponseException conflict(String what) {
    return new ErrorResponseException(
        "conflict",
        "Someone else changed " + what + " at the same time; reload and try again",
        Response.Status.CONFLICT);
  }

  /** 404 {@code not_found} with the given description. */
  public static ErrorResponseException notFound(String description) {
    return new ErrorResponseException("not_found", description, Response.Status.NOT_FOUND);
  }
}
