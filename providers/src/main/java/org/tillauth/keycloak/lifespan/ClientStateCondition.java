package org.tillauth.keycloak.lifespan;

import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.representations.idm.ClientPolicyConditionConfigurationRepresentation;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.services.clientpolicy.ClientPolicyContext;
import org.keycloak.services.clientpolicy.ClientPolicyVote;
import org.keycloak.services.clientpolicy.condition.AbstractClientPolicyConditionProvider;
import org.keycloak.services.clientpolicy.context.ClientCRUDContext;

/**
 * A condition that votes on every event (token responses included, which Keycloak's attribute- and
 * role-based conditions abstain from) by what kind of client is involved. On client create/update
 * it judges the client as it will be after the save, so a client becomes subject to a policy in the
 * same request that makes it match; on every other event it judges the requesting client.
 */
abstract class ClientStateCondition
    extends AbstractClientPolicyConditionProvider<
        ClientPolicyConditionConfigurationRepresentation> {

  ClientStateCondition(KeycloakSession session) {
    super(session);
  }

  /** A stored client (the requesting client, or a target whose save carries no body). */
  abstract boolean matches(ClientModel client);

  /**
   * A client as it will be after the save; Keycloak keeps fields the body omits, so absent ones
   * come from {@code stored} (null on create).
   */
  abstract boolean matches(ClientRepresentation proposed, ClientModel stored);

  @Override
  public Class<ClientPolicyConditionConfigurationRepresentation> getConditionConfigurationClass() {
    return ClientPolicyConditionConfigurationRepresentation.class;
  }

  @Override
  public ClientPolicyVote applyPolicy(ClientPolicyContext context) {
    if (context instanceof ClientCRUDContext crud) {
      // The session's client here is the admin's (e.g. security-admin-console), never the target.
      ClientRepresentation proposed = crud.getProposedClientRepresentation();
      ClientModel target = crud.getTargetClient();
      if (proposed != null) {
        return vote(matches(proposed, target));
      }
      return target == null ? ClientPolicyVote.ABSTAIN : vote(matches(target));
    }
    ClientModel client = session.getContext().getClient();
    return client == null ? ClientPolicyVote.ABSTAIN : vote(matches(client));
  }

  private static ClientPolicyVote vote(boolean matches) {
    return matches ? ClientPolicyVote.YES : ClientPolicyVote.NO;
  }
}
