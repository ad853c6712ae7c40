package org.tillauth.keycloak.attribution;

import java.util.Optional;
import org.keycloak.OAuthErrorException;
import org.keycloak.models.AuthenticatedClientSessionModel;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.representations.idm.ClientPolicyExecutorConfigurationRepresentation;
import org.keycloak.services.clientpolicy.ClientPolicyContext;
import org.keycloak.services.clientpolicy.ClientPolicyException;
import org.keycloak.services.clientpolicy.context.ServiceAccountTokenRequestContext;
import org.keycloak.services.clientpolicy.executor.ClientPolicyExecutorProvider;
import org.tillauth.keycloak.internals.ClientSessionContexts;
import org.tillauth.keycloak.metrics.ApiClientMeters;
import org.tillauth.keycloak.secret.StockSecretRotation;

/**
 * Decides the till attribution of a client-credentials token request before anything is minted:
 * refuses the request (400 invalid_request) when the headers cannot be honoured, otherwise keeps
 * the decision in the user session for {@link TillAttributionMapper}. Does nothing for clients
 * without a till-attribution mapper, so it can be applied to any client.
 */
final class TillAttributionExecutor
    implements ClientPolicyExecutorProvider<ClientPolicyExecutorConfigurationRepresentation> {

  private final KeycloakSession session;

  TillAttributionExecutor(KeycloakSession session) {
    this.session = session;
  }

  @Override
  public String getProviderId() {
    return TillAttributionExecutorFactory.PROVIDER_ID;
  }

  @Override
  public void executeOnEvent(ClientPolicyContext context) throws ClientPolicyException {
    switch (context.getEvent()) {
      case SERVICE_ACCOUNT_TOKEN_REQUEST ->
          attribute(((ServiceAccountTokenRequestContext) context).getClientSession());
      case UPDATED -> StockSecretRotation.refuse(context);
      default -> {
        // Other events (and those added by later Keycloak versions) are not ours.
      }
    }
  }

  private void attribute(AuthenticatedClientSessionModel clientSession)
      throws ClientPolicyException {
    Optional<ProtocolMapperModel> mapper = attributionMapper(clientSession);
    if (mapper.isEmpty()) {
      return;
    }
    UserSessionModel userSession = clientSession.getUserSession();
    try {
      Attribution attribution =
          AttributionDecider.decide(
              TillAttributionConfig.from(mapper.get().getConfig()),
              name -> session.getContext().getRequestHeaders().getRequestHeader(name),
              new RealmPlaces(session, clientSession.getRealm()));
      AttributionNotes.save(userSession, attribution);
      ApiClientMeters.attributed(clientSession.getRealm(), meterTag(attribution.source()));
    } catch (AttributionRejectedException e) {
      ApiClientMeters.attributed(clientSession.getRealm(), ApiClientMeters.Attribution.REFUSED);
      throw new ClientPolicyException(OAuthErrorException.INVALID_REQUEST, e.getMessage());
    }
  }

  private static ApiClientMeters.Attribution meterTag(Attribution.Source source) {
    return switch (source) {
      case HEADER -> ApiClientMeters.Attribution.HEADER;
      case FALLBACK -> ApiClientMeters.Attribution.FALLBACK;
      // SELF is a till's own token, never decided here; counted with the default if it were.
      case DEFAULT, SELF -> ApiClientMeters.Attribution.DEFAULT;
    };
  }

  /** The till-attribution mapper among those that will run for this token (client or scopes). */
  private Optional<ProtocolMapperModel> attributionMapper(
      AuthenticatedClientSessionModel clientSession) {
    return tokenContext(clientSession)
        .getProtocolMappersStream()
        .filter(m -> TillAttributionMapper.PROVIDER_ID.equals(m.getProtocolMapper()))
        .findFirst();
  }

  /**
   * The context Keycloak has already built for this token (every DefaultClientSessionContext
   * registers itself as a session attribute): its mapper set is computed once and reused when the
   * token is minted. A context of our own would repeat the scope and role resolution, and replace
   * Keycloak's in that attribute.
   */
  private ClientSessionContext tokenContext(AuthenticatedClientSessionModel clientSession) {
    ClientSessionContext current =
        session.getAttribute(ClientSessionContext.class.getName(), ClientSessionContext.class);
    if (current != null && current.getClientSession() == clientSession) {
      return current;
    }
    return ClientSessionContexts.fromScopeParameter(clientSession, session);
  }
}
