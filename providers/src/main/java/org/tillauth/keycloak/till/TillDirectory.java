package org.tillauth.keycloak.till;

import java.util.List;
import java.util.Optional;
import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/** The one place that answers "is this an enabled till of the realm, and what is its store?". */
public final class TillDirectory {

  public static final String TILL_ROLE = "till";
  public static final String STORES_GROUP = "stores";

  private TillDirectory() {}

  /** The enabled till with this code (username), or empty for anything else. */
  public static Optional<Till> find(KeycloakSession session, RealmModel realm, String code) {
    if (code == null || code.isBlank()) {
      return Optional.empty();
    }
    return asTill(realm, session.users().getUserByUsername(realm, code));
  }

  /** The user as a till, or empty when it is missing, disabled, a service account or no till. */
  public static Optional<Till> asTill(RealmModel realm, UserModel user) {
    if (user == null || !user.isEnabled() || user.getServiceAccountClientLink() != null) {
      return Optional.empty();
    }
    if (!isTillRoleHolder(realm, user)) {
      return Optional.empty();
    }
    return Optional.of(new Till(user.getUsername(), storesOf(user)));
  }

  /**
   * The store with this code (a group directly under {@code /stores}): its canonical name. Store
   * codes match case-insensitively, like till codes (usernames); an exact match wins, and a code
   * that matches several stores only by case names none of them.
   */
  public static Optional<String> findStore(KeycloakSession session, RealmModel realm, String code) {
    if (code == null || code.isBlank()) {
      return Optional.empty();
    }
    GroupModel exact =
        KeycloakModelUtils.findGroupByPath(session, realm, new String[] {STORES_GROUP, code});
    if (exact != null) {
      return Optional.of(exact.getName());
    }
    GroupModel stores =
        KeycloakModelUtils.findGroupByPath(session, realm, new String[] {STORES_GROUP});
    if (stores == null) {
      return Optional.empty();
    }
    List<String> matches =
        stores
            .getSubGroupsStream()
            .map(GroupModel::getName)
            .filter(code::equalsIgnoreCase)
            .limit(2)
            .toList();
    return matches.size() == 1 ? Optional.of(matches.get(0)) : Optional.empty();
  }

  /** Holds the realm role {@code till} (directly, through a group or a composite). */
  public static boolean isTillRoleHolder(RealmModel realm, UserModel user) {
    RoleModel role = realm.getRole(TILL_ROLE);
    return role != null && user.hasRole(role);
  }

  static List<String> storesOf(UserModel user) {
    return user.getGroupsStream()
        .filter(TillDirectory::isStore)
        .map(GroupModel::getName)
        .sorted()
        .toList();
  }

  static boolean isStore(GroupModel group) {
    GroupModel parent = group.getParent();
    return parent != null && parent.getParent() == null && STORES_GROUP.equals(parent.getName());
  }
}
