package org.tillauth.keycloak.lifespan;

import org.keycloak.models.ClientModel;
import org.keycloak.representations.idm.ClientRepresentation;

/**
 * What an API client is: a confidential client (client authentication on, not bearer-only) with a
 * service account, i.e. one that can use the client credentials grant.
 */
final class ApiClients {

  private ApiClients() {}

  static boolean isApiClient(boolean publicClient, boolean bearerOnly, boolean serviceAccounts) {
    return !publicClient && !bearerOnly && serviceAccounts;
  }

  static boolean isApiClient(ClientModel client) {
    return isApiClient(
        client.isPublicClient(), client.isBearerOnly(), client.isServiceAccountsEnabled());
  }

  /**
   * The client as it will be after a save: Keycloak leaves a field unchanged when the body omits
   * it, so an absent field falls back to the stored client (or Keycloak's default, false, on
   * create).
   */
  static boolean isApiClient(ClientRepresentation proposed, ClientModel stored) {
    return isApiClient(
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
