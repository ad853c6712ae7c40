package org.tillauth.keycloak.organisation;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.GroupModel;
import org.keycloak.models.UserManager;
import org.keycloak.models.UserModel;
import org.tillauth.keycloak.admin.AdminRequest;
import org.tillauth.keycloak.admin.AdminResource;
import org.tillauth.keycloak.admin.JsonFields;
import org.tillauth.keycloak.internals.jpa.FreshReads;
import org.tillauth.keycloak.internals.jpa.RowLocks;
import org.tillauth.keycloak.internals.jpa.TillQueries;
import org.tillauth.keycloak.metrics.OrganisationMeters;
import org.tillauth.keycloak.support.JsonBodies;
import org.tillauth.keycloak.till.TillDirectory;
import org.tillauth.keycloak.till.TillPassword;

/**
 * {@code /admin/realms/{realm}/tills}: a till is created, moved and reset only as a whole — user,
 * role {@code till}, exactly one store and a password its MD5 digest logs in with. Everything is
 * validated before the first write, and the request's transaction is rolled back on any error, so a
 * refused request leaves nothing behind. Reading needs view-users, writing manage-users.
 */
public final class TillsResource extends AdminResource {

  private static final Set<String> CREATE_FIELDS = Set.of("code", "store", "password", "md5Digest");
  private static final Set<String> UPDATE_FIELDS = Set.of("enabled", "store");
  private static final Set<String> PASSWORD_FIELDS = Set.of("password", "md5Digest");

  TillsResource(AdminRequest request) {
    super(request);
  }

  /**
   * One page of tills ordered by code, {@code ?first=&max=&search=&store=&enabled=}; the number of
   * tills that match is the {@code X-Total-Count} header.
   */
  @GET
  @Produces(MediaType.APPLICATION_JSON)
  public Response list() {
    auth.users().requireView();
    MultivaluedMap<String, String> params = session.getContext().getUri().getQueryParameters();
    ListQuery query = ListQuery.from(params);
    Boolean enabled = ListQuery.enabled(params);
    String storeCode = params.getFirst("store");
    GroupModel store = storeCode == null || storeCode.isBlank() ? null : store(storeCode.strip());
    String roleId = Stores.tillRoleId(realm);
    if (roleId == null) {
      return ListAnswer.of(List.of(), 0);
    }
    TillQueries.Filter filter =
        new TillQueries.Filter(query.pattern(), store == null ? null : store.getId(), enabled);
    long total = TillQueries.count(session, realm, roleId, filter);
    List<Map<String, Object>> page =
        total <= query.first()
            ? List.of()
            : TillQueries.page(
                    session,
                    realm,
                    roleId,
                    Stores.parent(session, realm).map(GroupModel::getId).orElse(null),
                    filter,
                    query.first(),
                    query.max())
                .stream()
                .map(Tills::view)
                .toList();
    return ListAnswer.of(page, total);
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  public Response create(byte[] body) {
    auth.users().requireManage();
    JsonFields request = fields(body, CREATE_FIELDS);
    String code = request.required("code").toLowerCase(Locale.ROOT);
    if (!Tills.validCode(code)) {
      throw OrganisationErrors.badRequest(OrganisationErrors.TILL_CODE);
    }
    GroupModel store = store(request.required("store"));
    String digest = TillSecretInput.digest(request);
    if (session.users().getUserByUsername(realm, code) != null) {
      throw OrganisationErrors.badRequest(String.format(OrganisationErrors.USER_EXISTS, code));
    }

    if (!lock(() -> RowLocks.group(session, store.getId(), false))) {
      throw OrganisationErrors.badRequest(
          String.format(OrganisationErrors.UNKNOWN_STORE, store.getName()));
    }
    UserModel till = session.users().addUser(realm, code);
    // Policies such as "not the username" need the user; a refusal rolls the new user back.
    TillSecretInput.requireAllowed(session, realm, till, request.text("password"));
    till.setEnabled(true);
    till.grantRole(Tills.role(realm));
    till.joinGroup(store);
    TillPassword.setDigest(session, realm, till, digest);
    Map<String, Object> view = Tills.view(till);
    event(OperationType.CREATE, till, view);
    OrganisationMeters.changed(session, realm, OrganisationMeters.Change.TILL_ADDED);
    return Response.status(Response.Status.CREATED)
        .location(session.getContext().getUri().getAbsolutePathBuilder().path(code).build())
        .entity(view)
        .build();
  }

  @GET
  @Path("{code}")
  @Produces(MediaType.APPLICATION_JSON)
  public Map<String, Object> read(@PathParam("code") String code) {
    auth.users().requireView();
    return Tills.view(till(code));
  }

  /** Enable or disable the till, or move it to another store. */
  @PUT
  @Path("{code}")
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  public Map<String, Object> update(@PathParam("code") String code, byte[] body) {
    auth.users().requireManage();
    UserModel till = till(code);
    JsonFields request = fields(body, UPDATE_FIELDS);
    Boolean enabled = request.bool("enabled");
    GroupModel store = request.has("store") ? store(request.required("store")) : null;
    if (enabled == null && store == null) {
      throw OrganisationErrors.badRequest(
          String.format(OrganisationErrors.NOTHING_TO_CHANGE, "'enabled', 'store'"));
    }
    // The store's row, then the till's (the lock order of RowLocks). The till's row is exclusive:
    // a client being saved naming this till as its default holds it shared, so a disable waits
    // for that save and then sees the client.
    if (store != null && !lock(() -> RowLocks.group(session, store.getId(), false))) {
      throw OrganisationErrors.badRequest(
          String.format(OrganisationErrors.UNKNOWN_STORE, store.getName()));
    }
    String id = till.getId();
    if (!lock(() -> RowLocks.user(session, id))) {
      throw OrganisationErrors.notFound(OrganisationErrors.TILL_NOT_FOUND);
    }
    if (Boolean.FALSE.equals(enabled) && FreshReads.userEnabled(session, id).orElse(false)) {
      Tills.requireNoDefaultTillOf(session, realm, till, "disabled", auth.clients()::canView);
    }
    if (enabled != null) {
      till.setEnabled(enabled);
    }
    if (store != null) {
      // Leaves every store group, so a till in several stores (hand-edited) ends up in one.
      till.getGroupsStream()
          .filter(TillDirectory::isStore)
          .filter(g -> !g.getId().equals(store.getId()))
          .toList()
          .forEach(till::leaveGroup);
      if (!till.isMemberOf(store)) {
        till.joinGroup(store);
      }
    }
    Map<String, Object> view = Tills.view(till);
    event(OperationType.UPDATE, till, view);
    return view;
  }

  @PUT
  @Path("{code}/password")
  @Consumes(MediaType.APPLICATION_JSON)
  public Response resetPassword(@PathParam("code") String code, byte[] body) {
    auth.users().requireManage();
    UserModel till = till(code);
    JsonFields request = fields(body, PASSWORD_FIELDS);
    String digest = TillSecretInput.digest(request);
    TillSecretInput.requireAllowed(session, realm, till, request.text("password"));
    TillPassword.setDigest(session, realm, till, digest);
    event(OperationType.ACTION, ResourceType.USER, "users", till.getId(), "reset-password")
        .success();
    return Response.noContent().build();
  }

  @POST
  @Path("{code}/password")
  @Consumes(MediaType.APPLICATION_JSON)
  public Response resetPasswordByPost(@PathParam("code") String code, byte[] body) {
    return resetPassword(code, body);
  }

  /** Removes the till: its user, with its role, store membership and password. */
  @DELETE
  @Path("{code}")
  public Response delete(@PathParam("code") String code) {
    auth.users().requireManage();
    UserModel till = till(code);
    String id = till.getId();
    if (!lock(() -> RowLocks.user(session, id))) {
      throw OrganisationErrors.notFound(OrganisationErrors.TILL_NOT_FOUND);
    }
    Tills.requireNoDefaultTillOf(session, realm, till, "deleted", auth.clients()::canView);
    new UserManager(session).removeUser(realm, till);
    OrganisationMeters.changed(session, realm, OrganisationMeters.Change.TILL_DELETED);
    event(OperationType.DELETE, ResourceType.USER, "users", id).detail("till", code).success();
    return Response.noContent().build();
  }

  private GroupModel store(String code) {
    return Stores.find(session, realm, code)
        .orElseThrow(
            () ->
                OrganisationErrors.badRequest(
                    String.format(OrganisationErrors.UNKNOWN_STORE, code)));
  }

  private UserModel till(String code) {
    UserModel user =
        code == null || code.length() > Stores.MAX_LOOKUP || !JsonBodies.isCleanText(code)
            ? null
            : session.users().getUserByUsername(realm, code);
    if (!Tills.isTill(realm, user)) {
      throw OrganisationErrors.notFound(OrganisationErrors.TILL_NOT_FOUND);
    }
    return user;
  }

  /** A row lock; one not had in time is a 409, as for the other organisation endpoints. */
  private static boolean lock(Locked<Boolean> lock) {
    return locked("this till or its store", lock);
  }

  private void event(OperationType operation, UserModel till, Map<String, Object> view) {
    event(operation, ResourceType.USER, "users", till.getId()).representation(view).success();
  }
}
