package org.tillauth.keycloak.accessgroup;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.keycloak.models.GroupModel;

/**
 * An access group's permission matrix as the endpoints show and take it, {@code {"data":
 * {"customer": "write"}, "config": {...}}}, read from and written to the group attributes {@code
 * <api>.<resource>} that the token mapper reads.
 */
final class AccessGroupMatrix {

  private AccessGroupMatrix() {}

  /** The valid granted entries, exactly what the token would carry; both APIs always present. */
  static Map<String, Map<String, String>> of(AccessGroupPermissions.Result result) {
    Map<String, Map<String, String>> matrix = new LinkedHashMap<>();
    AccessGroupPermissions.APIS.forEach(api -> matrix.put(api, new TreeMap<>()));
    for (String permission : result.permissions()) {
      String[] parts = permission.split(":", 3);
      matrix.get(parts[0]).put(parts[1], parts[2]);
    }
    return matrix;
  }

  /**
   * Replaces every permission attribute (hand-edited invalid ones included) with the matrix's
   * granted entries; other attributes stay.
   */
  static void write(GroupModel group, Map<String, Map<String, String>> matrix) {
    List<String> old =
        group.getAttributes().keySet().stream().filter(AccessGroupMatrix::isPermissionKey).toList();
    old.forEach(group::removeAttribute);
    matrix.forEach(
        (api, levels) ->
            levels.forEach(
                (resource, level) -> group.setSingleAttribute(api + "." + resource, level)));
  }

  /** The keys the token mapper treats as permissions (see AccessGroupPermissions). */
  static boolean isPermissionKey(String key) {
    int dot = key.indexOf('.');
    return dot > 0 && AccessGroupPermissions.APIS.contains(key.substring(0, dot));
  }
}
