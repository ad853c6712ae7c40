package org.tillauth.keycloak.jpa;

import jakarta.persistence.LockModeType;
import org.keycloak.models.KeycloakSession;

/**
 * Row locks in the database, held until the request's transaction ends, so that two administrators
 * (on one node or two) changing the same till or store serialise instead of one failing with
 * Keycloak's optimistic-lock error (a 500). Each method answers whether the row still exists once
 * the lock is held: after a concurrent delete it is gone, which the caller reports as a 404.
 */
public final class RowLocks {

  private RowLocks() {}

  /** Exclusive: the user is about to be changed or removed. */
  public static boolean user(KeycloakSession session, String userId) {
    return lock(session, "select u from UserEntity u where u.id = :id", userId, true);
  }

  /**
   * A store's group: exclusive to delete it; shared to add a till to it (so that a deletion waits
   * for the till, then sees it, and a till waits for a deletion, then finds no store).
   */
  public static boolean group(KeycloakSession session, String groupId, boolean exclusive) {
    return lock(session, "select g from GroupEntity g where g.id = :id", groupId, exclusive);
  }

  private static boolean lock(KeycloakSession session, String query, String id, boolean exclusive) {
    return !Jpql.em(session)
        .createQuery(query)
        .setParameter("id", id)
        .setLockMode(exclusive ? LockModeType.PESSIMISTIC_WRITE : LockModeType.PESSIMISTIC_READ)
        .getResultList()
        .isEmpty();
  }
}
