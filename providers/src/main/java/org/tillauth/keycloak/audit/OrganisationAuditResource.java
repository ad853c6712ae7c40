package org.tillauth.keycloak.audit;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.keycloak.events.EventStoreProvider;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.AdminEventQuery;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.tillauth.keycloak.admin.AdminRequest;
import org.tillauth.keycloak.admin.AdminResource;

/**
 * {@code GET /admin/realms/{realm}/organisation-audit}: the organisation's recent changes from
 * Keycloak's admin events, newest first, one page at a time, with the realm's admin-event settings
 * (so the page can say when nothing is being recorded). Read with Keycloak's own {@code
 * view-events}, as its admin-events endpoint is.
 */
final class OrganisationAuditResource extends AdminResource {

  OrganisationAuditResource(AdminRequest request) {
    super(request);
  }

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  public Map<String, Object> list() {
    auth.realm().requireViewEvents();
    AuditQuery query = AuditQuery.from(session.getContext().getUri().getQueryParameters());

    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("adminEventsEnabled", realm.isAdminEventsEnabled());
    answer.put("adminEventsDetailsEnabled", realm.isAdminEventsDetailsEnabled());
    answer.put("first", query.first());
    answer.put("max", query.max());

    List<Map<String, Object>> events;
    boolean more;
    String userId = query.user() == null ? "" : userId(query.user());
    if (userId == null) {
      events = List.of(); // no administrator has that username
      more = false;
    } else {
      AuditEntries entries = new AuditEntries(session, realm);
      // One more than the page: whether there is a next page, without counting the realm's events.
      List<AdminEvent> page =
          filtered(query, userId)
              .orderByDescTime()
              .firstResult(query.first())
              .maxResults(query.max() + 1)
              .getResultStream()
              .toList();
      more = page.size() > query.max();
      events = page.stream().limit(query.max()).map(entries::describe).toList();
    }
    answer.put("more", more);
    answer.put("events", events);
    return answer;
  }

  private AdminEventQuery filtered(AuditQuery query, String userId) {
    AdminEventQuery events =
        session.getProvider(EventStoreProvider.class).createAdminQuery().realm(realm.getId());
    if (!userId.isEmpty()) {
      events.authUser(userId);
    }
    if (query.operation() != null) {
      events.operation(query.operation());
    }
    if (query.from() != null) {
      events.fromTime(query.from());
    }
    if (query.to() != null) {
      events.toTime(query.to());
    }
    if (query.area() != null) {
      switch (query.area()) {
        case SETTINGS -> events.resourcePath(AuditEntries.SETTINGS_PATH);
        case IMPORTS -> events.resourcePath(AuditEntries.IMPORT_PATH + "/*");
        case API_CLIENTS -> events.resourceType(ResourceType.CLIENT);
        case GROUPS -> events.resourceType(ResourceType.GROUP, ResourceType.GROUP_MEMBERSHIP);
        case TILLS -> events.resourceType(ResourceType.USER);
        default -> throw new IllegalStateException("area " + query.area());
      }
    }
    return events;
  }

  /**
   * The id of the administrator with this username, in this realm or else in the master realm
   * (where Keycloak's own administrators are); null when there is none.
   */
  private String userId(String username) {
    UserModel user = session.users().getUserByUsername(realm, username);
    if (user == null) {
      RealmModel master = session.realms().getRealmByName("master");
      user = master == null ? null : session.users().getUserByUsername(master, username);
    }
    return user == null ? null : user.getId();
  }
}
