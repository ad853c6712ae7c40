package org.tillauth.keycloak.apiclient;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.keycloak.OAuthErrorException;
import org.keycloak.common.util.SecretGenerator;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.ClientModel;
import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.models.utils.ModelToRepresentation;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.services.ErrorResponseException;
import org.keycloak.services.clientpolicy.ClientPolicyException;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.ClientResource;
import org.keycloak.services.resources.admin.ClientsResource;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;
import org.tillauth.keycloak.accessgroup.AccessGroups;
import org.tillauth.keycloak.adminpage.AdminPageClient;
import org.tillauth.keycloak.internals.jpa.FreshReads;
import org.tillauth.keycloak.internals.jpa.RowLocks;
import org.tillauth.keycloak.lifespan.LifespanCeiling;
import org.tillauth.keycloak.lifespan.LifespanDuration;
import org.tillauth.keycloak.metrics.OrganisationMeters;
import org.tillauth.keycloak.secret.ClientSecrets;
import org.tillauth.keycloak.secret.HashedClientSecretAuthenticator;
import org.tillauth.keycloak.support.AdminErrors;
import org.tillauth.keycloak.support.JsonBodies;
import org.tillauth.keycloak.till.TillDirectory;

/**
 * {@code /admin/realms/{realm}/api-clients}: API clients registered in one request, as on the
 * platform. Client creation, update and deletion go through Keycloak's own admin resources, so
 * client policies (the lifespan ceiling), admin events and service accounts behave as in the
 * console; everything happens in the request's one transaction, which Keycloak rolls back when an
 * error answer is thrown.
 */
public final class ApiClientsResource {

  private static final char[] KEY_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
  private static final int KEY_LENGTH = 20;
  private static final int ID_MAX = 36;

  private final KeycloakSession session;
  private final RealmModel realm;
  private final AdminPermissionEvaluator auth;
  private final AdminEventBuilder adminEvent;
  private final ApiClientLimit limit;

  ApiClientsResource(
      KeycloakSession session,
      RealmModel realm,
      AdminPermissionEvaluator auth,
      AdminEventBuilder adminEvent,
      ApiClientLimit limit) {
    this.session = session;
    this.realm = realm;
    this.auth = auth;
    this.adminEvent = adminEvent;
    this.limit = limit;
  }

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  public List<Map<String, Object>> list() {
    // view-clients, as documented: query-clients only lets the console find clients by id.
    auth.clients().requireView();
    return apiClients().stream()
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
    settings.put("clients", apiClients().size());
    LifespanDuration ceiling = LifespanCeiling.effective(session, realm);
    settings.put("maxTokenExpiry", ceiling.compact());
    settings.put("maxTokenExpirySeconds", ceiling.seconds());
    settings.put("maxTokenExpiryText", ceiling.toString());
    return settings;
  }

  @GET
  @Path("access-groups")
  @Produces(MediaType.APPLICATION_JSON)
  public List<Map<String, Object>> accessGroups() {
    // Access-group names, which stock /groups refuses to query-clients: view-clients as for the
    // clients that name them.
    auth.clients().requireView();
    GroupModel parent =
        KeycloakModelUtils.findGroupByPath(
            session, realm, new String[] {AccessGroups.parentGroup()});
    if (parent == null) {
      return List.of();
    }
    // Deactivated groups are refused for API clients (AccessGroupMapper), so not offered either.
    return parent
        .getSubGroupsStream()
        .filter(AccessGroups::isActive)
        .map(GroupModel::getName)
        .sorted(String.CASE_INSENSITIVE_ORDER)
        .map(
            name -> {
              Map<String, Object> group = new LinkedHashMap<>();
              group.put("name", name);
              group.put("path", "/" + AccessGroups.parentGroup() + "/" + name);
              return group;
            })
        .toList();
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

  /**
   * Sets a realm up for the administration page: its sign-in client and the hashed-secret
   * authenticator in the client flow. New and imported realms get both automatically; this is for
   * realms that existed before the extension was installed. 201 when the client was created.
   */
  @POST
  @Path("page-client")
  @Produces(MediaType.APPLICATION_JSON)
  public Response setUpPage() {
    auth.clients().requireManage();
    boolean created = AdminPageClient.ensure(session, realm);
    HashedClientSecretAuthenticator.ensureInClientFlow(realm);
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("clientId", AdminPageClient.CLIENT_ID);
    answer.put(
        "pageUrl",
        session
            .getContext()
            .getUri()
            .getBaseUriBuilder()
            .path(AdminPageClient.pagePath(realm))
            .build()
            .toString());
    return Response.status(created ? Response.Status.CREATED : Response.Status.OK)
        .entity(answer)
        .build();
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  public Response register(byte[] body) {
    auth.clients().requireManage();
    ApiClientRequest request = input(() -> ApiClientRequest.parse(jsonText(body), true));
    requireStorable(request.tokenExpirySeconds());
    // Serialises registrations: the unique name and the limit are checked with no other
    // registration between the check and the commit (on every node sharing the database).
    lockRealm();
    ensureCeiling();
    requireUniqueName(request.name(), null);
    ProtocolMapperModel attribution =
        ApiClientMappers.newAttribution(
            request.defaultTill(), Boolean.TRUE.equals(request.useDefaultTillForInvalidTill()));
    ProtocolMapperModel group = ApiClientMappers.newAccessGroup(request.accessGroup());
    ApiClientMappers.validate(session, realm, attribution);
    ApiClientMappers.validate(session, realm, group);
    requireStoredReferences(attribution, group);

    ClientRepresentation rep = new ClientRepresentation();
    rep.setClientId(newClientKey());
    rep.setName(request.name());
    rep.setDescription(request.description());
    rep.setEnabled(true);
    rep.setProtocol(OIDCLoginProtocol.LOGIN_PROTOCOL);
    rep.setPublicClient(false);
    rep.setBearerOnly(false);
    rep.setStandardFlowEnabled(false);
    rep.setImplicitFlowEnabled(false);
    rep.setDirectAccessGrantsEnabled(false);
    rep.setServiceAccountsEnabled(true);
    rep.setClientAuthenticatorType(HashedClientSecretAuthenticator.PROVIDER_ID);
    rep.setAttributes(Map.of(ApiClientView.LIFESPAN, String.valueOf(request.tokenExpirySeconds())));
    rep.setProtocolMappers(
        List.of(
            ModelToRepresentation.toRepresentation(attribution),
            ModelToRepresentation.toRepresentation(group)));

    // Client policies (the lifespan ceiling), service account and admin event as in the console.
    // createClient (not createClientModel, which Keycloak 26.4 lacks) answers 201 or throws.
    new ClientsResource(session, auth, adminEvent).createClient(rep);
    ClientModel client = session.clients().getClientByClientId(realm, rep.getClientId());
    // Counted after creation, in the same transaction and under the realm's row lock, in the
    // database (the cache may not show a registration committed a moment ago): a registration
    // over the limit is undone.
    int max = limit.of(realm);
    if (storedApiClients() > max) {
      throw ApiClientErrors.badRequest(String.format(ApiClientErrors.LIMIT_REACHED, max));
    }
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
    ApiClientRequest request = input(() -> ApiClientRequest.parse(jsonText(body), false));
    requireStorable(request.tokenExpirySeconds());
    ensureCeiling();
    if (request.name() != null) {
      requireUniqueName(request.name(), client);
    }

    ProtocolMapperModel attribution = ApiClientMappers.attribution(client);
    ProtocolMapperModel proposedAttribution = null;
    if (request.defaultTill() != null
        || request.useDefaultTillForInvalidTill() != null
        || attribution == null) {
      String till =
          request.defaultTill() != null
              ? request.defaultTill()
              : attribution == null
                  ? null
                  : attribution.getConfig().get(ApiClientMappers.DEFAULT_TILL);
      boolean fallback =
          request.useDefaultTillForInvalidTill() != null
              ? request.useDefaultTillForInvalidTill()
              : attribution != null
                  && Boolean.parseBoolean(attribution.getConfig().get(ApiClientMappers.FALLBACK));
      proposedAttribution =
          withConfig(attribution, ApiClientMappers.newAttribution(till, fallback));
      ApiClientMappers.validate(session, realm, proposedAttribution);
    }
    ProtocolMapperModel group = ApiClientMappers.accessGroup(client);
    ProtocolMapperModel proposedGroup = null;
    if (request.accessGroup() != null || group == null) {
      proposedGroup = withConfig(group, ApiClientMappers.newAccessGroup(request.accessGroup()));
      ApiClientMappers.validate(session, realm, proposedGroup);
    }

    ClientRepresentation rep = new ClientRepresentation();
    rep.setName(request.name());
    rep.setDescription(request.description());
    rep.setEnabled(request.enabled());
    if (request.tokenExpirySeconds() != null) {
      rep.setAttributes(
          Map.of(ApiClientView.LIFESPAN, String.valueOf(request.tokenExpirySeconds())));
    }
    // Client policies (the lifespan ceiling) and the admin event as in the console.
    Response answer = new ClientResource(realm, auth, client, session, adminEvent).update(rep);
    if (answer.getStatus() >= 300) {
      throw new ErrorResponseException(answer);
    }
    requireStoredReferences(proposedAttribution, proposedGroup);
    save(client, attribution, proposedAttribution);
    save(client, group, proposedGroup);
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
    Duration grace = Duration.ZERO;
    String body = text(bytes);
    if (!body.isBlank()) {
      JsonNode node = input(() -> ApiClientRequest.object(body));
      for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
        String field = names.next();
        if (!"gracePeriod".equals(field)) {
          throw ApiClientErrors.badRequest(String.format(AdminErrors.UNKNOWN_FIELD, field));
        }
      }
      JsonNode value = node.get("gracePeriod");
      if (value != null && !value.isNull()) {
        if (!value.isTextual() && !value.isIntegralNumber()) {
          throw ApiClientErrors.badRequest(ApiClientErrors.GRACE_SYNTAX);
        }
        grace = input(() -> GracePeriod.parse(value.asText()));
      }
    }
    if (client.isPublicClient() || client.isBearerOnly() || !client.isServiceAccountsEnabled()) {
      throw ApiClientErrors.badRequest(ApiClientErrors.NOT_CONFIDENTIAL);
    }
    ClientModel stored = FreshReads.client(session, realm, client.getId());
    boolean counted = ClientSecrets.usesHashedSecret(stored);
    HashedClientSecretAuthenticator.ensureInClientFlow(realm);
    ClientSecrets.Issued issued = ClientSecrets.issue(client, stored, grace);
    // A client moving onto a hashed secret becomes an API client: the limit applies as to a new
    // one.
    int max = limit.of(realm);
    if (!counted && storedApiClients() > max) {
      throw ApiClientErrors.badRequest(String.format(ApiClientErrors.LIMIT_REACHED, max));
    }
    flush("this API client's secret");
    OrganisationMeters.changed(
        session, realm, OrganisationMeters.Change.API_CLIENT_SECRET_REGENERATED);
    adminEvent
        .operation(OperationType.ACTION)
        .resource(ResourceType.CLIENT)
        .resourcePath(session.getContext().getUri())
        .success();
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("id", client.getId());
    answer.put("clientKey", client.getClientId());
    answer.put("clientSecret", issued.secret());
    answer.put("previousSecretValidUntil", issued.previousValidUntil());
    return Response.ok(answer).header("Cache-Control", "no-store").build();
  }

  @DELETE
  @Path("{id}")
  public Response delete(@PathParam("id") String id) {
    ClientModel client = find(id, true);
    auth.clients().requireManage(client);
    new ClientResource(realm, auth, client, session, adminEvent).deleteClient();
    OrganisationMeters.changed(session, realm, OrganisationMeters.Change.API_CLIENT_DELETED);
    return Response.noContent().build();
  }

  /** The raw JSON body of a write: declared as JSON (else 415), strict UTF-8, as {@link #text}. */
  private String jsonText(byte[] body) {
    String contentType =
        session.getContext().getRequestHeaders().getHeaderString(HttpHeaders.CONTENT_TYPE);
    try {
      return JsonBodies.jsonText(body, contentType);
    } catch (JsonBodies.InvalidBodyException e) {
      throw new ErrorResponseException(
          OAuthErrorException.INVALID_REQUEST,
          e.getMessage(),
          Response.Status.fromStatusCode(e.status()));
    }
  }

  /** The raw body as text: strict UTF-8 (see {@link JsonBodies}); a refusal is a 400 or 415. */
  private String text(byte[] body) {
    try {
      return JsonBodies.text(
          body, session.getContext().getRequestHeaders().getHeaderString(HttpHeaders.CONTENT_TYPE));
    } catch (JsonBodies.InvalidBodyException e) {
      throw new ErrorResponseException(
          OAuthErrorException.INVALID_REQUEST,
          e.getMessage(),
          Response.Status.fromStatusCode(e.status()));
    }
  }

  /**
   * Keycloak keeps a token lifespan as an int of seconds; a longer expiry ({@code 2147483647}
   * minutes) is above every ceiling, and gets the ceiling's text rather than the policy's one about
   * seconds.
   */
  private void requireStorable(Long seconds) {
    if (seconds != null && seconds > Integer.MAX_VALUE) {
      LifespanDuration ceiling = LifespanCeiling.effective(session, realm);
      throw new ErrorResponseException(
          OAuthErrorException.INVALID_CLIENT_METADATA,
          String.format(ApiClientErrors.EXPIRY_TOO_LONG, ceiling),
          Response.Status.BAD_REQUEST);
    }
  }

  /**
   * A realm set up without the API clients' lifespan policy gets it (with the recommended ceiling)
   * before the save, so the client is checked against it and its tokens are clamped. Undone with
   * the rest when the save is refused.
   */
  private void ensureCeiling() {
    try {
      LifespanCeiling.ensure(session, realm);
    } catch (ClientPolicyException e) {
      throw new ErrorResponseException(
          OAuthErrorException.INVALID_CLIENT_METADATA,
          e.getErrorDetail() != null ? e.getErrorDetail() : e.getMessage(),
          Response.Status.BAD_REQUEST);
    }
  }

  /** Parses request input; a refusal becomes a 400 with its message. */
  private static <T> T input(java.util.function.Supplier<T> parse) {
    try {
      return parse.get();
    } catch (InvalidInputException e) {
      throw ApiClientErrors.badRequest(e.getMessage());
    }
  }

  /** API clients: the realm's clients that authenticate with a hashed secret. */
  private List<ClientModel> apiClients() {
    return realm
        .getClientsStream()
        .filter(ClientSecrets::usesHashedSecret)
        .filter(c -> !c.isPublicClient())
        .toList();
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
    if (lock) {
      try {
        if (!RowLocks.client(session, realm, id)) {
          return null;
        }
      } catch (RowLocks.Conflict e) {
        throw AdminErrors.conflict("this API client");
      }
    }
    ClientModel client = session.clients().getClientById(realm, id);
    return client == null || !realm.getId().equals(client.getRealm().getId()) ? null : client;
  }

  /**
   * The default till and the access group checked again in the database, under the realm's row lock
   * (and the till's row, shared): a group deleted or deactivated, or a till disabled or deleted, by
   * a request this one waited for is seen here even where the cache still shows it. Those requests
   * take the same rows and refuse while a client names the group or till, so a client never names a
   * group or till that is gone or disabled. Null models are not checked.
   */
  private void requireStoredReferences(
      ProtocolMapperModel attribution, ProtocolMapperModel accessGroup) {
    try {
      if (accessGroup != null) {
        ApiClientMappers.validateStored(session, realm, accessGroup);
      }
      if (attribution != null) {
        ApiClientMappers.validateStored(session, realm, attribution);
      }
    } catch (RowLocks.Conflict e) {
      throw AdminErrors.conflict("this API client's default till");
    }
  }

  /** A row lock on the realm, see {@link RowLocks}; 409 when it cannot be had in time. */
  private void lockRealm() {
    try {
      RowLocks.realm(session, realm);
    } catch (RowLocks.Conflict e) {
      throw AdminErrors.conflict("the realm's API clients");
    }
  }

  private void flush(String what) {
    try {
      RowLocks.flush(session);
    } catch (RowLocks.Conflict e) {
      throw AdminErrors.conflict(what);
    }
  }

  private ClientModel find(String id, boolean lock) {
    ClientModel client = lookUp(id, lock);
    if (client == null || !ClientSecrets.usesHashedSecret(client) || client.isPublicClient()) {
      // 403 rather than 404 for a caller who could not read the client if it existed.
      auth.clients().requireView();
      throw ApiClientErrors.notFound();
    }
    return client;
  }

  /** API clients as the database counts them (see {@link FreshReads}). */
  private long storedApiClients() {
    flush("the realm's API clients");
    return FreshReads.confidentialClientsUsing(
        session, realm, HashedClientSecretAuthenticator.PROVIDER_ID);
  }

  private void requireUniqueName(String name, ClientModel self) {
    String wanted = name.strip().toLowerCase(Locale.ROOT);
    // In the database too: under the realm's row lock it sees a registration committed a moment
    // ago, which the cached client list may not show yet.
    if (FreshReads.clientsNamed(session, realm, wanted).stream()
        .anyMatch(id -> self == null || !id.equals(self.getId()))) {
      throw ApiClientErrors.badRequest(String.format(ApiClientErrors.DUPLICATE_NAME, name.strip()));
    }
    boolean taken =
        realm
            .getClientsStream()
            .filter(c -> self == null || !c.getId().equals(self.getId()))
            .anyMatch(
                c ->
                    c.getName() != null
                        && c.getName().strip().toLowerCase(Locale.ROOT).equals(wanted));
    if (taken) {
      throw ApiClientErrors.badRequest(String.format(ApiClientErrors.DUPLICATE_NAME, name.strip()));
    }
  }

  private static ProtocolMapperModel withConfig(
      ProtocolMapperModel existing, ProtocolMapperModel proposed) {
    if (existing == null) {
      return proposed;
    }
    ProtocolMapperModel merged = new ProtocolMapperModel();
    merged.setId(existing.getId());
    merged.setName(existing.getName());
    merged.setProtocol(existing.getProtocol());
    merged.setProtocolMapper(existing.getProtocolMapper());
    Map<String, String> config = new LinkedHashMap<>(existing.getConfig());
    proposed
        .getConfig()
        .forEach(
            (k, v) -> {
              if (v != null && (config.get(k) == null || isSetting(k))) {
                config.put(k, v);
              }
            });
    merged.setConfig(config);
    return merged;
  }

  /** The keys this API sets; the include-in-token switches and headers stay as configured. */
  private static boolean isSetting(String key) {
    return ApiClientMappers.DEFAULT_TILL.equals(key)
        || ApiClientMappers.FALLBACK.equals(key)
        || ApiClientMappers.ACCESS_GROUP.equals(key);
  }

  private static void save(
      ClientModel client, ProtocolMapperModel existing, ProtocolMapperModel proposed) {
    if (proposed == null) {
      return;
    }
    if (existing == null) {
      client.addProtocolMapper(proposed);
    } else {
      client.updateProtocolMapper(proposed);
    }
  }

  private String newClientKey() {
    String key;
    do {
      key = SecretGenerator.getInstance().randomString(KEY_LENGTH, KEY_ALPHABET);
    } while (session.clients().getClientByClientId(realm, key) != null);
    return key;
  }
}
