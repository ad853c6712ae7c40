package org.tillauth.keycloak.organisation;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.tillauth.keycloak.internals.jpa.StoreQueries;
import org.tillauth.keycloak.support.JsonBodies;
import org.tillauth.keycloak.till.TillDirectory;

/** Stores: the groups directly under the top-level group {@code stores}; name = store code. */
public final class Stores {

  public static final String NAME_ATTRIBUTE = "store_name";

  /** No '/', which Keycloak reads as a group path separator; no spaces a POS might trim. */
  private static final Pattern CODE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  /**
   * Longer names (Keycloak's column holds 255) or ones with controls are not looked up: a NUL would
   * make PostgreSQL fail the query.
   */
  static final int MAX_LOOKUP = 255;

  private Stores() {}

  public static boolean validCode(String code) {
    return code != null && CODE.matcher(code).matches();
  }

  public static Optional<GroupModel> parent(KeycloakSession session, RealmModel realm) {
    return Optional.ofNullable(
        KeycloakModelUtils.findGroupByPath(
            session, realm, new String[] {TillDirectory.storesGroup()}));
  }

  /** The store with this code, matched as the till login matches it (case-insensitively). */
  static Optional<GroupModel> find(KeycloakSession session, RealmModel realm, String code) {
    if (code == null || code.length() > MAX_LOOKUP || !JsonBodies.isCleanText(code)) {
      return Optional.empty();
    }
    return TillDirectory.findStore(session, realm, code)
        .map(
            name ->
                KeycloakModelUtils.findGroupByPath(
                    session, realm, new String[] {TillDirectory.storesGroup(), name}));
  }

  /** Any store whose code equals this one ignoring case: codes differing only in case clash. */
  public static boolean exists(KeycloakSession session, RealmModel realm, String code) {
    return parent(session, realm)
        .map(
            p ->
                !StoreQueries.byCodesIgnoringCase(
                        session, realm, p.getId(), List.of(code.toLowerCase(Locale.ROOT)))
                    .isEmpty())
        .orElse(false);
  }

  /** The realm role {@code till}'s id, or null when the realm has none (and so no tills). */
  public static String tillRoleId(RealmModel realm) {
    RoleModel role = realm.getRole(TillDirectory.tillRole());
    return role == null ? null : role.getId();
  }

  public static GroupModel create(
      KeycloakSession session, RealmModel realm, String code, String name) {
    GroupModel parent =
        parent(session, realm).orElseGet(() -> realm.createGroup(TillDirectory.storesGroup()));
    GroupModel store = realm.createGroup(code, parent);
    if (name != null) {
      store.setSingleAttribute(NAME_ATTRIBUTE, name);
    }
    return store;
  }

  static Map<String, Object> view(KeycloakSession session, RealmModel realm, GroupModel store) {
    String roleId = tillRoleId(realm);
    long tills =
        roleId == null
            ? 0
            : StoreQueries.tillCounts(session, roleId, List.of(store.getId()))
                .getOrDefault(store.getId(), 0L);
    return view(store.getName(), store.getFirstAttribute(NAME_ATTRIBUTE), tills);
  }

  static Map<String, Object> view(StoreQueries.Row row) {
    return view(row.code(), row.name(), row.tills());
  }

  private static Map<String, Object> view(String code, String name, long tills) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("code", code);
    view.put("name", name);
    view.put("tills", tills);
    return view;
  }
}
