package org.tillauth.keycloak.accessgroup;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a permission matrix is made of, in the platform's order and wording: two APIs, the
 * platform's resources, three levels. The ids are those of the group attributes ({@code
 * data.customer}) and of the {@code access_group_permissions} claim.
 */
final class AccessGroupCatalogue {

  record Entry(String id, String name, String description) {
    Entry(String id, String name) {
      this(id, name, null);
    }
  }

  static final List<Entry> APIS =
      List.of(new Entry("data", "Data API"), new Entry("config", "Config API"));

  static final List<Entry> RESOURCES =
      List.of(
          new Entry("customer", "Customer"),
          new Entry("images", "Images"),
          new Entry("leads", "Leads"),
          new Entry("otp", "OTP"),
          new Entry("organization", "Organization"),
          new Entry("organization-data-fields", "Organization Data Fields"),
          new Entry("partner-program", "Partner Program"),
          new Entry("partners", "Partners"),
          new Entry("points", "Points"),
          new Entry("product", "Product"),
          new Entry("requests", "Requests"),
          new Entry("staff", "Staff"),
          new Entry("store", "Store"),
          new Entry("survey", "Survey"),
          new Entry("task", "Task"),
          new Entry("transaction", "Transaction"),
          new Entry("user-groups", "User Groups"),
          new Entry("activity-sessions", "Activity Sessions"),
          new Entry("user-targets", "User Targets"),
          new Entry("target-loyalty", "Target Loyalty"),
          new Entry("webhooks", "Webhooks"),
          new Entry("event-simulation", "Event Simulation"));

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
    return AccessGroupPermissions.RESOURCES.contains(id);
  }

  static boolean isLevel(String id) {
    return LEVELS.stream().anyMatch(l -> l.id().equals(id));
  }

  /** {@code GET /access-groups/resources}. */
  static Map<String, Object> view() {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("apis", APIS.stream().map(AccessGroupCatalogue::entry).toList());
    view.put("resources", RESOURCES.stream().map(AccessGroupCatalogue::entry).toList());
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
