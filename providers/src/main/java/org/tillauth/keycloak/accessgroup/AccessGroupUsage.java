package org.tillauth.keycloak.accessgroup;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.keycloak.models.ClientModel;
import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.tillauth.keycloak.admin.AdminErrors;
import org.tillauth.keycloak.internals.jpa.FreshReads;
import org.tillauth.keycloak.support.ClientMentions;

/**
 * Which clients name which access group in their access-group mapper (by name or path), read in one
 * pass over the realm's clients. Any client counts, not only hashed-secret API clients: removing
 * the group would break each of them.
 */
final class AccessGroupUsage {

  private final Map<String, List<ClientModel>> byGroup;

  private AccessGroupUsage(Map<String, List<ClientModel>> byGroup) {
    this.byGroup = byGroup;
  }

  static AccessGroupUsage of(RealmModel realm) {
    Map<String, List<ClientModel>> byGroup = new HashMap<>();
    realm
        .getClientsStream()
        .forEach(
            client ->
                client
                    .getProtocolMappersStream()
                    .filter(m -> AccessGroupMapper.PROVIDER_ID.equals(m.getProtocolMapper()))
                    .map(
                        m ->
                            m.getConfig() == null
                                ? null
                                : m.getConfig().get(AccessGroupMapper.ACCESS_GROUP))
                    .map(AccessGroups::nameOf)
                    .filter(name -> name != null)
                    .distinct()
                    .forEach(
                        name -> byGroup.computeIfAbsent(name, k -> new ArrayList<>()).add(client)));
    return new AccessGroupUsage(byGroup);
  }

  /**
   * The same, read from the database (see {@link FreshReads}): for a request holding the realm's
   * row lock that is about to delete or deactivate a group, which must see a client registered a
   * moment ago by a request it waited for, while the cached client list may not show it yet.
   */
  static AccessGroupUsage stored(KeycloakSession session, RealmModel realm) {
    Map<String, List<ClientModel>> byGroup = new HashMap<>();
    Map<String, ClientModel> clients = new HashMap<>();
    for (FreshReads.MapperSetting setting :
        FreshReads.mapperSettings(
            session, realm, AccessGroupMapper.PROVIDER_ID, AccessGroupMapper.ACCESS_GROUP)) {
      String name = AccessGroups.nameOf(setting.value());
      ClientModel client =
          clients.computeIfAbsent(setting.clientId(), id -> FreshReads.client(session, realm, id));
      if (name != null && client != null) {
        List<ClientModel> users = byGroup.computeIfAbsent(name, k -> new ArrayList<>());
        if (!users.contains(client)) {
          users.add(client);
        }
      }
    }
    return new AccessGroupUsage(byGroup);
  }

  List<ClientModel> clientsOf(String groupName) {
    return byGroup.getOrDefault(groupName, List.of());
  }

  /**
   * Refuses while any client names the group, naming the ones the caller may view (the others only
   * as a count, so the refusal reveals no client the caller could not list anyway).
   */
  void requireUnused(GroupModel group, String action, Predicate<ClientModel> visible) {
    List<ClientModel> users = clientsOf(group.getName());
    if (!users.isEmpty()) {
      throw AdminErrors.badRequest(
          String.format(
              AccessGroupErrors.IN_USE,
              group.getName(),
              action,
              ClientMentions.of(users, visible)));
    }
  }
}
