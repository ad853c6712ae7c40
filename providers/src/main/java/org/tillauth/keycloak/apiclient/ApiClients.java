package org.tillauth.keycloak.apiclient;

import java.util.List;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.tillauth.keycloak.internals.jpa.FreshReads;
import org.tillauth.keycloak.secret.ClientSecrets;
import org.tillauth.keycloak.secret.HashedClientSecretAuthenticator;

/**
 * What {@code /api-clients} calls an API client: a confidential client of the realm that
 * authenticates with a hashed secret (registered here, or moved onto one by a secret regeneration).
 * The one set the list, the settings answer and the limit count. The lifespan ceiling applies to
 * the wider set of service-account clients ({@code lifespan/ServiceAccountClients}), which includes
 * these.
 */
final class ApiClients {

  private ApiClients() {}

  static boolean isApiClient(ClientModel client) {
    return ClientSecrets.usesHashedSecret(client) && !client.isPublicClient();
  }

  /** The realm's API clients as the cache shows them. */
  static List<ClientModel> of(RealmModel realm) {
    return realm.getClientsStream().filter(ApiClients::isApiClient).toList();
  }

  /**
   * The realm's API clients as the database counts them, pending writes included (see {@link
   * FreshReads}): under the realm's row lock it sees a registration committed a moment ago, which
   * the cache may not show yet. Flush first.
   */
  static long stored(KeycloakSession session, RealmModel realm) {
    return FreshReads.confidentialClientsUsing(
        session, realm, HashedClientSecretAuthenticator.PROVIDER_ID);
  }
}
