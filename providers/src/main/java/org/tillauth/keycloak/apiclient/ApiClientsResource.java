package org.tillauth.keycloak.apiclient;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.ClientModel;
import org.tillauth.keycloak.accessgroup.AccessGroups;
import org.tillauth.keycloak.admin.AdminRequest;
import org.tillauth.keycloak.admin.AdminResource;
import org.tillauth.keycloak.adminpage.AdminPageClient;
import org.tillauth.keycloak.internals.jpa.RowLocks;
import org.tillauth.keycloak.lifespan.LifespanCeiling;
import org.tillauth.keycloak.lifespan.LifespanDuration;
import org.tillauth.keycloak.metrics.OrganisationMeters;
import org.tillauth.keycloak.secret.ClientSecrets;
import org.tillauth.keycloak.secret.HashedClientSecretAuthenticator;
import org.tillauth.keycloak.support.JsonBodies;
import org.tillauth.keycloak.till.TillDirectory;

/**
 * {@code /admin/realms/{realm}/api-clients}: {@link ApiClients} registered in one request, as on
 * the platform. This class answers the endpoints: it checks permissions, takes the realm's and the
 * client's row locks in {@link RowLocks}' order and hands the write to {@link ApiClientWrites};
 * everything happens in the request's one transaction, which Keycloak rolls back when an error
 * answer is thrown.
 */
public final class ApiClientsResource extends AdminResource {

  private static final int ID_MAX = 36;

  private final ApiClientLimit limit;
  private final ApiClientWrites writes;

  ApiClientsResource(AdminRequest request, ApiClientLimit limit) {
    super(request);
    this.limit = limit;
    this.writes = new ApiClientWrites(request);
  }

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  public List<Map<String, Object>> list() {
    // view-clients, as documented: query-clients only lets the console find clients by id.
    auth.clients().requireView();
    return ApiClients.of(realm).stream()
        .filter(c -> auth.clients().canView(c))
        .map(ApiClientView::of)
        .toList();
  }

  @GET
  @Path("settings")
  @Produces(MediaType.APPLICATION_JSON)
  public Map<String, Object> settings() {
    auth.clients().requireView();
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("maxClients", limit.of(realm));
    settings.put("clients", ApiClients.of(realm).size());
    LifespanDuration ceiling = LifespanCeiling.effective(session, realm);
    settings.put("maxTokenExpiry", ceiling.compact());
    settings.put("maxTokenExpirySeconds", ceiling.seconds());
    settings.put("maxTokenExpiryText", ceiling.toString());
    return settings;
  }

  /**
   * Access-group names, which stock /groups refuses to query-clients: view-clients as for the
   * clients that name them.
   */
  @GET
  @Path("access-groups")
  @Produces(MediaType.APPLICATION_JSON)
  public List<Map<String, Object>> accessGroups() {
    auth.clients().requireView();
    return AccessGroups.offeredToApiClients(session, realm);
  }

  /**
   * The Validate button: 200 with the till's store, or 400 with the mapper's text. It tells which
   * tills exist, so it needs what registering needs (manage-clients), not just view-clients.
   */
  @GET
  @Path("default-till")
  @Produces(MediaType.APPLICATION_JSON)
  public Map<String, Object> validateDefaultTill(@QueryParam("code") String code) {
    auth.clients().requireManage();
    String till = code == null ? null : code.strip();
    if (till != null && !JsonBodies.isCleanText(till)) {
      throw ApiClientErrors.badRequest(String.format(JsonBodies.NOT_TEXT, "code"));
    }
    ApiClientMappers.validate(session, realm, ApiClientMappers.newAttribution(till, false));
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("defaultTill", till);
    result.put(
        "storeCode",
        TillDirectory.find(session, realm, till).flatMap(t -> t.storeCode()).orElse(null));
    return result;
  }

  /** Sets a realm up for the administration page ({@link AdminPageClient#setUp}). */
  @POST
  @Path("page-client")
  @Produces(MediaType.APPLICATION_JSON)
  public Response setUpPage() {
    auth.clients().requireManage();
    return AdminPageClient.setUp(session, realm);
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  public Response register(byte[] body) {
    auth.clients().requireManage();
    ApiClientRequest request = read(() -> ApiClientRequest.parse(jsonText(body), true));
    writes.requireStorable(request.tokenExpirySeconds());
    // Serialises registrations: the unique name and the limit are checked with no other
    // registration between the check and the commit (on every node sharing the database).
    lockRealm();
    ClientModel client = writes.register(request);
    // A registration over the limit is undone.
    flush("the realm's API clients");
    limit.requireWithin(session, realm);
    HashedClientSecretAuthenticator.ensureInClientFlow(realm);
    ClientSecrets.Issued issued = ClientSecrets.issue(client, Duration.ZERO);
    flush("the realm's API clients");
    OrganisationMeters.changed(session, realm, OrganisationMeters.Change.API_CLIENT_REGISTERED);

    Map<String, Object> created = ApiClientView.of(client);
    created.put("clientSecret", issued.secret());
    return Response.status(Response.Status.CREATED)
        .location(
            session.getContext().getUri().getAbsolutePathBuilder().path(client.getId()).build())
        .header("Cache-Control", "no-store")
        .entity(created)
        .build();
  }

  @GET
  @Path("{id}")
  @Produces(MediaType.APPLICATION_JSON)
  public Map<String, Object> read(@PathParam("id") String id) {
    ClientModel client = find(id, false);
    auth.clients().requireView(client);
    return ApiClientView.of(client);
  }

  @PUT
  @Path("{id}")
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  public Map<String, Object> update(@PathParam("id") String id, byte[] body) {
    // The realm row first (a new name must stay unique), then the client's: two administrators
    // saving the same client take turns instead of failing one of them at commit.
    lockRealm();
    ClientModel client = find(id, true);
    auth.clients().requireManage(client);
    ApiClientRequest request = read(() -> ApiClientRequest.parse(jsonText(body), false));
    writes.update(client, request);
    flush("this API client");
    return ApiClientView.of(client);
  }

  /**
   * A new secret, returned this once. Also the way to move an existing confidential client onto a
   * hashed secret. Body (optional): {@code {"gracePeriod":"1h"}} keeps the previous secret valid
   * that long.
   */
  @POST
  @Path("{id}/secret")
  @Produces(MediaType.APPLICATION_JSON)
  public Response regenerateSecret(@PathParam("id") String id, byte[] bytes) {
    // The client's row is locked before it is read: two regenerations take turns, and the second
    // keeps the first one's secret as the previous one (with a grace period) instead of a secret
    // read before the first was saved. Every secret answered was stored. The realm's row comes
    // first (the lock order of RowLocks): a client moving onto a hashed secret is counted against
    // the limit with no registration in between.
    lockRealm();
    ClientModel client = lookUp(id, true);
    if (client == null) {
      auth.clients().requireManage();
      throw ApiClientErrors.notFound();
    }
    auth.clients().requireManage(client);
    String body = text(bytes);
    Duration grace = read(() -> ApiClientRequest.gracePeriod(body));
    Map<String, Object> answer = new SecretRegeneration(session, realm, limit).run(client, grace);
    adminEvent
        .operation(OperationType.ACTION)
        .resource(ResourceType.CLIENT)
        .resourcePath(session.getContext().getUri())
        .success();
    return Response.ok(answer).header("Cache-Control", "no-store").build();
  }

  @DELETE
  @Path("{id}")
  public Response delete(@PathParam("id") String id) {
    ClientModel client = find(id, true);
    auth.clients().requireManage(client);
    writes.delete(client);
    OrganisationMeters.changed(session, realm, OrganisationMeters.Change.API_CLIENT_DELETED);
    return Response.noContent().build();
  }

  /**
   * The realm's client with this id. An id no client can have (over 36 characters, controls) is not
   * looked up: a NUL would make PostgreSQL fail the query. Keycloak's lookup by id ignores the
   * realm it is given (it returns a master client for a demo-org path), so the realm is checked
   * here: a client of another realm is not found.
   */
  private ClientModel lookUp(String id, boolean lock) {
    if (id == null || id.length() > ID_MAX || !JsonBodies.isCleanText(id)) {
      return null;
    }
    if (lock && !locked("this API client", () -> RowLocks.client(session, realm, id))) {
      return null;
    }
    ClientModel client = session.clients().getClientById(realm, id);
    return client == null || !realm.getId().equals(client.getRealm().getId()) ? null : client;
  }

  /** An API client of the realm; 404, or 403 for a caller who could not read it if it existed. */
  private ClientModel find(String id, boolean lock) {
    ClientModel client = lookUp(id, lock);
    if (client == null || !ApiClients.isApiClient(client)) {
      throw notFound(auth.clients()::requireView, ApiClientErrors.NOT_FOUND);
    }
    return client;
  }

  /** A row lock on the realm, see {@link RowLocks}; 409 when it cannot be had in time. */
  private void lockRealm() {
    locked(
        "the realm's API clients",
        () -> {
          RowLocks.realm(session, realm);
          return null;
        });
  }
}
