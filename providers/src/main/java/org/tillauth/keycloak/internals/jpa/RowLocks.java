package org.tillauth.keycloak.internals.jpa;

import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceException;
import java.util.List;
import java.util.Locale;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ModelException;
import org.keycloak.models.RealmModel;
import org.keycloak.models.jpa.entities.UserEntity;

/**
 * Pessimistic row locks on Keycloak's own rows ({@code SELECT ... FOR UPDATE} through the request's
 * entity manager), held until the request's transaction ends. They serialise administrators who
 * change the same object, or check a realm-wide rule (a unique name, the API-client limit, a
 * reference) before writing, on one node or several sharing the database: Keycloak's optimistic
 * writes would otherwise fail one of two concurrent requests at commit (a 500) or let both pass a
 * check neither would pass after the other. A lock that cannot be had in time, or a write that
 * still loses a race, is a {@link Conflict} (409), never a server error. (Keycloak's entity manager
 * turns persistence exceptions into {@link ModelException}s, so both are caught.)
 *
 * <p>Every caller takes its rows in one order: the realm's row, then a client's or a group's row,
 * then a user's row (a till), so two requests never wait for each other in opposite orders.
 */
public final class RowLocks {

  /** Another administrator changed the same thing at the same time. */
  public static final class Conflict extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Conflict(Throwable cause) {
      super(cause);
    }
  }

  private RowLocks() {}

  /**
   * The realm's row: held by every request that checks a rule over the realm's API clients, stores
   * or access groups (uniqueness, the limit, references) before it writes.
   */
  public static void realm(KeycloakSession session, RealmModel realm) {
    lock(session, "select r from RealmEntity r where r.id = :id", realm.getId());
  }

  /**
   * The client's row, if the client exists in this realm (Keycloak's lookup by id does not check
   * the realm). Returns false when there is no such client in the realm.
   */
  public static boolean client(KeycloakSession session, RealmModel realm, String id) {
    try {
      List<?> rows =
          Jpql.em(session)
              .createQuery("select c from ClientEntity c where c.id = :id and c.realmId = :realm")
              .setParameter("id", id)
              .setParameter("realm", realm.getId())
              .setLockMode(LockModeType.PESSIMISTIC_WRITE)
              .getResultList();
      return !rows.isEmpty();
    } catch (PersistenceException | ModelException e) {
      throw new Conflict(e);
    }
  }

  /**
   * The row of the group with this name directly under {@code parentId}, if there is one: taken
   * before the group is read, so that it is read as the previous writer left it.
   */
  public static void childGroup(
      KeycloakSession session, RealmModel realm, String parentId, String name) {
    try {
      Jpql.em(session)
          .createQuery(
              "select g from GroupEntity g where g.realm = :realm and g.parentId = :parent"
                  + " and g.name = :name")
          .setParameter("realm", realm.getId())
          .setParameter("parent", parentId)
          .setParameter("name", name)
          .setLockMode(LockModeType.PESSIMISTIC_WRITE)
          .getResultList();
    } catch (PersistenceException | ModelException e) {
      throw new Conflict(e);
    }
  }

  /**
   * A till's user row, exclusive: it is about to be removed. False when a concurrent request
   * removed it first (the caller's 404).
   */
  public static boolean user(KeycloakSession session, String userId) {
    return exists(session, "select u from UserEntity u where u.id = :id", userId, true);
  }

  /**
   * The row of the realm's user with this username, shared: a request that makes the user an API
   * client's default till holds it, so that disabling or deleting the till (which takes it
   * exclusively, see {@link #user}) waits for the registration and then sees the client, or the
   * registration waits for the change and then sees it. The user's id, or null when there is none.
   */
  public static String userNamed(KeycloakSession session, RealmModel realm, String username) {
    try {
      // Keycloak keeps usernames in lower case.
      List<UserEntity> rows =
          Jpql.em(session)
              .createQuery(
                  "select u from UserEntity u where u.realmId = :realm and u.username = :name",
                  UserEntity.class)
              .setParameter("realm", realm.getId())
              .setParameter("name", username.toLowerCase(Locale.ROOT))
              .setLockMode(LockModeType.PESSIMISTIC_READ)
              .getResultList();
      return rows.isEmpty() ? null : rows.get(0).getId();
    } catch (PersistenceException | ModelException e) {
      throw new Conflict(e);
    }
  }

  /**
   * A store's group row: exclusive to delete the store; shared to add or move a till into it, so
   * that a deletion waits for the till and then counts it, and a till waits for a deletion and then
   * finds no store. False when the group is gone.
   */
  public static boolean group(KeycloakSession session, String groupId, boolean exclusive) {
    return exists(session, "select g from GroupEntity g where g.id = :id", groupId, exclusive);
  }

  private static boolean exists(
      KeycloakSession session, String query, String id, boolean exclusive) {
    try {
      return !Jpql.em(session)
          .createQuery(query)
          .setParameter("id", id)
          .setLockMode(exclusive ? LockModeType.PESSIMISTIC_WRITE : LockModeType.PESSIMISTIC_READ)
          .getResultList()
          .isEmpty();
    } catch (PersistenceException | ModelException e) {
      throw new Conflict(e);
    }
  }

  /**
   * Writes what the request changed so far, inside the endpoint, so that a write that lost a race
   * anyway (a row another node changed without taking these locks, e.g. through the console)
   * becomes a {@link Conflict} here instead of a failed commit after the endpoint answered.
   */
  public static void flush(KeycloakSession session) {
    try {
      Jpql.em(session).flush();
    } catch (PersistenceException | ModelException e) {
      throw new Conflict(e);
    }
  }

  private static void lock(KeycloakSession session, String query, String id) {
    try {
      Jpql.em(session)
          .createQuery(query)
          .setParameter("id", id)
          .setLockMode(LockModeType.PESSIMISTIC_WRITE)
          .getResultList();
    } catch (PersistenceException | ModelException e) {
      throw new Conflict(e);
    }
  }
}
