/**
 * The organisation's lists read straight from Keycloak's JPA model, so that they page, search and
 * count in the database. Keycloak's model API pages role and group members but neither searches
 * them nor counts role members, and loading a realm's tills as {@code UserModel}s costs a query per
 * user (the 10,000-till list timed out at 300 s). The queries name Keycloak's entities ({@code
 * UserEntity}, {@code UserRoleMappingEntity}, {@code UserGroupMembershipEntity}, {@code
 * GroupEntity}, {@code GroupAttributeEntity}, {@code CredentialEntity}) and only fields unchanged
 * since Keycloak 22; they only read. Writes still go through Keycloak's model API; {@code RowLocks}
 * takes pessimistic locks on {@code RealmEntity}, {@code ClientEntity} and {@code GroupEntity} rows
 * to serialise concurrent administrators.
 */
package org.tillauth.keycloak.internals.jpa;
