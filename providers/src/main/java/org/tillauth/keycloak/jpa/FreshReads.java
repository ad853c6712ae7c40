package org.tillauth.keycloak.jpa;

import java.util.List;
import org.keycloak.models.ClientModel;
import org.keycloak.models.ClientProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * Reads made after a {@link RowLocks} lock, straight from the database. Keycloak's cache may still
 * hold what another node, or the writer this request waited for, had before it committed (the cache
 * is invalidated around the commit, not under the lock), so a check that must see the previous
 * writer's result (a unique name, the client limit, the secret being replaced) reads here.
 */
public final class FreshReads {

  private FreshReads() {}

  /** Ids of the realm's clients whose name, trimmed and in lower case, is {@code lowerName}. */
  public static List<String> clientsNamed(
      KeycloakSession session, RealmModel realm, String lowerName) {
    return Jpql.em(session)
        .createQuery(
            "select c.id from ClientEntity c where c.realmId = :realm"
                + " and lower(trim(c.name)) = :name",
            String.class)
        .setParameter("realm", realm.getId())
        .setParameter("name", lowerName)
        .getResultList();
  }

  /** How many of the realm's confidential clients use this client authenticator. */
  public static long confidentialClientsUsing(
      KeycloakSession session, RealmModel realm, String authenticatorType) {
    return Jpql.em(session)
        .createQuery(
            "select count(c) from ClientEntity c where c.realmId = :realm"
                + " and c.clientAuthenticatorType = :type and c.publicClient = false",
            Long.class)
        .setParameter("realm", realm.getId())
        .setParameter("type", authenticatorType)
        .getSingleResult();
  }

  /**
   * Names of the groups directly under {@code parentId} that equal {@code lowerName} ignoring case.
   */
  public static List<String> childGroupsNamed(
      KeycloakSession session, RealmModel realm, String parentId, String lowerName) {
    return Jpql.em(session)
        .createQuery(
            "select g.name from GroupEntity g where g.realm = :realm and g.parentId = :parent"
                + " and lower(g.name) = :name",
            String.class)
        .setParameter("realm", realm.getId())
        .setParameter("parent", parentId)
        .setParameter("name", lowerName)
        .getResultList();
  }

  /**
   * The client as the database has it, for reading only: Keycloak's JPA model under the cache.
   * Writes still go through the cached model, which invalidates the cache on every node.
   */
  public static ClientModel client(KeycloakSession session, RealmModel realm, String id) {
    return session.getProvider(ClientProvider.class, "jpa").getClientById(realm, id);
  }
}
