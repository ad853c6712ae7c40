package org.tillauth.keycloak.internals.jpa;

import jakarta.persistence.TypedQuery;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.credential.PasswordCredentialModel;
import org.keycloak.models.credential.dto.PasswordCredentialData;
import org.keycloak.util.JsonSerialization;

/**
 * Tills in the database: users of the realm that hold the till role directly (as Keycloak's own
 * role-members list shows them) and are no service account. One query for a page, one for its
 * count, and two more for the page's stores and password algorithms: nothing per row.
 */
public final class TillQueries {

  /**
   * What a list asks for: a {@code LIKE} pattern on the code (lower case, {@code \} escapes), the
   * id of one store, enabled or disabled; null means no condition.
   */
  public record Filter(String codePattern, String storeId, Boolean enabled) {}

  /**
   * A till as a list shows it: its stores (names of its groups under the stores group) and the
   * algorithm of its password credential (null without one).
   */
  public record Row(
      String id, String code, boolean enabled, List<String> stores, String passwordAlgorithm) {}

  /** A user of the realm with one of the looked-up usernames. */
  public record Existing(String id, String username, boolean till, List<String> stores) {}

  private static final String FROM =
      " from UserEntity u where u.realmId = :realm and u.serviceAccountClientLink is null"
          + " and exists (select r from UserRoleMappingEntity r where r.user = u and r.roleId ="
          + " :role)";

  private TillQueries() {}

  public static long count(KeycloakSession session, RealmModel realm, String roleId, Filter f) {
    if (f.codePattern() == null && f.storeId() == null && f.enabled() == null) {
      // Every holder of the role (a realm role is held only by its realm's users), less service
      // accounts: an index-only count of the role's mappings, about 5 times faster than the
      // filtered count at 50,000 tills on PostgreSQL.
      long holders =
          Jpql.em(session)
              .createQuery(
                  "select count(r) from UserRoleMappingEntity r where r.roleId = :role", Long.class)
              .setParameter("role", roleId)
              .getSingleResult();
      long serviceAccounts =
          Jpql.em(session)
              .createQuery(
                  "select count(r) from UserRoleMappingEntity r where r.roleId = :role"
                      + " and r.user.serviceAccountClientLink is not null",
                  Long.class)
              .setParameter("role", roleId)
              .getSingleResult();
      return holders - serviceAccounts;
    }
    TypedQuery<Long> query =
        Jpql.em(session).createQuery("select count(u)" + FROM + conditions(f, false), Long.class);
    bind(query, realm, roleId, f, null);
    return query.getSingleResult();
  }

  /**
   * The tills of several realms, per realm id (realms without tills left out): the unfiltered
   * {@link #count} (holders of the till role less service accounts) for each of {@code roleIds},
   * the realms' till roles, in one grouped query per chunk.
   */
  public static Map<String, Long> countByRealm(
      KeycloakSession session, Collection<String> roleIds) {
    Map<String, Long> counts = new HashMap<>();
    for (Object[] row :
        Jpql.inChunks(
            roleIds,
            chunk ->
                Jpql.em(session)
                    .createQuery(
                        "select r.user.realmId, count(r) from UserRoleMappingEntity r"
                            + " where r.roleId in :roles and r.user.serviceAccountClientLink is null"
                            + " group by r.user.realmId",
                        Object[].class)
                    .setParameter("roles", chunk)
                    .getResultList())) {
      counts.put((String) row[0], (Long) row[1]);
    }
    return counts;
  }

  /** One page, ordered by code. */
  public static List<Row> page(
      KeycloakSession session,
      RealmModel realm,
      String roleId,
      String storesParentId,
      Filter f,
      int first,
      int max) {
    TypedQuery<Object[]> query =
        Jpql.em(session)
            .createQuery(
                "select u.id, u.username, u.enabled"
                    + FROM
                    + conditions(f, false)
                    + " order by u.username",
                Object[].class);
    bind(query, realm, roleId, f, null);
    return rows(session, storesParentId, Jpql.page(query, first, max).getResultList());
  }

  /** The page after the till with code {@code after} (null: the first page), for exports. */
  public static List<Row> pageAfter(
      KeycloakSession session,
      RealmModel realm,
      String roleId,
      String storesParentId,
      Filter f,
      String after,
      int max) {
    TypedQuery<Object[]> query =
        Jpql.em(session)
            .createQuery(
                "select u.id, u.username, u.enabled"
                    + FROM
                    + conditions(f, after != null)
                    + " order by u.username",
                Object[].class);
    bind(query, realm, roleId, f, after);
    return rows(session, storesParentId, query.setMaxResults(max).getResultList());
  }

  /**
   * The users with these usernames (lower case, as Keycloak stores them), whether they are tills
   * and in which stores: what an import checks before it writes.
   */
  public static Map<String, Existing> byUsernames(
      KeycloakSession session,
      RealmModel realm,
      String roleId,
      String storesParentId,
      Collection<String> usernames) {
    List<Object[]> users =
        Jpql.inChunks(
            usernames,
            chunk ->
                Jpql.em(session)
                    .createQuery(
                        "select u.id, u.username, u.serviceAccountClientLink from UserEntity u"
                            + " where u.realmId = :realm and u.username in :names",
                        Object[].class)
                    .setParameter("realm", realm.getId())
                    .setParameter("names", chunk)
                    .getResultList());
    Map<String, String> usernameById = new LinkedHashMap<>();
    Set<String> serviceAccounts = new java.util.HashSet<>();
    for (Object[] user : users) {
      usernameById.put((String) user[0], (String) user[1]);
      if (user[2] != null) {
        serviceAccounts.add((String) user[0]);
      }
    }
    Set<String> holders =
        roleId == null
            ? Set.of()
            : Set.copyOf(
                Jpql.inChunks(
                    usernameById.keySet(),
                    chunk ->
                        Jpql.em(session)
                            .createQuery(
                                "select r.user.id from UserRoleMappingEntity r"
                                    + " where r.user.id in :ids and r.roleId = :role",
                                String.class)
                            .setParameter("ids", chunk)
                            .setParameter("role", roleId)
                            .getResultList()));
    Map<String, List<String>> stores = stores(session, storesParentId, usernameById.keySet());
    Map<String, Existing> result = new HashMap<>();
    usernameById.forEach(
        (id, username) ->
            result.put(
                username,
                new Existing(
                    id,
                    username,
                    holders.contains(id) && !serviceAccounts.contains(id),
                    stores.getOrDefault(id, List.of()))));
    return result;
  }

  private static String conditions(Filter f, boolean after) {
    StringBuilder where = new StringBuilder();
    if (f.codePattern() != null) {
      where.append(" and u.username like :code escape '\\'");
    }
    if (f.enabled() != null) {
      where.append(" and u.enabled = :enabled");
    }
    if (f.storeId() != null) {
      where.append(
          " and exists (select m from UserGroupMembershipEntity m where m.user = u"
              + " and m.groupId = :store)");
    }
    if (after) {
      where.append(" and u.username > :after");
    }
    return where.toString();
  }

  private static void bind(
      TypedQuery<?> query, RealmModel realm, String roleId, Filter f, String after) {
    query.setParameter("realm", realm.getId()).setParameter("role", roleId);
    if (f.codePattern() != null) {
      query.setParameter("code", f.codePattern());
    }
    if (f.enabled() != null) {
      query.setParameter("enabled", f.enabled());
    }
    if (f.storeId() != null) {
      query.setParameter("store", f.storeId());
    }
    if (after != null) {
      query.setParameter("after", after);
    }
  }

  private static List<Row> rows(
      KeycloakSession session, String storesParentId, List<Object[]> users) {
    List<String> ids = users.stream().map(u -> (String) u[0]).toList();
    Map<String, List<String>> stores = stores(session, storesParentId, ids);
    Map<String, String> algorithms = passwordAlgorithms(session, ids);
    List<Row> rows = new ArrayList<>(users.size());
    for (Object[] user : users) {
      String id = (String) user[0];
      rows.add(
          new Row(
              id,
              (String) user[1],
              (Boolean) user[2],
              stores.getOrDefault(id, List.of()),
              algorithms.get(id)));
    }
    return rows;
  }

  /** The names of the users' groups directly under the stores group, sorted, per user id. */
  private static Map<String, List<String>> stores(
      KeycloakSession session, String storesParentId, Collection<String> userIds) {
    if (storesParentId == null || userIds.isEmpty()) {
      return Map.of();
    }
    List<Object[]> memberships =
        Jpql.inChunks(
            userIds,
            chunk ->
                Jpql.em(session)
                    .createQuery(
                        "select m.user.id, g.name from UserGroupMembershipEntity m, GroupEntity g"
                            + " where m.user.id in :ids and g.id = m.groupId"
                            + " and g.parentId = :parent",
                        Object[].class)
                    .setParameter("ids", chunk)
                    .setParameter("parent", storesParentId)
                    .getResultList());
    Map<String, TreeSet<String>> byUser = new HashMap<>();
    for (Object[] m : memberships) {
      byUser.computeIfAbsent((String) m[0], k -> new TreeSet<>()).add((String) m[1]);
    }
    Map<String, List<String>> result = new HashMap<>();
    byUser.forEach((user, names) -> result.put(user, List.copyOf(names)));
    return result;
  }

  /** The algorithm of each user's first password credential (by priority), per user id. */
  private static Map<String, String> passwordAlgorithms(
      KeycloakSession session, Collection<String> userIds) {
    if (userIds.isEmpty()) {
      return Map.of();
    }
    List<Object[]> credentials =
        Jpql.inChunks(
            userIds,
            chunk ->
                Jpql.em(session)
                    .createQuery(
                        "select c.user.id, c.credentialData from CredentialEntity c"
                            + " where c.user.id in :ids and c.type = :type order by c.priority",
                        Object[].class)
                    .setParameter("ids", chunk)
                    .setParameter("type", PasswordCredentialModel.TYPE)
                    .getResultList());
    Map<String, String> result = new HashMap<>();
    for (Object[] c : credentials) {
      result.putIfAbsent((String) c[0], algorithm((String) c[1]));
    }
    return result;
  }

  private static String algorithm(String credentialData) {
    try {
      PasswordCredentialData data =
          JsonSerialization.readValue(credentialData, PasswordCredentialData.class);
      return data.getAlgorithm() == null ? "" : data.getAlgorithm();
    } catch (IOException | RuntimeException e) {
      return "";
    }
  }
}
