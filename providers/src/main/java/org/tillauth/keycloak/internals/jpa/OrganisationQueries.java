package org.tillauth.keycloak.internals.jpa;

import jakarta.persistence.TypedQuery;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.jpa.entities.RealmEntity;

/**
 * The platform's organisations in the database: every realm but the administration realm (master)
 * that has the realm role of tills, as both the organisation template and the demo realm define it;
 * a realm without it has no tills and is not run with this extension. One query for a page, one for
 * its count and one for the page's display names: no realm is loaded as a model.
 */
public final class OrganisationQueries {

  /** An organisation of a page: its realm's id and name (the code) and its till role's id. */
  public record Row(String realmId, String code, String name, String tillRoleId) {}

  /**
   * Where the realm's display name is: a column of {@code RealmEntity} from Keycloak 26.7, before
   * that the realm attribute {@value #DISPLAY_NAME} (the JAR supports 26.4 on, see README).
   */
  static final String DISPLAY_NAME = "displayName";

  private static final String FROM =
      " from RealmEntity e, RoleEntity r where r.realmId = e.id and r.clientRole = false"
          + " and r.name = :till and e.name <> :admin";

  // The code or the display name matches (both lower case, a LIKE pattern with \ escapes).
  private static final String SEARCH_COLUMN =
      " and (lower(e.name) like :search escape '\\' or lower(e.displayName) like :search"
          + " escape '\\')";
  private static final String SEARCH_ATTRIBUTE =
      " and (lower(e.name) like :search escape '\\' or exists (select a from RealmAttributeEntity"
          + " a where a.realm = e and a.name = :displayName and lower(a.value) like :search"
          + " escape '\\'))";

  private OrganisationQueries() {}

  /** How many organisations match; {@code pattern} null for all. */
  public static long count(
      KeycloakSession session, String adminRealm, String tillRole, String pattern) {
    boolean column = displayNameColumn(session);
    TypedQuery<Long> query =
        Jpql.em(session)
            .createQuery("select count(e)" + FROM + search(pattern, column), Long.class);
    bind(query, adminRealm, tillRole, pattern, column);
    return query.getSingleResult();
  }

  /** One page of organisations, ordered by code. */
  public static List<Row> page(
      KeycloakSession session,
      String adminRealm,
      String tillRole,
      String pattern,
      int first,
      int max) {
    boolean column = displayNameColumn(session);
    TypedQuery<Object[]> query =
        Jpql.em(session)
            .createQuery(
                "select e.id, e.name, r.id"
                    + (column ? ", e.displayName" : "")
                    + FROM
                    + search(pattern, column)
                    + " order by e.name",
                Object[].class);
    bind(query, adminRealm, tillRole, pattern, column);
    List<Object[]> realms = Jpql.page(query, first, max).getResultList();
    Map<String, String> names = new HashMap<>();
    if (column) {
      realms.forEach(r -> names.put((String) r[0], (String) r[3]));
    } else {
      names.putAll(displayNames(session, realms.stream().map(r -> (String) r[0]).toList()));
    }
    List<Row> rows = new ArrayList<>(realms.size());
    for (Object[] realm : realms) {
      String id = (String) realm[0];
      rows.add(new Row(id, (String) realm[1], names.get(id), (String) realm[2]));
    }
    return rows;
  }

  /** Whether this Keycloak keeps the display name in a column of {@code RealmEntity} (26.7 on). */
  static boolean displayNameColumn(KeycloakSession session) {
    try {
      Jpql.em(session).getMetamodel().entity(RealmEntity.class).getAttribute(DISPLAY_NAME);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** Before Keycloak 26.7: the realm attribute, one query for the page's realms. */
  private static Map<String, String> displayNames(
      KeycloakSession session, Collection<String> realmIds) {
    Map<String, String> names = new HashMap<>();
    if (realmIds.isEmpty()) {
      return names;
    }
    for (Object[] a :
        Jpql.inChunks(
            realmIds,
            chunk ->
                Jpql.em(session)
                    .createQuery(
                        "select a.realm.id, a.value from RealmAttributeEntity a"
                            + " where a.realm.id in :ids and a.name = :displayName",
                        Object[].class)
                    .setParameter("ids", chunk)
                    .setParameter("displayName", DISPLAY_NAME)
                    .getResultList())) {
      names.put((String) a[0], (String) a[1]);
    }
    return names;
  }

  private static String search(String pattern, boolean column) {
    if (pattern == null) {
      return "";
    }
    return column ? SEARCH_COLUMN : SEARCH_ATTRIBUTE;
  }

  private static void bind(
      TypedQuery<?> query, String adminRealm, String tillRole, String pattern, boolean column) {
    query.setParameter("till", tillRole).setParameter("admin", adminRealm);
    if (pattern != null) {
      query.setParameter("search", pattern);
      if (!column) {
        query.setParameter("displayName", DISPLAY_NAME);
      }
    }
  }
}
