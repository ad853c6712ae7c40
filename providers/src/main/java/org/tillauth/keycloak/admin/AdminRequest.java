package org.tillauth.keycloak.admin;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/**
 * What Keycloak hands an admin REST extension for one request ({@code
 * AdminRealmResourceProvider.getResource}): the session, the realm of the path, the authenticated
 * administrator's permissions and the admin-event builder. One value, so that a resource takes it
 * in one constructor argument.
 */
public record AdminRequest(
    KeycloakSession session,
    RealmModel realm,
    AdminPermissionEvaluator auth,
    AdminEventBuilder adminEvent) {}
