package org.tillauth.keycloak.policy;

import java.util.Map;
import org.keycloak.models.AuthenticationFlowBindings;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.representations.idm.ClientPolicyConditionConfigurationRepresentation;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.services.clientpolicy.ClientPolicyContext;
import org.keycloak.services.clientpolicy.ClientPolicyVote;
import org.keycloak.services.clientpolicy.condition.AbstractClientPolicyConditionProvider;
import org.keycloak.services.clientpolicy.context.ClientCRUDContext;
import org.tillauth.keycloak.till.TillLoginClients;

/**
 * Matches the clients tills log in with (see {@link TillLoginClients}). Like {@link
 * ServiceAccountClientCondition} it votes on every event, token responses included, which
 * Keycloak's attribute- and role-based conditions abstain from; on client create/update it judges
 * the client as it will be after the save.
 */
final class TillLoginClientCondition
    extends AbstractClientPolicyConditionProvider<
        ClientPolicyConditionConfigurationRepresentation> {

  TillLoginClientCondition(KeycloakSession session) {
    super(session);
  }

  @Override
  public Class<ClientPolicyConditionConfigurationRepresentation> getConditionConfigurationClass() {
    return ClientPolicyConditionConfigurationRepresentation.class;
  }

  @Override
  public String getProviderId() {
    return TillLoginClientConditionFactory.PROVIDER_ID;
  }

  @Override
  public ClientPolicyVote applyPolicy(ClientPolicyContext context) {
    RealmModel realm = session.getContext().getRealm();
    if (context instanceof ClientCRUDContext crud) {
      ClientRepresentation proposed = crud.getProposedClientRepresentation();
      ClientModel target = crud.getTargetClient();
      if (proposed != null) {
        return vote(matches(realm, proposed, target));
      }
      return target == null ? ClientPolicyVote.ABSTAIN : vote(matches(realm, target));
    }
    ClientModel client = session.getContext().getClient();
    return client == null ? ClientPolicyVote.ABSTAIN : vote(matches(realm, client));
  }

  private static boolean matches(RealmModel realm, ClientModel client) {
    return TillLoginClients.isTillLoginClient(
        realm,
        client.isDirectAccessGrantsEnabled(),
        client.getAuthenticationFlowBindingOverride(
            AuthenticationFlowBindings.DIRECT_GRANT_BINDING));
  }

  /** Keycloak keeps fields the body omits, so absent ones come from the stored client. */
  private static boolean matches(
      RealmModel realm, ClientRepresentation proposed, ClientModel stored) {
    boolean directGrants =
        ApiClients.effective(
            proposed.isDirectAccessGrantsEnabled(),
            stored != null && stored.isDirectAccessGrantsEnabled());
    Map<String, String> overrides =
        proposed.getAuthenticationFlowBindingOverrides() != null
            ? proposed.getAuthenticationFlowBindingOverrides()
            : stored != null ? stored.getAuthenticationFlowBindingOverrides() : Map.of();
    return TillLoginClients.isTillLoginClient(
        realm, directGrants, overrides.get(AuthenticationFlowBindings.DIRECT_GRANT_BINDING));
  }

  private static ClientPolicyVote vote(boolean matches) {
    return matches ? ClientPolicyVote.YES : ClientPolicyVote.NO;
  }
}
