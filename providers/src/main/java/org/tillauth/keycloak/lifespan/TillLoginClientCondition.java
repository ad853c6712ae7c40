package org.tillauth.keycloak.lifespan;

import java.util.Map;
import org.keycloak.models.AuthenticationFlowBindings;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.representations.idm.ClientRepresentation;
import org.tillauth.keycloak.till.TillLoginClients;

/**
 * Matches the clients tills log in with (see {@link TillLoginClients}), judged as {@link
 * ClientStateCondition} says.
 */
final class TillLoginClientCondition extends ClientStateCondition {

  TillLoginClientCondition(KeycloakSession session) {
    super(session);
  }

  @Override
  public String getProviderId() {
    return TillLoginClientConditionFactory.PROVIDER_ID;
  }

  @Override
  boolean matches(ClientModel client) {
    return TillLoginClients.isTillLoginClient(
        client.getRealm(),
        client.isDirectAccessGrantsEnabled(),
        client.getAuthenticationFlowBindingOverride(
            AuthenticationFlowBindings.DIRECT_GRANT_BINDING));
  }

  @Override
  boolean matches(ClientRepresentation proposed, ClientModel stored) {
    boolean directGrants =
        ServiceAccountClients.effective(
            proposed.isDirectAccessGrantsEnabled(),
            stored != null && stored.isDirectAccessGrantsEnabled());
    Map<String, String> overrides =
        proposed.getAuthenticationFlowBindingOverrides() != null
            ? proposed.getAuthenticationFlowBindingOverrides()
            : stored != null ? stored.getAuthenticationFlowBindingOverrides() : Map.of();
    return TillLoginClients.isTillLoginClient(
        session.getContext().getRealm(),
        directGrants,
        overrides.get(AuthenticationFlowBindings.DIRECT_GRANT_BINDING));
  }
}
