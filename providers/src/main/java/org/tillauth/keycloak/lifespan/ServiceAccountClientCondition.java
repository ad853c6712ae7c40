package org.tillauth.keycloak.lifespan;

import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.representations.idm.ClientRepresentation;

/**
 * Matches service-account clients ({@link ServiceAccountClients}), judged as {@link
 * ClientStateCondition} says.
 */
final class ServiceAccountClientCondition extends ClientStateCondition {

  ServiceAccountClientCondition(KeycloakSession session) {
    super(session);
  }

  @Override
  public String getProviderId() {
    return ServiceAccountClientConditionFactory.PROVIDER_ID;
  }

  @Override
  boolean matches(ClientModel client) {
    return ServiceAccountClients.isServiceAccountClient(client);
  }

  @Override
  boolean matches(ClientRepresentation proposed, ClientModel stored) {
    return ServiceAccountClients.isServiceAccountClient(proposed, stored);
  }
}
