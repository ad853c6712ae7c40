package org.tillauth.keycloak.secret;

import org.keycloak.models.ClientModel;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ProviderEvent;

/**
 * Keeps the model consistent for hashed-secret clients whatever path changed them (admin console,
 * admin REST, realm import): no plain Keycloak secret is kept, and the realm's client
 * authentication flow contains the authenticator. Stateless.
 */
final class HashedSecretModelListener {

  private HashedSecretModelListener() {}

  static void onEvent(ProviderEvent event) {
    if (event instanceof RealmModel.RealmPostCreateEvent created) {
      RealmModel realm = created.getCreatedRealm();
      HashedClientSecretAuthenticator.ensureInClientFlow(realm);
      realm
          .getClientsStream()
          .filter(ClientSecrets::usesHashedSecret)
          .forEach(ClientSecrets::clearPlainSecret);
    } else if (event instanceof ClientModel.ClientUpdatedEvent updated) {
      ClientModel client = updated.getUpdatedClient();
      if (client != null && ClientSecrets.usesHashedSecret(client)) {
        ClientSecrets.clearPlainSecret(client);
        HashedClientSecretAuthenticator.ensureInClientFlow(client.getRealm());
      }
    }
  }
}
