package org.tillauth.keycloak.apiclient;

import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.keycloak.OAuthErrorException;
import org.keycloak.common.util.SecretGenerator;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.ModelToRepresentation;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.services.ErrorResponseException;
import org.keycloak.services.clientpolicy.ClientPolicyException;
import org.tillauth.keycloak.admin.AdminErrors;
import org.tillauth.keycloak.admin.AdminRequest;
import org.tillauth.keycloak.admin.AdminResource;
import org.tillauth.keycloak.internals.KeycloakClientAdmin;
import org.tillauth.keycloak.internals.jpa.FreshReads;
import org.tillauth.keycloak.lifespan.LifespanCeiling;
import org.tillauth.keycloak.lifespan.LifespanDuration;
import org.tillauth.keycloak.secret.HashedClientSecretAuthenticator;

/**
 * Registering and updating an API client: the request checked against the realm (unique name, the
 * default till and access group, the lifespan ceiling), then saved through Keycloak's own client
 * admin ({@link KeycloakClientAdmin}), so that client policies, the service account and admin
 * events behave as in the console. Runs in the request's transaction, under the realm's row lock
 * the resource took.
 */
final class ApiClientWrites {

  private static final char[] KEY_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
  private static final int KEY_LENGTH = 20;

  private final KeycloakSession session;
  private final RealmModel realm;
  private final KeycloakClientAdmin clients;

  ApiClientWrites(AdminRequest request) {
    this.session = request.session();
    this.realm = request.realm();
    this.clients = new KeycloakClientAdmin(session, realm, request.auth(), request.adminEvent());
  }

  /**
   * Creates the client with its two mappers; the caller has checked {@link #requireStorable}
   * (before taking the realm's row lock), and checks the limit and issues the secret.
   */
  ClientModel register(ApiClientRequest request) {
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
    rep.setAttributes(
        Map.of(LifespanCeiling.CLIENT_LIFESPAN, String.valueOf(request.tokenExpirySeconds())));
    rep.setProtocolMappers(
        List.of(
            ModelToRepresentation.toRepresentation(attribution),
            ModelToRepresentation.toRepresentation(group)));
    clients.create(rep);
    return session.clients().getClientByClientId(realm, rep.getClientId());
  }

  /** Changes the fields the request has; absent fields stay. */
  void update(ClientModel client, ApiClientRequest request) {
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
          ApiClientMappers.merged(attribution, ApiClientMappers.newAttribution(till, fallback));
      ApiClientMappers.validate(session, realm, proposedAttribution);
    }
    ProtocolMapperModel group = ApiClientMappers.accessGroup(client);
    ProtocolMapperModel proposedGroup = null;
    if (request.accessGroup() != null || group == null) {
      proposedGroup =
          ApiClientMappers.merged(group, ApiClientMappers.newAccessGroup(request.accessGroup()));
      ApiClientMappers.validate(session, realm, proposedGroup);
    }

    ClientRepresentation rep = new ClientRepresentation();
    rep.setName(request.name());
    rep.setDescription(request.description());
    rep.setEnabled(request.enabled());
    if (request.tokenExpirySeconds() != null) {
      rep.setAttributes(
          Map.of(LifespanCeiling.CLIENT_LIFESPAN, String.valueOf(request.tokenExpirySeconds())));
    }
    clients.update(client, rep);
    requireStoredReferences(proposedAttribution, proposedGroup);
    ApiClientMappers.save(client, attribution, proposedAttribution);
    ApiClientMappers.save(client, group, proposedGroup);
  }

  void delete(ClientModel client) {
    clients.delete(client);
  }

  /**
   * Keycloak keeps a token lifespan as an int of seconds; a longer expiry ({@code 2147483647}
   * minutes) is above every ceiling, and gets the ceiling's text rather than the policy's one about
   * seconds.
   */
  void requireStorable(Long seconds) {
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

  /**
   * The default till and the access group checked again in the database, under the realm's row lock
   * (and the till's row, shared): a group deleted or deactivated, or a till disabled or deleted, by
   * a request this one waited for is seen here even where the cache still shows it. Those requests
   * take the same rows and refuse while a client names the group or till, so a client never names a
   * group or till that is gone or disabled. Null models are not checked.
   */
  private void requireStoredReferences(
      ProtocolMapperModel attribution, ProtocolMapperModel accessGroup) {
    AdminResource.locked(
        "this API client's default till",
        () -> {
          if (accessGroup != null) {
            ApiClientMappers.validateStored(session, realm, accessGroup);
          }
          if (attribution != null) {
            ApiClientMappers.validateStored(session, realm, attribution);
          }
          return null;
        });
  }

  private void requireUniqueName(String name, ClientModel self) {
    String wanted = name.strip().toLowerCase(Locale.ROOT);
    // In the database too: under the realm's row lock it sees a registration committed a moment
    // ago, which the cached client list may not show yet.
    if (FreshReads.clientsNamed(session, realm, wanted).stream()
        .anyMatch(id -> self == null || !id.equals(self.getId()))) {
      throw AdminErrors.badRequest(String.format(ApiClientErrors.DUPLICATE_NAME, name.strip()));
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
      throw AdminErrors.badRequest(String.format(ApiClientErrors.DUPLICATE_NAME, name.strip()));
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
