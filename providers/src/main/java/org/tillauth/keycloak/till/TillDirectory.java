package org.tillauth.keycloak.till;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.tillauth.keycloak.internals.jpa.StoreQueries;
import org.tillauth.keycloak.model.ModelNames;

/** The one place that answers "is this an enabled till of the realm, and what is its store?". */
public final class TillDirectory {

  private TillDirectory() {}

  /** The realm role every till holds ({@code till} unless configured, see {@link ModelNames}). */
  public static String tillRole() {
    return ModelNames.current().tillRole();
  }

  /** The top-level group whose direct subgroups are the stores ({@code stores} by default). */
  public static String storesGroup() {
    return ModelNames.current().storesGroup();
  }

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
   * The store with this code (a group directly under the stores group, {@code /stores} by default):
   * its canonical name. Store codes match case-insensitively, like till codes (usernames); an exact
   * match wins, and a code that matches several stores only by case names none of them.
   */
  public static Optional<String> findStore(KeycloakSession session, RealmModel realm, String code) {
    if (code == null || code.isBlank()) {
      return Optional.empty();
    }
    GroupModel exact =
        KeycloakModelUtils.findGroupByPath(session, realm, new String[] {storesGroup(), code});
    if (exact != null) {
      return Optional.of(exact.getName());
    }
    GroupModel stores =
        KeycloakModelUtils.findGroupByPath(session, realm, new String[] {storesGroup()});
    if (stores == null) {
      return Optional.empty();
    }
    // In the database, not by streaming the realm's stores (thousands at a retailer's size).
    String lower = code.toLowerCase(Locale.ROOT);
    List<StoreQueries.Code> matches =
        StoreQueries.byCodesIgnoringCase(session, realm, stores.getId(), List.of(lower))
            .getOrDefault(lower, List.of());
    return matches.size() == 1 ? Optional.of(matches.get(0).code()) : Optional.empty();
  }

  /** Holds the till role (directly, through a group or a composite). */
  public static boolean isTillRoleHolder(RealmModel realm, UserModel user) {
    RoleModel role = realm.getRole(tillRole());
    return role != null && user.hasRole(role);
  }

  public static List<String> storesOf(UserModel user) {
    return user.getGroupsStream()
        .filter(TillDirectory::isStore)
        .map(GroupModel::getName)
        .sorted()
        .toList();
  }

  public static boolean isStore(GroupModel group) {
    GroupModel parent = group.getParent();
    return parent != null && parent.getParent() == null && storesGroup().equals(parent.getName());
  }
}
