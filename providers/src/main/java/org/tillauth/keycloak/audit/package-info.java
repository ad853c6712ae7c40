/**
 * The organisation's audit trail: Keycloak's admin events of the realm, described for an
 * administrator (who, when, what, before and after for settings), read by the administration page.
 */
package org.tillauth.keycloak.audit;
