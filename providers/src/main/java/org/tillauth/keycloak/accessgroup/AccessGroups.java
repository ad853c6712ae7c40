package org.tillauth.keycloak.accessgroup;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.tillauth.keycloak.model.ModelNames;

/**
 * Access groups: the groups directly under the top-level group {@code access-groups} (the name is
 * configurable, see {@link ModelNames}).
 */
public final class AccessGroups {

  /** Group attribute {@code true} on groups shipped with the organisation: read-only. */
  public static final String BUILT_IN = "till-auth.built-in";

  /** Group attribute {@code false} on a deactivated group; absent means active. */
  public static final String ACTIVE = "till-auth.active";

  /** Group attribute with the group's description (the demo realm's convention). */
  public static final String DESCRIPTION = "description";

  private AccessGroups() {}

  /** The top-level group of the access groups ({@code access-groups} unless configured). */
  public static String parentGroup() {
    return ModelNames.current().accessGroupsGroup();
  }

  /** The access group named {@code POS} or {@code /access-groups/POS}; empty for anything else. */
  public static Optional<GroupModel> find(KeycloakSession session, RealmModel realm, String name) {
    String groupName = nameOf(name);
    if (groupName == null) {
      return Optional.empty();
    }
    return Optional.ofNullable(
        KeycloakModelUtils.findGroupByPath(
            session, realm, new String[] {parentGroup(), groupName}));
  }

  /** The top-level group {@code access-groups}, or null when the realm has none. */
  public static GroupModel parent(KeycloakSession session, RealmModel realm) {
    return KeycloakModelUtils.findGroupByPath(session, realm, new String[] {parentGroup()});
  }

  public static boolean isBuiltIn(GroupModel group) {
    return "true".equalsIgnoreCase(strip(group.getFirstAttribute(BUILT_IN)));
  }

  /**
   * Deactivated groups are not offered or accepted for API clients, and grant nothing should a
   * client still name one (possible only through paths that skip the mapper's validation).
   */
  public static boolean isActive(GroupModel group) {
    return !"false".equalsIgnoreCase(strip(group.getFirstAttribute(ACTIVE)));
  }

  /**
   * The groups an API client may name, sorted by name, as {@code {"name","path"}}: deactivated
   * groups are refused for API clients ({@link AccessGroupMapper}), so not offered either.
   */
  public static List<Map<String, Object>> offeredToApiClients(
      KeycloakSession session, RealmModel realm) {
    GroupModel parent = parent(session, realm);
    if (parent == null) {
      return List.of();
    }
    return parent
        .getSubGroupsStream()
        .filter(AccessGroups::isActive)
        .map(GroupModel::getName)
        .sorted(String.CASE_INSENSITIVE_ORDER)
        .map(
            name -> {
              Map<String, Object> group = new LinkedHashMap<>();
              group.put("name", name);
              group.put("path", "/" + parentGroup() + "/" + name);
              return group;
            })
        .toList();
  }

  private static String strip(String value) {
    return value == null ? null : value.strip();
  }

  /** The bare group name of a configured value, or null when it is not one. */
  static String nameOf(String configured) {
    if (configured == null || configured.isBlank()) {
      return null;
    }
    String name = configured.strip();
    String prefix = "/" + parentGroup() + "/";
    if (name.startsWith(prefix)) {
      name = name.substring(prefix.length());
    }
    return name.isEmpty() || name.contains("/") ? null : name;
  }
}
