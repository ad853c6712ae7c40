package org.tillauth.keycloak.accessgroup;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.keycloak.models.ClientModel;
import org.keycloak.models.RealmModel;

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

  List<ClientModel> clientsOf(String groupName) {
    return byGroup.getOrDefault(groupName, List.of());
  }
}
