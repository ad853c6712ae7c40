package org.tillauth.keycloak.till;

import jakarta.ws.rs.core.Response;
import java.util.List;
import org.keycloak.OAuthErrorException;
import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;
import org.keycloak.provider.ProviderEvent;
import org.keycloak.provider.ProviderEventListener;
import org.keycloak.services.ErrorResponseException;

/**
 * Refuses the change that would make a till belong to a second store, where Keycloak lets an
 * extension see it: the model events it publishes inside the change's transaction when a user joins
 * a group or is granted a role directly (admin console, admin REST, realm and partial import). The
 * change is rolled back and the request answers 400 {@code invalid_request} naming the stores. A
 * till role that arrives indirectly (through a group or a composite role) publishes no such event
 * for the {@code till} role; the till paths refuse such a till when it is used. Only registered on
 * a Keycloak that has both events ({@link TillMd5PasswordAuthenticatorFactory}).
 */
final class StoreMembershipGuard implements ProviderEventListener {

  @Override
  public void onEvent(ProviderEvent event) {
    if (event instanceof GroupModel.GroupMemberJoinEvent join
        && TillDirectory.isStore(join.getGroup())
        && TillDirectory.isTillRoleHolder(join.getRealm(), join.getUser())) {
      List<String> stores = TillDirectory.storesOf(join.getUser());
      if (stores.size() > 1) {
        refuse(
            join.getKeycloakSession(),
            joinRefusal(join.getUser().getUsername(), join.getGroup().getName(), stores));
      }
    } else if (event instanceof RoleModel.RoleGrantedEvent grant
        && isTillRole(grant.getRole(), grant.getRealm())) {
      List<String> stores = TillDirectory.storesOf(grant.getUser());
      if (stores.size() > 1) {
        refuse(grant.getKeycloakSession(), grantRefusal(grant.getUser(), stores));
      }
    }
  }

  private static boolean isTillRole(RoleModel role, RealmModel realm) {
    RoleModel till = realm.getRole(TillDirectory.tillRole());
    return till != null && till.getId().equals(role.getId());
  }

  private static void refuse(KeycloakSession session, String message) {
    session.getTransactionManager().setRollbackOnly();
    throw new ErrorResponseException(
        OAuthErrorException.INVALID_REQUEST, message, Response.Status.BAD_REQUEST);
  }

  static String joinRefusal(String till, String joined, List<String> stores) {
    List<String> others =
        stores.stream().filter(store -> !store.equals(joined)).map(s -> "'" + s + "'").toList();
    return "Till '"
        + till
        + "' cannot join store '"
        + joined
        + "': it is already in store "
        + String.join(", ", others)
        + " (a till belongs to one store)";
  }

  static String grantRefusal(UserModel user, List<String> stores) {
    return "User '"
        + user.getUsername()
        + "' cannot be given the role '"
        + TillDirectory.tillRole()
        + "': it is in more than one store ("
        + String.join(", ", stores)
        + "), and a till belongs to one store";
  }
}
