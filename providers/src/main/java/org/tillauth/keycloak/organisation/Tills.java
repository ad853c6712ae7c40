package org.tillauth.keycloak.organisation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;
import org.tillauth.keycloak.attribution.TillAttributionConfig;
import org.tillauth.keycloak.attribution.TillAttributionMapper;
import org.tillauth.keycloak.internals.jpa.FreshReads;
import org.tillauth.keycloak.internals.jpa.TillQueries;
import org.tillauth.keycloak.support.ClientMentions;
import org.tillauth.keycloak.till.TillDirectory;
import org.tillauth.keycloak.till.TillPassword;

/**
 * Tills as the organisation pages show them: every holder of the {@code till} role, enabled or not,
 * with what keeps it from logging in.
 */
public final class Tills {

  /**
   * Keycloak keeps usernames in lower case; '@' is left out so a till code is never mistaken for an
   * e-mail login.
   */
  private static final Pattern CODE = Pattern.compile("[a-z0-9][a-z0-9._-]{2,63}");

  private Tills() {}

  public static boolean validCode(String code) {
    return code != null && CODE.matcher(code).matches();
  }

  /** A till, enabled or disabled: holds the role {@code till} and is no service account. */
  static boolean isTill(RealmModel realm, UserModel user) {
    return user != null
        && user.getServiceAccountClientLink() == null
        && TillDirectory.isTillRoleHolder(realm, user);
  }

  /**
   * The realm's clients whose till-attribution mapper names this till as its default till, read
   * from the database (see {@link FreshReads}). Any client counts, not only API clients: disabling
   * or deleting the till would break each of them. Till codes are usernames, which match
   * case-insensitively.
   */
  static List<ClientModel> clientsWithDefaultTill(
      KeycloakSession session, RealmModel realm, String code) {
    Map<String, ClientModel> clients = new LinkedHashMap<>();
    for (FreshReads.MapperSetting setting :
        FreshReads.mapperSettings(
            session,
            realm,
            TillAttributionMapper.PROVIDER_ID,
            TillAttributionConfig.DEFAULT_TILL)) {
      if (setting.value() != null && setting.value().strip().equalsIgnoreCase(code)) {
        ClientModel client = FreshReads.client(session, realm, setting.clientId());
        if (client != null) {
          clients.putIfAbsent(client.getId(), client);
        }
      }
    }
    return List.copyOf(clients.values());
  }

  public static RoleModel role(RealmModel realm) {
    RoleModel role = realm.getRole(TillDirectory.tillRole());
    return role != null ? role : realm.addRole(TillDirectory.tillRole());
  }

  static Map<String, Object> view(UserModel till) {
    return view(
        till.getId(),
        till.getUsername(),
        till.isEnabled(),
        TillDirectory.storesOf(till),
        TillPassword.state(till));
  }

  static Map<String, Object> view(TillQueries.Row row) {
    return view(
        row.id(),
        row.code(),
        row.enabled(),
        row.stores(),
        TillPassword.stateOf(row.passwordAlgorithm()));
  }

  private static Map<String, Object> view(
      String id, String code, boolean enabled, List<String> stores, TillPassword.State password) {
    List<String> problems = new ArrayList<>();
    if (stores.isEmpty()) {
      problems.add("in no store");
    } else if (stores.size() > 1) {
      problems.add("in several stores: " + String.join(", ", stores));
    }
    switch (password) {
      case NONE -> problems.add("no password");
      case UNUSABLE ->
          problems.add("password stored with another algorithm: cannot log in with a digest");
      default -> {}
    }
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("id", id);
    view.put("code", code);
    view.put("store", stores.isEmpty() ? null : stores.get(0));
    view.put("enabled", enabled);
    view.put(
        "password",
        switch (password) {
          case MD5_PREHASH -> "md5-prehash";
          case LEGACY_MD5 -> "legacy-md5";
          case UNUSABLE -> "unusable";
          case NONE -> "none";
        });
    view.put("problems", problems);
    return view;
  }

  /**
   * Refuses while any client names the till as its default till (read from the database under the
   * till's row lock, so a client saved a moment ago counts): its tokens would be refused from then
   * on. The clients the caller may view are named, the others counted.
   */
  static void requireNoDefaultTillOf(
      KeycloakSession session,
      RealmModel realm,
      UserModel till,
      String action,
      Predicate<ClientModel> visible) {
    List<ClientModel> clients = clientsWithDefaultTill(session, realm, till.getUsername());
    if (!clients.isEmpty()) {
      throw OrganisationErrors.badRequest(
          String.format(
              OrganisationErrors.TILL_IN_USE,
              till.getUsername(),
              action,
              ClientMentions.of(clients, visible)));
    }
  }
}
