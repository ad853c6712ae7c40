package org.tillauth.keycloak.accessgroup;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.keycloak.models.GroupModel;
import org.tillauth.keycloak.admin.AdminErrors;
import org.tillauth.keycloak.admin.InvalidFieldException;
import org.tillauth.keycloak.admin.JsonFields;
import org.tillauth.keycloak.support.JsonBodies;

/**
 * The create/update body: {@code name}, {@code description}, {@code permissions} ({@code {"data":
 * {"customer": "write"}, "config": {...}}}) and, on update, {@code active}. Absent fields are null:
 * the name is required on create, everything else stays unchanged on update. The permissions
 * replace the whole matrix; resources left out are {@code none}. Everything is checked here, before
 * the resource writes anything.
 */
record AccessGroupRequest(
    String name, String description, Map<String, Map<String, String>> permissions, Boolean active) {

  static final int DESCRIPTION_MAX = 255;
  static final String RESERVED = "resources";
  static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9 ._-]{0,63}");

  private static final Set<String> CREATE_FIELDS = Set.of("name", "description", "permissions");
  private static final Set<String> UPDATE_FIELDS =
      Set.of("name", "description", "permissions", "active");

  /** The request, or {@link InvalidFieldException} with the first problem found. */
  static AccessGroupRequest parse(String body, boolean create) {
    JsonFields fields = JsonFields.of(body, create ? CREATE_FIELDS : UPDATE_FIELDS);
    return new AccessGroupRequest(
        name(fields.get("name"), create),
        description(fields.get("description")),
        permissions(fields.get("permissions")),
        fields.bool("active"));
  }

  private static String name(JsonNode value, boolean required) {
    if (value == null || value.isNull()) {
      if (required) {
        throw new InvalidFieldException(String.format(AdminErrors.REQUIRED, "name"));
      }
      return null;
    }
    if (!value.isTextual()) {
      throw new InvalidFieldException(String.format(AdminErrors.NOT_STRING, "name"));
    }
    String name = value.asText().strip();
    if (name.isEmpty()) {
      throw new InvalidFieldException(String.format(AdminErrors.REQUIRED, "name"));
    }
    if (!NAME.matcher(name).matches()) {
      throw new InvalidFieldException(AccessGroupErrors.BAD_NAME);
    }
    // GET /access-groups/resources is the catalogue, so a group of that name could not be read.
    if (name.equalsIgnoreCase(RESERVED)) {
      throw new InvalidFieldException(String.format(AccessGroupErrors.RESERVED_NAME, name));
    }
    return name;
  }

  private static String description(JsonNode value) {
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      throw new InvalidFieldException(String.format(AdminErrors.NOT_STRING, "description"));
    }
    String description = value.asText().strip();
    if (!JsonBodies.isCleanText(description)) {
      throw new InvalidFieldException(String.format(JsonBodies.NOT_TEXT, "description"));
    }
    if (description.length() > DESCRIPTION_MAX) {
      throw new InvalidFieldException(
          String.format(AdminErrors.TOO_LONG, "description", DESCRIPTION_MAX));
    }
    return description;
  }

  /** The granted entries only ({@code read}/{@code write}), sorted; {@code none} is left out. */
  private static Map<String, Map<String, String>> permissions(JsonNode value) {
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isObject()) {
      throw new InvalidFieldException(String.format(AdminErrors.NOT_OBJECT, "permissions"));
    }
    Map<String, Map<String, String>> matrix = new TreeMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> apis = value.fields(); apis.hasNext(); ) {
      Map.Entry<String, JsonNode> api = apis.next();
      if (!AccessGroupCatalogue.isApi(api.getKey())) {
        throw new InvalidFieldException(
            String.format(AccessGroupErrors.UNKNOWN_API, shown(api.getKey())));
      }
      if (!api.getValue().isObject()) {
        throw new InvalidFieldException(
            String.format(AdminErrors.NOT_OBJECT, "permissions." + api.getKey()));
      }
      Map<String, String> levels = new TreeMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> resources = api.getValue().fields();
          resources.hasNext(); ) {
        Map.Entry<String, JsonNode> resource = resources.next();
        if (!AccessGroupCatalogue.isResource(resource.getKey())) {
          throw new InvalidFieldException(
              String.format(
                  AccessGroupErrors.UNKNOWN_RESOURCE, shown(resource.getKey()), api.getKey()));
        }
        JsonNode level = resource.getValue();
        if (!level.isTextual() || !AccessGroupCatalogue.isLevel(level.asText())) {
          throw new InvalidFieldException(
              String.format(AccessGroupErrors.BAD_LEVEL, api.getKey(), resource.getKey()));
        }
        if (!level.asText().equals("none")) {
          levels.put(resource.getKey(), level.asText());
        }
      }
      matrix.put(api.getKey(), levels);
    }
    return matrix;
  }

  /**
   * Writes the fields this request has to the group's attributes; absent fields stay. An empty
   * description removes it; a group is active unless marked inactive.
   */
  void writeTo(GroupModel group) {
    if (description != null) {
      if (description.isEmpty()) {
        if (group.getFirstAttribute(AccessGroups.DESCRIPTION) != null) {
          group.removeAttribute(AccessGroups.DESCRIPTION);
        }
      } else {
        group.setSingleAttribute(AccessGroups.DESCRIPTION, description);
      }
    }
    if (permissions != null) {
      AccessGroupMatrix.write(group, permissions);
    }
    if (active != null) {
      if (active) {
        group.removeAttribute(AccessGroups.ACTIVE);
      } else {
        group.setSingleAttribute(AccessGroups.ACTIVE, "false");
      }
    }
  }

  /** Echoes a refused key in an error text: printable ASCII only, at most 64 characters. */
  private static String shown(String key) {
    String printable = key.replaceAll("[^\\x20-\\x7e]", "?");
    return printable.length() > 64 ? printable.substring(0, 64) + "…" : printable;
  }
}
