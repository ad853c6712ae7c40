package org.tillauth.keycloak.lifespan;

import org.keycloak.models.ClientModel;
import org.keycloak.representations.idm.ClientRepresentation;

/**
 * Service-account clients, the clients the lifespan ceiling applies to: a confidential client
 * (client authentication on, not bearer-only) with a service account, i.e. one that can use the
 * client credentials grant, however it authenticates. The API clients of {@code /api-clients} are
 * the ones among them with a hashed secret ({@code apiclient/ApiClients}).
 */
final class ServiceAccountClients {

  private ServiceAccountClients() {}

  static boolean isServiceAccountClient(
      boolean publicClient, boolean bearerOnly, boolean serviceAccounts) {
    return !publicClient && !bearerOnly && serviceAccounts;
  }

  static boolean isServiceAccountClient(ClientModel client) {
    return isServiceAccountClient(
        client.isPublicClient(), client.isBearerOnly(), client.isServiceAccountsEnabled());
  }

  /**
   * The client as it will be after a save: Keycloak leaves a field unchanged when the body omits
   * it, so an absent field falls back to the stored client (or Keycloak's default, false, on
   * create).
   */
  static boolean isServiceAccountClient(ClientRepresentation proposed, ClientModel stored) {
    return isServiceAccountClient(
        effective(proposed.isPublicClient(), stored != null && stored.isPublicClient()),
        effective(proposed.isBearerOnly(), stored != null && stored.isBearerOnly()),
        effective(
            proposed.isServiceAccountsEnabled(),
            stored != null && stored.isServiceAccountsEnabled()));
  }

  static boolean effective(Boolean proposed, boolean stored) {
    return proposed != null ? proposed : stored;
  }
}
