package org.tillauth.keycloak.apiclient;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.tillauth.keycloak.admin.AdminErrors;

/**
 * How many API clients a realm may have: the realm attribute {@code tillauth.api-clients.max} when
 * set to a number (0 or more), else the server default (15, as on the platform; SPI option {@code
 * max-clients}).
 */
record ApiClientLimit(int serverDefault) {

  static final String REALM_ATTRIBUTE = "tillauth.api-clients.max";
  static final int PLATFORM_DEFAULT = 15;

  int of(RealmModel realm) {
    String value = realm.getAttribute(REALM_ATTRIBUTE);
    if (value != null && !value.isBlank()) {
      try {
        int max = Integer.parseInt(value.strip());
        if (max >= 0) {
          return max;
        }
      } catch (NumberFormatException e) {
        // fall through to the server default
      }
    }
    return serverDefault;
  }

  /**
   * Refuses (400) when the realm now has more {@link ApiClients} than it may: counted after the
   * write, in the same transaction, under the realm's row lock and in the database, so that the
   * write over the limit is the one undone. Flush first.
   */
  void requireWithin(KeycloakSession session, RealmModel realm) {
    int max = of(realm);
    if (ApiClients.stored(session, realm) > max) {
      throw AdminErrors.badRequest(String.format(ApiClientErrors.LIMIT_REACHED, max));
    }
  }
}
