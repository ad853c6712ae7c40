package org.tillauth.keycloak.internals;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.services.managers.RealmManager;

/**
 * Creates a realm from a representation as Keycloak's own realm import does ({@code POST
 * /admin/realms}): {@code RealmManager.importRealm(RealmRepresentation)} (keycloak-services, not an
 * SPI), as it is since Keycloak 26.0 (checked on 26.4 to 26.7). It sets up everything a new realm
 * gets (admin clients in master, default roles and flows) and publishes the realm-created event, in
 * the current transaction. A {@code ModelDuplicateException} (the realm or its master admin client
 * exists) passes through; a changed Keycloak fails through {@link Boundary}.
 */
public final class KeycloakRealmImport {

  private KeycloakRealmImport() {}

  public static RealmModel importRealm(KeycloakSession session, RealmRepresentation realm) {
    return Boundary.call(
        "RealmManager.importRealm (Keycloak 26.0)",
        () -> new RealmManager(session).importRealm(realm));
  }
}
