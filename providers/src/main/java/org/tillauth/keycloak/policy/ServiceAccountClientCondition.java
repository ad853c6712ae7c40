package org.tillauth.keycloak.policy;

import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.representations.idm.ClientPolicyConditionConfigurationRepresentation;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.services.clientpolicy.ClientPolicyContext;
import org.keycloak.services.clientpolicy.ClientPolicyVote;
import org.keycloak.services.clientpolicy.condition.AbstractClientPolicyConditionProvider;
import org.keycloak.services.clientpolicy.context.ClientCRUDContext;

/**
 * Matches API clients (see {@link ApiClients}). On client create/update it judges the client as it
 * will be after the save, so a client becomes subject to the policy in the same request that turns
 * its service account on; on every other event it judges the requesting client.
 */
final class ServiceAccountClientCondition
    extends AbstractClientPolicyConditionProvider<
        ClientPolicyConditionConfigurationRepresentation> {

  ServiceAccountClientCondition(KeycloakSession session) {
    super(session);
  }

  @Override
  public Class<ClientPolicyConditionConfigurationRepresentation> getConditionConfigurationClass() {
    return ClientPolicyConditionConfigurationRepresentation.class;
  }

  @Override
  public String getProviderId() {
    return ServiceAccountClientConditionFactory.PROVIDER_ID;
  }

  @Override
  public ClientPolicyVote applyPolicy(ClientPolicyContext context) {
    if (context instanceof ClientCRUDContext crud) {
      // The session's client here is the admin's (e.g. security-admin-console), never the target.
      ClientRepresentation proposed = crud.getProposedClientRepresentation();
      ClientModel target = crud.getTargetClient();
      if (proposed != null) {
        return vote(ApiClients.isApiClient(proposed, target));
      }
      return target == null ? ClientPolicyVote.ABSTAIN : vote(ApiClients.isApiClient(target));
    }
    ClientModel client = session.getContext().getClient();
    return client == null ? ClientPolicyVote.ABSTAIN : vote(ApiClients.isApiClient(client));
  }

  private static ClientPolicyVote vote(boolean matches) {
    return matches ? ClientPolicyVote.YES : ClientPolicyVote.NO;
  }
}
