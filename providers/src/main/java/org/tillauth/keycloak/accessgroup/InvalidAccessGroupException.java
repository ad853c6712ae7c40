package org.tillauth.keycloak.accessgroup;

/** A request body the access-group endpoints refuse; its message is the 400's description. */
final class InvalidAccessGroupException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  InvalidAccessGroupException(String message) {
    super(message);
  }
}
