package org.tillauth.keycloak.organisation;

import org.keycloak.services.ErrorResponseException;
import org.tillauth.keycloak.admin.AdminErrors;

/**
 * The texts of the organisation endpoints' own 400/404 answers, in the admin REST format of the API
 * client endpoints ({@code error}, {@code error_description}).
 */
public final class OrganisationErrors {

  public static final String NOTHING_TO_CHANGE = "Nothing to change: send at least one of %s";

  public static final String STORE_CODE =
      "Store code must be 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or"
          + " digit";
  public static final String STORE_EXISTS = "A store with code \"%s\" already exists";
  public static final String UNKNOWN_STORE = "Store \"%s\" does not exist; add it first";
  public static final String STORE_NOT_FOUND = "Store not found";
  public static final String STORE_HAS_TILLS =
      "Store \"%s\" still has %d till(s); move or delete them before deleting the store";

  public static final String TILL_CODE =
      "Till code must be 3 to 64 letters, digits, '.', '_' or '-', starting with a letter or"
          + " digit";
  public static final String USER_EXISTS =
      "Till code \"%s\" is already used by a user of this organisation";
  public static final String ONE_SECRET = "Send exactly one of 'password' and 'md5Digest'";
  public static final String BAD_DIGEST =
      "md5Digest must be the MD5 hex digest of the till password (32 hexadecimal characters)";
  public static final String PASSWORD_IS_DIGEST =
      "This password is 32 hexadecimal characters, like an MD5 digest; send a legacy digest as"
          + " 'md5Digest'";
  public static final String TILL_NOT_FOUND = "Till not found";
  public static final String TILL_IN_USE =
      "Till \"%s\" cannot be %s while API clients use it as their default till: %s; give them"
          + " another default till first";

  public static final String NO_TILL_STEP =
      "No authentication flow of this organisation runs the till login step (Till MD5 password);"
          + " set up tills first (README: Setting up tills in another realm)";

  private OrganisationErrors() {}

  static ErrorResponseException badRequest(String message) {
    return AdminErrors.badRequest(message);
  }

  static ErrorResponseException notFound(String message) {
    return AdminErrors.notFound(message);
  }
}
