package org.tillauth.keycloak.accessgroup;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.tillauth.keycloak.support.AdminErrors;
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

  /** The request, or {@link InvalidAccessGroupException} with the first problem found. */
  static AccessGroupRequest parse(String body, boolean create) {
    try {
      return parse(JsonBodies.object(body), create);
    } catch (JsonBodies.InvalidBodyException e) {
      throw new InvalidAccessGroupException(e.getMessage());
    }
  }

  static AccessGroupRequest parse(JsonNode node, boolean create) {
    Set<String> allowed = create ? CREATE_FIELDS : UPDATE_FIELDS;
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String field = names.next();
      if (!allowed.contains(field)) {
        throw new InvalidAccessGroupException(String.format(AdminErrors.UNKNOWN_FIELD, field));
      }
    }
    return new AccessGroupRequest(
        name(node, create),
        description(node),
        permissions(node.get("permissions")),
        active(node.get("active")));
  }

  private static String name(JsonNode node, boolean required) {
    JsonNode value = node.get("name");
    if (value == null || value.isNull()) {
      if (required) {
        throw new InvalidAccessGroupException(String.format(AdminErrors.REQUIRED, "name"));
      }
      return null;
    }
    if (!value.isTextual()) {
      throw new InvalidAccessGroupException(String.format(AdminErrors.NOT_STRING, "name"));
    }
    String name = value.asText().strip();
    if (name.isEmpty()) {
      throw new InvalidAccessGroupException(String.format(AdminErrors.REQUIRED, "name"));
    }
    if (!NAME.matcher(name).matches()) {
      throw new InvalidAccessGroupException(AccessGroupErrors.BAD_NAME);
    }
    // GET /access-groups/resources is the catalogue, so a group of that name could not be read.
    if (name.equalsIgnoreCase(RESERVED)) {
      throw new InvalidAccessGroupException(String.format(AccessGroupErrors.RESERVED_NAME, name));
    }
    return name;
  }

  private static String description(JsonNode node) {
    JsonNode value = node.get("description");
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      throw new InvalidAccessGroupException(String.format(AdminErrors.NOT_STRING, "description"));
    }
    String description = value.asText().strip();
    if (!JsonBodies.isCleanText(description)) {
      throw new InvalidAccessGroupException(String.format(JsonBodies.NOT_TEXT, "description"));
    }
    if (description.length() > DESCRIPTION_MAX) {
      throw new InvalidAccessGroupException(
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
      throw new InvalidAccessGroupException(String.format(AdminErrors.NOT_OBJECT, "permissions"));
    }
    Map<String, Map<String, String>> matrix = new TreeMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> apis = value.fields(); apis.hasNext(); ) {
      Map.Entry<String, JsonNode> api = apis.next();
      if (!AccessGroupCatalogue.isApi(api.getKey())) {
        throw new InvalidAccessGroupException(
            String.format(AccessGroupErrors.UNKNOWN_API, shown(api.getKey())));
      }
      if (!api.getValue().isObject()) {
        throw new InvalidAccessGroupException(
            String.format(AdminErrors.NOT_OBJECT, "permissions." + api.getKey()));
      }
      Map<String, String> levels = new TreeMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> resources = api.getValue().fields();
          resources.hasNext(); ) {
        Map.Entry<String, JsonNode> resource = resources.next();
        if (!AccessGroupCatalogue.isResource(resource.getKey())) {
          throw new InvalidAccessGroupException(
              String.format(
                  AccessGroupErrors.UNKNOWN_RESOURCE, shown(resource.getKey()), api.getKey()));
        }
        JsonNode level = resource.getValue();
        if (!level.isTextual() || !AccessGroupCatalogue.isLevel(level.asText())) {
          throw new InvalidAccessGroupException(
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

  private static Boolean active(JsonNode value) {
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isBoolean()) {
      throw new InvalidAccessGroupException(String.format(AdminErrors.NOT_BOOLEAN, "active"));
    }
    return value.asBoolean();
  }

  /** Echoes a refused key in an error text: printable ASCII only, at most 64 characters. */
  private static String shown(String key) {
    String printable = key.replaceAll("[^\\x20-\\x7e]", "?");
    return printable.length() > 64 ? printable.substring(0, 64) + "…" : printable;
  }
}
