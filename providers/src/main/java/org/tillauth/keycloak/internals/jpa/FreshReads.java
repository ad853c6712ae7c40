package org.tillauth.keycloak.internals.jpa;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

  /** A confidential client of this authenticator type (the API clients' definition). */
  private static final String CONFIDENTIAL_USING =
      " and c.clientAuthenticatorType = :type and c.publicClient = false";

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
            "select count(c) from ClientEntity c where c.realmId = :realm" + CONFIDENTIAL_USING,
            Long.class)
        .setParameter("realm", realm.getId())
        .setParameter("type", authenticatorType)
        .getSingleResult();
  }

  /**
   * {@link #confidentialClientsUsing} for several realms in one grouped query per chunk, per realm
   * id (realms without such clients left out).
   */
  public static Map<String, Long> confidentialClientsUsingByRealm(
      KeycloakSession session, Collection<String> realmIds, String authenticatorType) {
    Map<String, Long> counts = new HashMap<>();
    for (Object[] row :
        Jpql.inChunks(
            realmIds,
            chunk ->
                Jpql.em(session)
                    .createQuery(
                        "select c.realmId, count(c) from ClientEntity c where c.realmId in :realms"
                            + CONFIDENTIAL_USING
                            + " group by c.realmId",
                        Object[].class)
                    .setParameter("realms", chunk)
                    .setParameter("type", authenticatorType)
                    .getResultList())) {
      counts.put((String) row[0], (Long) row[1]);
    }
    return counts;
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
   * The group directly under {@code parentId} named exactly {@code name}, as the database has it:
   * empty when there is none, else whether its attribute {@code activeAttribute} is anything but
   * {@code false} (absent means active).
   */
  public static Optional<Boolean> childGroupActive(
      KeycloakSession session,
      RealmModel realm,
      String parentId,
      String name,
      String activeAttribute) {
    List<String> ids =
        Jpql.em(session)
            .createQuery(
                "select g.id from GroupEntity g where g.realm = :realm and g.parentId = :parent"
                    + " and g.name = :name",
                String.class)
            .setParameter("realm", realm.getId())
            .setParameter("parent", parentId)
            .setParameter("name", name)
            .getResultList();
    if (ids.isEmpty()) {
      return Optional.empty();
    }
    List<String> values =
        Jpql.em(session)
            .createQuery(
                "select a.value from GroupAttributeEntity a where a.group.id = :id"
                    + " and a.name = :name",
                String.class)
            .setParameter("id", ids.get(0))
            .setParameter("name", activeAttribute)
            .getResultList();
    return Optional.of(
        values.stream().noneMatch(v -> v != null && "false".equalsIgnoreCase(v.strip())));
  }

  /**
   * What the realm's clients have configured under {@code key} in their own mappers of type {@code
   * mapperType} (client scopes' mappers left out): pairs of client id and value, as the database
   * has them. The values are compared by the caller (they may be long text columns, which some
   * databases cannot compare in a query).
   */
  public static List<MapperSetting> mapperSettings(
      KeycloakSession session, RealmModel realm, String mapperType, String key) {
    return Jpql.em(session)
        .createQuery(
            "select m.client.id, value(c) from ProtocolMapperEntity m join m.config c"
                + " where m.client.realmId = :realm and m.protocolMapper = :type"
                + " and key(c) = :key",
            Object[].class)
        .setParameter("realm", realm.getId())
        .setParameter("type", mapperType)
        .setParameter("key", key)
        .getResultList()
        .stream()
        .map(row -> new MapperSetting((String) row[0], (String) row[1]))
        .toList();
  }

  /** One client's setting in one of its mappers, see {@link #mapperSettings}. */
  public record MapperSetting(String clientId, String value) {}

  /** Whether the user is enabled, as the database has it; empty when there is no such user. */
  public static Optional<Boolean> userEnabled(KeycloakSession session, String userId) {
    return Jpql.em(session)
        .createQuery("select u.enabled from UserEntity u where u.id = :id", Boolean.class)
        .setParameter("id", userId)
        .getResultList()
        .stream()
        .findFirst();
  }

  /**
   * The client as the database has it, for reading only: Keycloak's JPA model under the cache.
   * Writes still go through the cached model, which invalidates the cache on every node.
   */
  public static ClientModel client(KeycloakSession session, RealmModel realm, String id) {
    return session.getProvider(ClientProvider.class, "jpa").getClientById(realm, id);
  }
}
