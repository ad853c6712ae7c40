package org.tillauth.keycloak.accessgroup;

/** The texts of the access-group endpoints' 400 and 404 answers ({@code error_description}). */
final class AccessGroupErrors {

  static final String BAD_NAME =
      "Access group name must be 1 to 64 letters, digits, spaces, dots, hyphens or underscores,"
          + " starting with a letter or digit";
  static final String RESERVED_NAME = "\"%s\" is reserved and cannot name an access group";
  static final String DUPLICATE_NAME = "An access group named \"%s\" already exists";
  static final String RENAME =
      "An access group cannot be renamed (API clients refer to it by name); create a new one";
  static final String UNKNOWN_API = "Unknown API '%s' in permissions (expected data or config)";
  static final String UNKNOWN_RESOURCE =
      "Unknown resource '%s' in permissions.%s (the resources are listed by GET"
          + " /access-groups/resources)";
  static final String BAD_LEVEL = "Permission %s.%s must be one of none, read, write";
  static final String BUILT_IN = "Access group \"%s\" is built in and cannot be changed or deleted";
  static final String IN_USE = "Access group \"%s\" cannot be %s while API clients use it: %s";
  static final String NOT_FOUND = "Access group not found";

  private AccessGroupErrors() {}
}
