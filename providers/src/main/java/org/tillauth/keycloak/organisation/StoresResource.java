package org.tillauth.keycloak.organisation;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.GroupModel;
import org.keycloak.models.utils.ModelToRepresentation;
import org.tillauth.keycloak.admin.AdminRequest;
import org.tillauth.keycloak.admin.AdminResource;
import org.tillauth.keycloak.admin.JsonFields;
import org.tillauth.keycloak.internals.jpa.RowLocks;
import org.tillauth.keycloak.internals.jpa.StoreQueries;
import org.tillauth.keycloak.metrics.OrganisationMeters;
import org.tillauth.keycloak.support.JsonBodies;

/**
 * {@code /admin/realms/{realm}/stores}: the organisation's stores (groups under {@code /stores}).
 * Reading needs view-users, adding and deleting manage-users, as for the groups tills are members
 * of. Lists page and count in the database ({@link StoreQueries}).
 */
public final class StoresResource extends AdminResource {

  private static final Set<String> FIELDS = Set.of("code", "name");

  StoresResource(AdminRequest request) {
    super(request);
  }

  /**
   * One page of stores ordered by code, {@code ?first=&max=&search=}; the number of stores that
   * match the search is the {@code X-Total-Count} header.
   */
  @GET
  @Produces(MediaType.APPLICATION_JSON)
  public Response list() {
    auth.users().requireView();
    ListQuery query = ListQuery.from(session.getContext().getUri().getQueryParameters());
    Optional<GroupModel> parent = Stores.parent(session, realm);
    if (parent.isEmpty()) {
      return ListAnswer.of(List.of(), 0);
    }
    String parentId = parent.get().getId();
    long total =
        StoreQueries.count(session, realm, parentId, Stores.NAME_ATTRIBUTE, query.pattern());
    List<Map<String, Object>> page =
        total <= query.first()
            ? List.of()
            : StoreQueries.page(
                    session,
                    realm,
                    parentId,
                    Stores.NAME_ATTRIBUTE,
                    Stores.tillRoleId(realm),
                    query.pattern(),
                    query.first(),
                    query.max())
                .stream()
                .map(Stores::view)
                .toList();
    return ListAnswer.of(page, total);
  }

  @GET
  @Path("{code}")
  @Produces(MediaType.APPLICATION_JSON)
  public Map<String, Object> read(@PathParam("code") String code) {
    auth.users().requireView();
    return Stores.find(session, realm, code)
        .map(store -> Stores.view(session, realm, store))
        .orElseThrow(() -> OrganisationErrors.notFound(OrganisationErrors.STORE_NOT_FOUND));
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  public Response add(byte[] body) {
    auth.users().requireManage();
    JsonFields request = fields(body, FIELDS);
    String code = request.required("code");
    String name = request.required("name");
    if (!Stores.validCode(code)) {
      throw OrganisationErrors.badRequest(OrganisationErrors.STORE_CODE);
    }
    if (!JsonBodies.isVisibleName(name)) {
      throw OrganisationErrors.badRequest(String.format(JsonBodies.INVISIBLE, "name"));
    }
    // Serialises creations: codes differing only in case are checked with no other creation
    // between the check and the commit (on every node sharing the database).
    locked(
        "the stores",
        () -> {
          RowLocks.realm(session, realm);
          return null;
        });
    if (Stores.exists(session, realm, code)) {
      throw OrganisationErrors.badRequest(String.format(OrganisationErrors.STORE_EXISTS, code));
    }
    GroupModel store = Stores.create(session, realm, code, name);
    OrganisationMeters.changed(session, realm, OrganisationMeters.Change.STORE_ADDED);
    event(OperationType.CREATE, ResourceType.GROUP, "groups", store.getId())
        .representation(ModelToRepresentation.toRepresentation(store, true))
        .success();
    return Response.status(Response.Status.CREATED)
        .location(session.getContext().getUri().getAbsolutePathBuilder().path(code).build())
        .entity(Stores.view(session, realm, store))
        .build();
  }

  /** Removes a store that has no tills; one with tills is a 400 that says how many. */
  @DELETE
  @Path("{code}")
  public Response delete(@PathParam("code") String code) {
    auth.users().requireManage();
    GroupModel store =
        Stores.find(session, realm, code)
            .orElseThrow(() -> OrganisationErrors.notFound(OrganisationErrors.STORE_NOT_FOUND));
    // Held to the end: a till being added waits for the deletion or is counted here.
    if (!locked("this store", () -> RowLocks.group(session, store.getId(), true))) {
      throw OrganisationErrors.notFound(OrganisationErrors.STORE_NOT_FOUND);
    }
    long tills = ((Number) Stores.view(session, realm, store).get("tills")).longValue();
    if (tills > 0) {
      throw OrganisationErrors.badRequest(
          String.format(OrganisationErrors.STORE_HAS_TILLS, store.getName(), tills));
    }
    String id = store.getId();
    realm.removeGroup(store);
    OrganisationMeters.changed(session, realm, OrganisationMeters.Change.STORE_DELETED);
    event(OperationType.DELETE, ResourceType.GROUP, "groups", id)
        .detail("store", store.getName())
        .success();
    return Response.noContent().build();
  }
}
