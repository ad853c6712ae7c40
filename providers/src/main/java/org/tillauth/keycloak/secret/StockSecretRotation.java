package org.tillauth.keycloak.secret;

import org.keycloak.OAuthErrorException;
import org.keycloak.models.ClientModel;
import org.keycloak.services.clientpolicy.ClientPolicyContext;
import org.keycloak.services.clientpolicy.ClientPolicyException;
import org.keycloak.services.clientpolicy.context.ClientSecretRotationContext;

/**
 * Keycloak's own Regenerate (the console's Credentials tab, {@code POST
 * .../clients/{id}/client-secret}) writes a plain secret without an update event, which a
 * hashed-secret client would keep and never accept. The extension's executors refuse it for such
 * clients (rolled back with the request) and name the way that works.
 */
public final class StockSecretRotation {

  static final String USE_API =
      "The secret of client \"%s\" is kept only as a hash (Client Id and Secret (hashed)): generate"
          + " a new one with POST /admin/realms/%s/api-clients/%s/secret or on the administration"
          + " page";

  private StockSecretRotation() {}

  public static void refuse(ClientPolicyContext context) throws ClientPolicyException {
    if (context instanceof ClientSecretRotationContext rotation) {
      ClientModel client = rotation.getTargetClient();
      if (client != null && ClientSecrets.usesHashedSecret(client)) {
        throw new ClientPolicyException(
            OAuthErrorException.INVALID_REQUEST,
            String.format(
                USE_API, client.getClientId(), client.getRealm().getName(), client.getId()));
      }
    }
  }
}
