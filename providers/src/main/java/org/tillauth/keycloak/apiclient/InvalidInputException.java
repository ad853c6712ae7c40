package org.tillauth.keycloak.apiclient;

/** A request body or parameter the endpoints refuse; its message is the 400's description. */
final class InvalidInputException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  InvalidInputException(String message) {
    super(message);
  }
}
