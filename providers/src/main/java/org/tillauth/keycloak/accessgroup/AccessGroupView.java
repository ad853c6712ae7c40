package org.tillauth.keycloak.accessgroup;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.keycloak.models.ClientModel;
import org.keycloak.models.GroupModel;

/**
 * An access group as the endpoints show it. {@code apiClients} lists the clients using it that the
 * caller may view; {@code inUse} counts every client, so that the page can explain why delete and
 * deactivate are refused even to an administrator who cannot see all clients.
 */
final class AccessGroupView {

  private AccessGroupView() {}

  static Map<String, Object> of(
      GroupModel group, List<ClientModel> users, Predicate<ClientModel> visible) {
    AccessGroupPermissions.Result result = AccessGroupPermissions.of(group.getAttributes());
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("name", group.getName());
    view.put("path", "/" + AccessGroups.parentGroup() + "/" + group.getName());
    view.put("description", group.getFirstAttribute(AccessGroups.DESCRIPTION));
    view.put("builtIn", AccessGroups.isBuiltIn(group));
    view.put("active", AccessGroups.isActive(group));
    view.put("permissions", AccessGroupMatrix.of(result));
    view.put("apiClients", clients(users, visible));
    view.put("inUse", !users.isEmpty());
    view.put("problems", result.problems());
    return view;
  }

  static List<Map<String, Object>> clients(
      List<ClientModel> users, Predicate<ClientModel> visible) {
    return users.stream()
        .filter(visible)
        .sorted(Comparator.comparing(ClientModel::getClientId))
        .map(
            client -> {
              Map<String, Object> c = new LinkedHashMap<>();
              c.put("id", client.getId());
              c.put("clientKey", client.getClientId());
              c.put("name", client.getName());
              return c;
            })
        .toList();
  }
}
