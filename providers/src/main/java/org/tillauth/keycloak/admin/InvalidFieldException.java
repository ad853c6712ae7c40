package org.tillauth.keycloak.admin;

/**
 * A request body or parameter refused while it is read, before anything is written: a 400 {@code
 * invalid_request} with this message once it reaches {@link AdminResource#read}.
 */
public final class InvalidFieldException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  public InvalidFieldException(String message) {
    super(message);
  }
}
