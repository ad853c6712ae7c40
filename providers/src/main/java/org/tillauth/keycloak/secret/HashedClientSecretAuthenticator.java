package org.tillauth.keycloak.secret;

import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.keycloak.OAuthErrorException;
import org.keycloak.authentication.AuthenticationFlowError;
import org.keycloak.authentication.AuthenticationFlowException;
import org.keycloak.authentication.ClientAuthenticationFlowContext;
import org.keycloak.authentication.authenticators.client.AbstractClientAuthenticator;
import org.keycloak.authentication.authenticators.client.ClientAuthUtil;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.ClientModel;
import org.keycloak.models.ClientSecretConstants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ServerInfoAwareProviderFactory;
import org.keycloak.utils.StringUtil;
import org.tillauth.keycloak.internals.PresentedClientSecret;
import org.tillauth.keycloak.metrics.ApiClientMeters;
import org.tillauth.keycloak.metrics.ApiClientMeters.SecretCheck;
import org.tillauth.keycloak.support.ExtensionInfo;
import org.tillauth.keycloak.support.JsonBodies;

/**
 * Client authentication with a secret kept only as a hash ({@link ClientSecrets}): {@code
 * client_secret_basic} and {@code client_secret_post}, read exactly as Keycloak's {@code
 * client-secret} authenticator reads them ({@link PresentedClientSecret}). Unknown client, disabled
 * client, missing and wrong secret all get the same answer that Keycloak gives an unknown client,
 * after the same work (one MAC), so a caller cannot tell them apart.
 */
public final class HashedClientSecretAuthenticator extends AbstractClientAuthenticator
    implements ServerInfoAwareProviderFactory {

  public static final String PROVIDER_ID = "client-secret-hashed";

  /** Keycloak's own text for every client authentication failure. */
  static final String FAILURE = "Invalid client or Invalid client credentials";

  /** Keycloak's client id column holds 255 characters. */
  static final int CLIENT_ID_MAX_LENGTH = 255;

  @Override
  public void authenticateClient(ClientAuthenticationFlowContext context) {
    PresentedClientSecret presented = PresentedClientSecret.of(context);
    String clientId = presented.clientId();
    String secret = presented.secret();
    String usedMethod = presented.method();
    if (clientId == null) {
      // Same as Keycloak's client-secret authenticator: nothing to look up.
      context.challenge(
          ClientAuthUtil.errorResponse(
              Response.Status.BAD_REQUEST.getStatusCode(),
              OAuthErrorException.INVALID_CLIENT,
              "Missing client_id parameter"));
      return;
    }

    if (!JsonBodies.isLookupSafe(clientId, CLIENT_ID_MAX_LENGTH)) {
      // No client can have this id, and PostgreSQL refuses a NUL in the query (Keycloak's own
      // client authenticators after this one would answer 500): ends the flow with what it answers
      // when no authenticator finds the client.
      SecretHash.spendComparison(secret);
      ApiClientMeters.secretChecked(context.getRealm(), SecretCheck.UNKNOWN_CLIENT);
      throw new AuthenticationFlowException(FAILURE, AuthenticationFlowError.CLIENT_NOT_FOUND);
    }
    context.getEvent().client(clientId);
    ClientModel client =
        context.getSession().clients().getClientByClientId(context.getRealm(), clientId);
    if (client == null) {
      SecretHash.spendComparison(secret);
      ApiClientMeters.secretChecked(context.getRealm(), SecretCheck.UNKNOWN_CLIENT);
      context.failure(AuthenticationFlowError.CLIENT_NOT_FOUND, null);
      return;
    }
    context.setClient(client);
    if (!PROVIDER_ID.equals(client.getClientAuthenticatorType()) || client.isPublicClient()) {
      // Another authenticator of the flow owns this client; the flow ignores this result.
      return;
    }

    ClientSecrets.Match match = ClientSecrets.match(client, secret);
    if (!client.isEnabled()) {
      ApiClientMeters.secretChecked(context.getRealm(), SecretCheck.DISABLED);
      context.failure(AuthenticationFlowError.CLIENT_DISABLED, failure());
      return;
    }
    if (secret == null || match == ClientSecrets.Match.NONE) {
      ApiClientMeters.secretChecked(context.getRealm(), SecretCheck.INVALID_SECRET);
      context.failure(AuthenticationFlowError.INVALID_CLIENT_CREDENTIALS, failure());
      return;
    }
    // Read as an attribute: the wrapper's getter only exists from Keycloak 26.7.
    String allowedMethod =
        client.getAttribute(ClientSecretConstants.CLIENT_SECRET_AUTHENTICATION_ALLOWED_METHOD);
    if (StringUtil.isNotBlank(allowedMethod) && !allowedMethod.equals(usedMethod)) {
      ApiClientMeters.secretChecked(context.getRealm(), SecretCheck.METHOD_NOT_ALLOWED);
      context.failure(AuthenticationFlowError.INVALID_CLIENT_CREDENTIALS, failure());
      return;
    }
    ApiClientMeters.secretChecked(
        context.getRealm(),
        match == ClientSecrets.Match.CURRENT
            ? SecretCheck.ACCEPTED
            : SecretCheck.ACCEPTED_IN_GRACE);
    context.success();
  }

  /** Byte for byte what Keycloak answers for an unknown client. */
  private static Response failure() {
    return ClientAuthUtil.errorResponse(
        Response.Status.UNAUTHORIZED.getStatusCode(), OAuthErrorException.INVALID_CLIENT, FAILURE);
  }

  @Override
  public String getId() {
    return PROVIDER_ID;
  }

  @Override
  public String getDisplayType() {
    return "Client Id and Secret (hashed)";
  }

  @Override
  public String getHelpText() {
    return "Validates client_id and client_secret (Authorization: Basic header or form"
        + " parameters) against a salted HMAC-SHA-256 of the secret. The secret is stored nowhere"
        + " and shown once: register API clients and regenerate their secrets on the API clients"
        + " page (/realms/<realm>/till-admin/) or at /admin/realms/<realm>/api-clients. The"
        + " console's Regenerate on a client's Credentials tab is the registration access token's.";
  }

  @Override
  public boolean isConfigurable() {
    return false;
  }

  @Override
  public AuthenticationExecutionModel.Requirement[] getRequirementChoices() {
    return REQUIREMENT_CHOICES;
  }

  @Override
  public List<ProviderConfigProperty> getConfigProperties() {
    return List.of();
  }

  /**
   * What the console's Credentials tab shows under the authenticator of a hashed-secret client: the
   * tab renders these per-client properties, and with no secret widget ({@code supportsSecret} is
   * false) it would otherwise show only Keycloak's Registration access token and its Regenerate
   * button, easily taken for the secret's. Type {@code Url} renders a label, a help popover and the
   * help as text, without an input: nothing is stored on the client when the tab is saved. The
   * texts are plain sentences (no {@code :}), because the console passes labels and help through
   * its translation function, which returns unknown keys as they are.
   */
  static final List<ProviderConfigProperty> CREDENTIALS_TAB_NOTES =
      List.of(
          consoleNote(
              "tillauth.hashed-secret.where",
              "Client secret",
              "Kept only as a hash, so it is never shown here and Keycloak cannot regenerate it."
                  + " Issue a new secret on the till-auth administration page"
                  + " (/realms/{realm}/till-admin/, API clients, Regenerate secret) or with"
                  + " POST /admin/realms/{realm}/api-clients/{id}/secret (the API clients REST API)."),
          consoleNote(
              "tillauth.hashed-secret.regenerate",
              "Regenerate below",
              "The Regenerate button under Registration access token renews the token for dynamic"
                  + " client registration, not this client's secret. The secret keeps working."));

  private static ProviderConfigProperty consoleNote(String name, String label, String text) {
    ProviderConfigProperty note = new ProviderConfigProperty();
    note.setName(name);
    note.setLabel(label);
    note.setHelpText(text);
    note.setType(ProviderConfigProperty.URL_TYPE);
    return note;
  }

  @Override
  public List<ProviderConfigProperty> getConfigPropertiesPerClient() {
    return CREDENTIALS_TAB_NOTES;
  }

  @Override
  public Map<String, Object> getAdapterConfiguration(KeycloakSession session, ClientModel client) {
    return Map.of(); // the secret cannot be handed out: the server does not know it
  }

  /**
   * Empty on purpose: Keycloak picks the first authenticator that claims a method when dynamic
   * client registration asks for {@code client_secret_basic}, and such clients must keep getting
   * Keycloak's plain secret. Both methods are accepted all the same.
   */
  @Override
  public Set<String> getProtocolAuthenticatorMethods(String loginProtocol) {
    return Set.of();
  }

  @Override
  public void postInit(KeycloakSessionFactory factory) {
    factory.register(HashedSecretModelListener::onEvent);
  }

  @Override
  public Map<String, String> getOperationalInfo() {
    return ExtensionInfo.operationalInfo();
  }

  /** Adds this authenticator to the realm's client authentication flow when it is missing. */
  public static void ensureInClientFlow(RealmModel realm) {
    ClientFlows.ensureAlternative(realm, PROVIDER_ID);
  }
}
