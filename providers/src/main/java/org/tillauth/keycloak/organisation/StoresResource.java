package org.tillauth.keycloak.organisation;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.ModelToRepresentation;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/**
 * {@code /admin/realms/{realm}/stores}: the organisation's stores (groups under {@code /stores}).
 * Reading needs view-users, adding manage-users, as for the groups tills are members of.
 */
public final class StoresResource {

  private static final Set<String> FIELDS = Set.of("code", "name");

  private final KeycloakSession session;
  private final RealmModel realm;
  private final AdminPermissionEvaluator auth;
  private final AdminEventBuilder adminEvent;

  StoresResource(
      KeycloakSession session,
      RealmModel realm,
      AdminPermissionEvaluator auth,
      AdminEventBuilder adminEvent) {
    this.session = session;
    this.realm = realm;
    this.auth = auth;
    this.adminEvent = adminEvent;
  }

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  public List<Map<String, Object>> list() {
    auth.users().requireView();
    return Stores.all(session, realm).stream()
        .map(store -> Stores.view(session, realm, store))
        .toList();
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
    RequestBody request = RequestBody.parse(session, body, FIELDS);
    String code = request.required("code");
    String name = request.required("name");
    if (!Stores.validCode(code)) {
      throw OrganisationErrors.badRequest(OrganisationErrors.STORE_CODE);
    }
    if (Stores.exists(session, realm, code)) {
      throw OrganisationErrors.badRequest(String.format(OrganisationErrors.STORE_EXISTS, code));
    }
    GroupModel store = Stores.create(session, realm, code, name);
    adminEvent
        .operation(OperationType.CREATE)
        .resource(ResourceType.GROUP)
        .resourcePath("groups", store.getId())
        .representation(ModelToRepresentation.toRepresentation(store, true))
        .success();
    return Response.status(Response.Status.CREATED)
        .location(session.getContext().getUri().getAbsolutePathBuilder().path(code).build())
        .entity(Stores.view(session, realm, store))
        .build();
  }
}
