package org.tillauth.keycloak.accessgroup;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tillauth.keycloak.model.ModelNames;

/**
 * What a permission matrix is made of, in the platform's order and wording: two APIs, the
 * configured resources (the platform's by default), three levels. The ids are those of the group
 * attributes ({@code data.customer}) and of the {@code access_group_permissions} claim.
 */
final class AccessGroupCatalogue {

  record Entry(String id, String name, String description) {
    Entry(String id, String name) {
      this(id, name, null);
    }
  }

  static final List<Entry> APIS =
      List.of(new Entry("data", "Data API"), new Entry("config", "Config API"));

  /**
   * The platform's wording for its resources; other configured resources get a name from their id.
   */
  private static final Map<String, String> NAMES =
      Map.ofEntries(
          Map.entry("customer", "Customer"),
          Map.entry("images", "Images"),
          Map.entry("leads", "Leads"),
          Map.entry("otp", "OTP"),
          Map.entry("organization", "Organization"),
          Map.entry("organization-data-fields", "Organization Data Fields"),
          Map.entry("partner-program", "Partner Program"),
          Map.entry("partners", "Partners"),
          Map.entry("points", "Points"),
          Map.entry("product", "Product"),
          Map.entry("requests", "Requests"),
          Map.entry("staff", "Staff"),
          Map.entry("store", "Store"),
          Map.entry("survey", "Survey"),
          Map.entry("task", "Task"),
          Map.entry("transaction", "Transaction"),
          Map.entry("user-groups", "User Groups"),
          Map.entry("activity-sessions", "Activity Sessions"),
          Map.entry("user-targets", "User Targets"),
          Map.entry("target-loyalty", "Target Loyalty"),
          Map.entry("webhooks", "Webhooks"),
          Map.entry("event-simulation", "Event Simulation"));

  /** The server's resources ({@link ModelNames#resources()}) in their configured order. */
  static List<Entry> resources() {
    return ModelNames.current().resources().stream()
        .map(id -> new Entry(id, NAMES.getOrDefault(id, displayName(id))))
        .toList();
  }

  static String displayName(String id) {
    StringBuilder name = new StringBuilder();
    for (String word : id.split("-")) {
      if (!word.isEmpty()) {
        name.append(name.isEmpty() ? "" : " ")
            .append(Character.toUpperCase(word.charAt(0)))
            .append(word.substring(1));
      }
    }
    return name.toString();
  }

  static final List<Entry> LEVELS =
      List.of(
          new Entry("none", "None", "no access"),
          new Entry("read", "Read", "GET endpoints"),
          new Entry("write", "Write", "POST endpoints"));

  private AccessGroupCatalogue() {}

  static boolean isApi(String id) {
    return AccessGroupPermissions.APIS.contains(id);
  }

  static boolean isResource(String id) {
    return ModelNames.current().isResource(id);
  }

  static boolean isLevel(String id) {
    return LEVELS.stream().anyMatch(l -> l.id().equals(id));
  }

  /** {@code GET /access-groups/resources}. */
  static Map<String, Object> view() {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("apis", APIS.stream().map(AccessGroupCatalogue::entry).toList());
    view.put("resources", resources().stream().map(AccessGroupCatalogue::entry).toList());
    view.put("levels", LEVELS.stream().map(AccessGroupCatalogue::entry).toList());
    return view;
  }

  private static Map<String, Object> entry(Entry e) {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("id", e.id());
    map.put("name", e.name());
    if (e.description() != null) {
      map.put("description", e.description());
    }
    return map;
  }
}
