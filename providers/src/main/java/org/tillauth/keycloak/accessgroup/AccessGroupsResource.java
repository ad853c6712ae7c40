package org.tillauth.keycloak.accessgroup;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.GroupModel;
import org.keycloak.models.utils.ModelToRepresentation;
import org.tillauth.keycloak.admin.AdminErrors;
import org.tillauth.keycloak.admin.AdminRequest;
import org.tillauth.keycloak.admin.AdminResource;
import org.tillauth.keycloak.internals.jpa.FreshReads;
import org.tillauth.keycloak.internals.jpa.RowLocks;
import org.tillauth.keycloak.support.JsonBodies;

/**
 * {@code /admin/realms/{realm}/access-groups}: the organisation's access groups with a validated
 * permission matrix. They stay ordinary Keycloak groups under {@code /access-groups}, so Keycloak's
 * group permissions decide (view-users / manage-users, or fine-grained group permissions): whoever
 * may use these endpoints could already edit the same attributes in the console. Every request is
 * checked completely before the first write.
 */
public final class AccessGroupsResource extends AdminResource {

  /** Longer names are no group's (the rule allows 64): not worth a query. */
  private static final int NAME_LOOKUP_MAX = 255;

  AccessGroupsResource(AdminRequest request) {
    super(request);
  }

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  public List<Map<String, Object>> list() {
    auth.groups().requireList();
    GroupModel parent = AccessGroups.parent(session, realm);
    if (parent == null) {
      return List.of();
    }
    AccessGroupUsage usage = AccessGroupUsage.of(realm);
    return parent
        .getSubGroupsStream()
        .filter(auth.groups()::canView)
        .sorted((a, b) -> String.CASE_INSENSITIVE_ORDER.compare(a.getName(), b.getName()))
        .map(g -> view(g, usage))
        .toList();
  }

  @GET
  @Path("resources")
  @Produces(MediaType.APPLICATION_JSON)
  public Map<String, Object> resources() {
    auth.groups().requireList();
    return AccessGroupCatalogue.view();
  }

  @GET
  @Path("{name}")
  @Produces(MediaType.APPLICATION_JSON)
  public Map<String, Object> read(@PathParam("name") String name) {
    GroupModel group = find(name);
    auth.groups().requireView(group);
    return view(group, AccessGroupUsage.of(realm));
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  public Response create(byte[] body) {
    GroupModel parent = AccessGroups.parent(session, realm);
    if (parent == null) {
      auth.groups().requireManage();
    } else {
      auth.groups().requireManage(parent);
    }
    AccessGroupRequest request = parse(body, true);
    // Serialises creations (and deletions, and API-client registrations, which name a group):
    // the unique name is checked with no other change between the check and the commit.
    lock(null);
    if (parent != null) {
      requireUniqueName(parent, request.name());
    }

    if (parent == null) {
      parent = realm.createGroup(AccessGroups.parentGroup());
    }
    GroupModel group = realm.createGroup(request.name(), parent);
    request.writeTo(group);
    flush();
    event(OperationType.CREATE, group);
    return Response.status(Response.Status.CREATED)
        .location(
            session.getContext().getUri().getAbsolutePathBuilder().path(group.getName()).build())
        .entity(view(group, AccessGroupUsage.of(realm)))
        .build();
  }

  /**
   * Changes description, permissions (the whole matrix) and the active state; absent fields stay.
   * The name cannot change: API client mappers refer to the group by name.
   */
  @PUT
  @Path("{name}")
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  public Map<String, Object> update(@PathParam("name") String name, byte[] body) {
    // Two administrators saving the same group take turns (Keycloak's optimistic write failed
    // one of them at commit with a 500); a deactivation checks the group's users with no
    // registration in between. Locked before the group is read, so it is read as the previous
    // save left it.
    lock(name);
    GroupModel group = find(name);
    auth.groups().requireManage(group);
    if (AccessGroups.isBuiltIn(group)) {
      throw AdminErrors.badRequest(String.format(AccessGroupErrors.BUILT_IN, group.getName()));
    }
    AccessGroupRequest request = parse(body, false);
    if (request.name() != null && !request.name().equals(group.getName())) {
      throw AdminErrors.badRequest(AccessGroupErrors.RENAME);
    }
    // From the database: a client registered a moment ago naming the group counts.
    AccessGroupUsage usage = AccessGroupUsage.stored(session, realm);
    if (Boolean.FALSE.equals(request.active()) && AccessGroups.isActive(group)) {
      usage.requireUnused(group, "deactivated", auth.clients()::canView);
    }

    request.writeTo(group);
    flush();
    event(OperationType.UPDATE, group);
    return view(group, usage);
  }

  @DELETE
  @Path("{name}")
  public Response delete(@PathParam("name") String name) {
    // No API client may be registered naming the group between the check and the removal.
    lock(name);
    GroupModel group = find(name);
    auth.groups().requireManage(group);
    if (AccessGroups.isBuiltIn(group)) {
      throw AdminErrors.badRequest(String.format(AccessGroupErrors.BUILT_IN, group.getName()));
    }
    AccessGroupUsage.stored(session, realm)
        .requireUnused(group, "deleted", auth.clients()::canView);
    String id = group.getId();
    realm.removeGroup(group);
    flush();
    event(OperationType.DELETE, ResourceType.GROUP, "groups", id)
        .detail("accessGroup", name)
        .success();
    return Response.noContent().build();
  }

  /** Strict UTF-8, one JSON object, each field once (see {@link JsonBodies}); 400 or 415. */
  private AccessGroupRequest parse(byte[] body, boolean create) {
    return read(() -> AccessGroupRequest.parse(jsonText(body), create));
  }

  /**
   * The realm's row (see {@link RowLocks}; API-client registrations take it too), then the named
   * group's row when there is one; 409 when they cannot be had in time.
   */
  private void lock(String name) {
    locked(
        name == null ? "the access groups" : "this access group",
        () -> {
          RowLocks.realm(session, realm);
          GroupModel parent = name == null ? null : AccessGroups.parent(session, realm);
          if (parent != null && name.length() <= NAME_LOOKUP_MAX && JsonBodies.isCleanText(name)) {
            RowLocks.childGroup(session, realm, parent.getId(), name);
          }
          return null;
        });
  }

  private void flush() {
    flush("this access group");
  }

  private GroupModel find(String name) {
    GroupModel parent = AccessGroups.parent(session, realm);
    GroupModel group =
        parent == null
            ? null
            : parent
                .getSubGroupsStream()
                .filter(g -> g.getName().equals(name))
                .findFirst()
                .orElse(null);
    if (group == null) {
      // 403, not 404, for a caller who may not view groups (query-groups alone): otherwise the
      // difference between the two would list the access groups' names.
      throw notFound(auth.groups()::requireView, AccessGroupErrors.NOT_FOUND);
    }
    return group;
  }

  private Map<String, Object> view(GroupModel group, AccessGroupUsage usage) {
    return AccessGroupView.of(group, usage.clientsOf(group.getName()), auth.clients()::canView);
  }

  /**
   * Read from the database under the realm's row lock: the cached subgroups may not show a group
   * created a moment ago by the request this one waited for.
   */
  private void requireUniqueName(GroupModel parent, String name) {
    FreshReads.childGroupsNamed(session, realm, parent.getId(), name.toLowerCase(Locale.ROOT))
        .stream()
        .findFirst()
        .ifPresent(
            existing -> {
              throw AdminErrors.badRequest(
                  String.format(AccessGroupErrors.DUPLICATE_NAME, existing));
            });
  }

  private void event(OperationType operation, GroupModel group) {
    event(operation, ResourceType.GROUP, "groups", group.getId())
        .representation(ModelToRepresentation.toRepresentation(group, true))
        .success();
  }
}
