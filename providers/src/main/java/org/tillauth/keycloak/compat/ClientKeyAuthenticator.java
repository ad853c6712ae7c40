package org.tillauth.keycloak.compat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.keycloak.authentication.authenticators.client.ClientIdAndSecretAuthenticator;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.events.EventBuilder;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.protocol.oidc.OIDCClientSecretConfigWrapper;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;

/**
 * Authenticates {@code key}/{@code secret} the way Keycloak's {@code client-secret} client
 * authenticator does for {@code client_secret_post} (same checks, same helpers, same event errors),
 * plus what the client-credentials grant would refuse anyway for public clients. The JSON body is
 * not a form, so Keycloak's client authentication flow cannot read it; hence this mirror.
 *
 * <p>Every failure records a {@code CLIENT_LOGIN_ERROR} event and throws {@link
 * CompatError#INVALID_CLIENT}: one answer for unknown, disabled, wrongly configured or wrongly
 * authenticated clients.
 */
final class ClientKeyAuthenticator {

  /** The secret travels in the request body, as with {@code client_secret_post}. */
  static final String AUTH_METHOD = OIDCLoginProtocol.CLIENT_SECRET_POST;

  static final String REASON_PUBLIC = "Public client not allowed to retrieve service account";
  static final String REASON_PROTOCOL = "Client is not an OpenID Connect client";
  static final String REASON_AUTHENTICATOR = "Client does not authenticate with a client secret";
  static final String REASON_AUTH_METHOD = "Client secret must be sent with ";

  private static final byte[] DUMMY_SECRET =
      "compat-endpoint-unknown-client-dummy-secret".getBytes(StandardCharsets.UTF_8);

  private ClientKeyAuthenticator() {}

  static ClientModel authenticate(
      KeycloakSession session, RealmModel realm, EventBuilder event, TokenRequest request) {
    ClientModel client = session.clients().getClientByClientId(realm, request.key());
    if (client == null) {
      // Spend a secret comparison on unknown clients too, so both paths do the same work.
      MessageDigest.isEqual(DUMMY_SECRET, request.secret().getBytes(StandardCharsets.UTF_8));
      event.client(request.key());
      throw fail(event, Errors.CLIENT_NOT_FOUND, null);
    }
    event.client(client);
    if (!client.isEnabled()) {
      throw fail(event, Errors.CLIENT_DISABLED, null);
    }
    String protocol = client.getProtocol();
    if (protocol != null && !OIDCLoginProtocol.LOGIN_PROTOCOL.equals(protocol)) {
      throw fail(event, Errors.INVALID_CLIENT, REASON_PROTOCOL);
    }
    if (client.isPublicClient()) {
      throw fail(event, Errors.INVALID_CLIENT, REASON_PUBLIC);
    }
    String authenticator = client.getClientAuthenticatorType();
    if (authenticator != null
        && !ClientIdAndSecretAuthenticator.PROVIDER_ID.equals(authenticator)) {
      throw fail(event, Errors.INVALID_CLIENT, REASON_AUTHENTICATOR);
    }
    OIDCClientSecretConfigWrapper config = OIDCClientSecretConfigWrapper.fromClientModel(client);
    String allowedMethod = config.getClientSecretAuthenticationAllowedMethod();
    if (allowedMethod != null && !allowedMethod.isBlank() && !AUTH_METHOD.equals(allowedMethod)) {
      throw fail(event, Errors.INVALID_CLIENT_CREDENTIALS, REASON_AUTH_METHOD + allowedMethod);
    }
    if (client.getSecret() == null) {
      throw fail(event, Errors.INVALID_CLIENT_CREDENTIALS, null);
    }
    // Constant-time comparisons (vault references and rotated secrets included) by Keycloak.
    boolean valid =
        config.validateSecret(session, request.secret())
            || config.validateRotatedSecret(session, request.secret());
    if (!valid || config.isClientSecretExpired()) {
      throw fail(event, Errors.INVALID_CLIENT_CREDENTIALS, null);
    }
    event.detail(Details.CLIENT_AUTH_METHOD, ClientIdAndSecretAuthenticator.PROVIDER_ID);
    return client;
  }

  private static CompatException fail(EventBuilder event, String error, String reason) {
    if (reason != null) {
      event.detail(Details.REASON, reason);
    }
    event.error(error);
    return new CompatException(CompatError.INVALID_CLIENT);
  }
}
