package org.tillauth.keycloak.internals.jpa;

import jakarta.persistence.TypedQuery;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * Stores in the database: the groups directly under the stores group, with their display name
 * (group attribute) and till counts from counting queries.
 */
public final class StoreQueries {

  /** A store as a list shows it. */
  public record Row(String id, String code, String name, long tills) {}

  private StoreQueries() {}

  /**
   * How many stores match: a {@code LIKE} pattern (lower case, {@code \} escapes) on the code or
   * the display name, or every store when null.
   */
  public static long count(
      KeycloakSession session, RealmModel realm, String parentId, String nameAttribute, String p) {
    TypedQuery<Long> query =
        Jpql.em(session).createQuery("select count(g) from GroupEntity g" + where(p), Long.class);
    bind(query, realm, parentId, nameAttribute, p);
    return query.getSingleResult();
  }

  /** One page ordered by code (ignoring case), with names and till counts. */
  public static List<Row> page(
      KeycloakSession session,
      RealmModel realm,
      String parentId,
      String nameAttribute,
      String tillRoleId,
      String p,
      int first,
      int max) {
    TypedQuery<Object[]> query =
        Jpql.em(session)
            .createQuery(
                "select g.id, g.name from GroupEntity g"
                    + where(p)
                    + " order by lower(g.name), g.name",
                Object[].class);
    bind(query, realm, parentId, nameAttribute, p);
    return rows(session, nameAttribute, tillRoleId, Jpql.page(query, first, max).getResultList());
  }

  /** The page of stores after the one with code {@code after} (null: the first), for exports. */
  public static List<Row> pageAfter(
      KeycloakSession session,
      RealmModel realm,
      String parentId,
      String nameAttribute,
      String after,
      int max) {
    TypedQuery<Object[]> query =
        Jpql.em(session)
            .createQuery(
                "select g.id, g.name from GroupEntity g"
                    + where(null)
                    + (after == null ? "" : " and g.name > :after")
                    + " order by g.name",
                Object[].class);
    bind(query, realm, parentId, nameAttribute, null);
    if (after != null) {
      query.setParameter("after", after);
    }
    return rows(session, nameAttribute, null, query.setMaxResults(max).getResultList());
  }

  /** A store found by its code: group id and code as stored. */
  public record Code(String id, String code) {}

  /** The stores whose code equals one of these ignoring case, per lower-cased code. */
  public static Map<String, List<Code>> byCodesIgnoringCase(
      KeycloakSession session, RealmModel realm, String parentId, Collection<String> lowerCodes) {
    Map<String, List<Code>> result = new HashMap<>();
    if (parentId == null) {
      return result;
    }
    for (Object[] g :
        Jpql.inChunks(
            lowerCodes,
            chunk ->
                Jpql.em(session)
                    .createQuery(
                        "select g.id, g.name from GroupEntity g where g.realm = :realm"
                            + " and g.parentId = :parent and lower(g.name) in :codes",
                        Object[].class)
                    .setParameter("realm", realm.getId())
                    .setParameter("parent", parentId)
                    .setParameter("codes", chunk)
                    .getResultList())) {
      String name = (String) g[1];
      result
          .computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new ArrayList<>())
          .add(new Code((String) g[0], name));
    }
    return result;
  }

  /** The display names (attribute values) of these stores, per group id. */
  public static Map<String, String> names(
      KeycloakSession session, String nameAttribute, Collection<String> groupIds) {
    Map<String, String> names = new HashMap<>();
    for (Object[] a :
        Jpql.inChunks(
            groupIds,
            chunk ->
                Jpql.em(session)
                    .createQuery(
                        "select a.group.id, a.value from GroupAttributeEntity a"
                            + " where a.group.id in :ids and a.name = :attr",
                        Object[].class)
                    .setParameter("ids", chunk)
                    .setParameter("attr", nameAttribute)
                    .getResultList())) {
      names.putIfAbsent((String) a[0], (String) a[1]);
    }
    return names;
  }

  /** Members of each store that hold the till role directly and are no service account. */
  public static Map<String, Long> tillCounts(
      KeycloakSession session, String tillRoleId, Collection<String> groupIds) {
    Map<String, Long> counts = new HashMap<>();
    if (tillRoleId == null) {
      return counts;
    }
    for (Object[] c :
        Jpql.inChunks(
            groupIds,
            chunk ->
                Jpql.em(session)
                    .createQuery(
                        "select m.groupId, count(m) from UserGroupMembershipEntity m"
                            + " where m.groupId in :ids and m.user.serviceAccountClientLink is null"
                            + " and exists (select r from UserRoleMappingEntity r"
                            + " where r.user = m.user and r.roleId = :role)"
                            + " group by m.groupId",
                        Object[].class)
                    .setParameter("ids", chunk)
                    .setParameter("role", tillRoleId)
                    .getResultList())) {
      counts.put((String) c[0], (Long) c[1]);
    }
    return counts;
  }

  private static String where(String p) {
    return " where g.realm = :realm and g.parentId = :parent"
        + (p == null
            ? ""
            : " and (lower(g.name) like :p escape '\\' or exists (select a from"
                + " GroupAttributeEntity a where a.group = g and a.name = :attr"
                + " and lower(a.value) like :p escape '\\'))");
  }

  private static void bind(
      TypedQuery<?> query, RealmModel realm, String parentId, String nameAttribute, String p) {
    query.setParameter("realm", realm.getId()).setParameter("parent", parentId);
    if (p != null) {
      query.setParameter("p", p).setParameter("attr", nameAttribute);
    }
  }

  private static List<Row> rows(
      KeycloakSession session, String nameAttribute, String tillRoleId, List<Object[]> groups) {
    List<String> ids = groups.stream().map(g -> (String) g[0]).toList();
    Map<String, String> names = names(session, nameAttribute, ids);
    Map<String, Long> counts = tillRoleId == null ? Map.of() : tillCounts(session, tillRoleId, ids);
    return groups.stream()
        .map(
            g -> {
              String id = (String) g[0];
              return new Row(id, (String) g[1], names.get(id), counts.getOrDefault(id, 0L));
            })
        .toList();
  }
}
