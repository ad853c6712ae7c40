package org.tillauth.keycloak.apiclient;

import org.keycloak.models.RealmModel;

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
}
