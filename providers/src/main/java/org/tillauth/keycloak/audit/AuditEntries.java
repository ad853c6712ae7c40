package org.tillauth.keycloak.audit;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.AuthDetails;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.ClientModel;
import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.util.JsonSerialization;
import org.tillauth.keycloak.accessgroup.AccessGroups;
import org.tillauth.keycloak.till.TillDirectory;

/**
 * One admin event as the audit trail shows it: who (the administrator's username and realm), when,
 * what (the area and the object by its name, looked up for this page's rows only) and, for the
 * organisation settings, each changed value before and after.
 */
final class AuditEntries {

  static final String SETTINGS_PATH = "organisation-settings";
  static final String IMPORT_PATH = "organisation-import";

  private final KeycloakSession session;
  private final RealmModel realm;
  private GroupModel accessGroups; // the realm's access-groups parent, looked up once per page

  AuditEntries(KeycloakSession session, RealmModel realm) {
    this.session = session;
    this.realm = realm;
  }

  Map<String, Object> describe(AdminEvent event) {
    String path = event.getResourcePath() == null ? "" : event.getResourcePath();
    String[] segments = path.split("/");
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("time", event.getTime());
    entry.put("operation", event.getOperationType().name());
    String area = area(event, segments);
    entry.put("area", area);
    entry.put("object", object(event, area, segments, details(event)));
    entry.put("resourcePath", path);
    entry.put("who", who(event.getAuthDetails()));
    entry.put(
        "ipAddress", event.getAuthDetails() == null ? null : event.getAuthDetails().getIpAddress());
    entry.put("changes", changes(event.getDetails()));
    if (event.getError() != null) {
      entry.put("error", event.getError());
    }
    return entry;
  }

  static String area(AdminEvent event, String[] segments) {
    if (SETTINGS_PATH.equals(segments[0])) {
      return AuditQuery.Area.SETTINGS.id;
    }
    if (IMPORT_PATH.equals(segments[0])) {
      return AuditQuery.Area.IMPORTS.id;
    }
    ResourceType type = event.getResourceType();
    if (type == ResourceType.CLIENT) {
      return AuditQuery.Area.API_CLIENTS.id;
    }
    if (type == ResourceType.GROUP || type == ResourceType.GROUP_MEMBERSHIP) {
      return AuditQuery.Area.GROUPS.id;
    }
    if (type == ResourceType.USER) {
      return AuditQuery.Area.TILLS.id;
    }
    return "other";
  }

  private static Map<String, String> details(AdminEvent event) {
    return event.getDetails() == null ? Map.of() : event.getDetails();
  }

  private String object(
      AdminEvent event, String area, String[] segments, Map<String, String> details) {
    String id = segments.length > 1 ? segments[1] : null;
    JsonNode representation = representation(event);
    return switch (area) {
      case "settings" -> "Organisation settings";
      case "imports" -> "Import " + (id == null ? "" : id);
      case "api-clients" -> client(id, representation);
      case "groups" -> group(id, representation, details);
      case "tills" -> user(id, representation, segments, details);
      default ->
          "events/config".equals(event.getResourcePath())
              ? "Events settings (what Keycloak records)"
              : event.getResourceTypeAsString() + " " + String.join("/", segments);
    };
  }

  private String client(String id, JsonNode representation) {
    ClientModel client = id == null ? null : session.clients().getClientById(realm, id);
    if (client != null) {
      String name = client.getName();
      return "API client " + (name == null || name.isBlank() ? client.getClientId() : name);
    }
    return "API client " + deleted(representation, "clientId", id);
  }

  private String group(String id, JsonNode representation, Map<String, String> details) {
    GroupModel group = id == null ? null : session.groups().getGroupById(realm, id);
    if (group == null) {
      // Deleted since: the extension's own deletions name it in the event's details.
      if (details.containsKey("store")) {
        return "Store " + details.get("store") + " (deleted)";
      }
      if (details.containsKey("accessGroup")) {
        return "Access group " + details.get("accessGroup") + " (deleted)";
      }
      return "Group " + deleted(representation, "name", id);
    }
    GroupModel parent = group.getParent();
    String parentName = parent == null ? null : parent.getName();
    if (TillDirectory.storesGroup().equals(parentName)) {
      return "Store " + group.getName();
    }
    if (accessGroups == null) {
      accessGroups = AccessGroups.parent(session, realm);
    }
    if (accessGroups != null && parent != null && accessGroups.getId().equals(parent.getId())) {
      return "Access group " + group.getName();
    }
    return "Group " + group.getName();
  }

  private String user(
      String id, JsonNode representation, String[] segments, Map<String, String> details) {
    UserModel user = id == null ? null : session.users().getUserById(realm, id);
    String what =
        user == null
            ? "Till "
                + (details.containsKey("till")
                    ? details.get("till") + " (deleted)"
                    : deleted(representation, "username", id))
            : (TillDirectory.isTillRoleHolder(realm, user) ? "Till " : "User ")
                + user.getUsername();
    return segments.length > 2 ? what + " (" + segments[2] + ")" : what;
  }

  /** A deleted object's name where the event's representation still has it. */
  private static String deleted(JsonNode representation, String field, String id) {
    String name = null;
    if (representation != null) {
      for (String candidate : new String[] {field, "code", "name"}) {
        name = representation.path(candidate).asText(null);
        if (name != null && !name.isBlank()) {
          break;
        }
      }
    }
    return (name == null || name.isBlank() ? (id == null ? "" : id) : name) + " (deleted)";
  }

  private Map<String, String> who(AuthDetails auth) {
    Map<String, String> who = new LinkedHashMap<>();
    if (auth == null) {
      return who;
    }
    RealmModel authRealm =
        auth.getRealmId() == null ? null : session.realms().getRealm(auth.getRealmId());
    UserModel user =
        authRealm == null || auth.getUserId() == null
            ? null
            : session.users().getUserById(authRealm, auth.getUserId());
    who.put("username", user == null ? null : user.getUsername());
    who.put("userId", auth.getUserId());
    who.put("realm", authRealm == null ? auth.getRealmId() : authRealm.getName());
    return who;
  }

  /** {@code field.before} / {@code field.after} details, by field name. */
  static List<Map<String, String>> changes(Map<String, String> details) {
    List<Map<String, String>> changes = new ArrayList<>();
    if (details == null) {
      return changes;
    }
    details.forEach(
        (key, value) -> {
          if (key.endsWith(".after")) {
            String field = key.substring(0, key.length() - ".after".length());
            Map<String, String> change = new LinkedHashMap<>();
            change.put("field", field);
            change.put("before", details.get(field + ".before"));
            change.put("after", value);
            changes.add(change);
          }
        });
    changes.sort(Comparator.comparing(change -> change.get("field")));
    return changes;
  }

  private static JsonNode representation(AdminEvent event) {
    String text = event.getRepresentation();
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      return JsonSerialization.readValue(text, JsonNode.class);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
