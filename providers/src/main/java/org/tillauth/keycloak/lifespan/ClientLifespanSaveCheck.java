package org.tillauth.keycloak.lifespan;

import java.util.Map;
import java.util.Optional;
import org.keycloak.models.ClientModel;
import org.keycloak.models.RealmModel;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.services.clientpolicy.ClientPolicyContext;
import org.keycloak.services.clientpolicy.ClientPolicyException;
import org.keycloak.services.clientpolicy.context.ClientCRUDContext;
import org.keycloak.services.clientpolicy.context.DynamicClientRegisterContext;
import org.keycloak.services.clientpolicy.context.DynamicClientRegisteredContext;
import org.keycloak.services.clientpolicy.context.DynamicClientUpdateContext;
import org.keycloak.services.clientpolicy.context.DynamicClientUpdatedContext;

/**
 * The {@code token-lifespan-limit} executor's save-time half: refuses creating or updating a client
 * whose own access token lifespan exceeds the maximum, or is longer than the client's stored
 * sessions last when its client-credentials tokens are bound to one (400 {@code
 * invalid_client_metadata}).
 */
final class ClientLifespanSaveCheck {

  private final LifespanDuration maximum;
  private final RealmModel contextRealm;

  ClientLifespanSaveCheck(LifespanDuration maximum, RealmModel contextRealm) {
    this.maximum = maximum;
    this.contextRealm = contextRealm;
  }

  /** {@code REGISTER} / {@code UPDATE}: admin REST and console, judged before anything is saved. */
  void beforeSave(ClientPolicyContext context) throws ClientPolicyException {
    if (context instanceof ClientCRUDContext crud && !isDynamicRegistration(context)) {
      checkProposedClient(crud);
    }
  }

  /** {@code REGISTERED} / {@code UPDATED}: dynamic client registration, judged after the save. */
  void afterSave(ClientPolicyContext context) throws ClientPolicyException {
    if (context instanceof ClientCRUDContext crud && isDynamicRegistration(context)) {
      ClientModel client = crud.getTargetClient();
      if (client != null) {
        String lifespan = client.getAttribute(ClientLifespanRule.ATTRIBUTE);
        reject(lifespan, client.getRealm());
        rejectIfOutlivingSessions(
            lifespan,
            ServiceAccountClients.isServiceAccountClient(client)
                && Boolean.parseBoolean(client.getAttribute(PersistentSessionRule.REFRESH_TOKENS)),
            client.getAttribute(PersistentSessionRule.CLIENT_SESSION_MAX),
            client.getRealm());
      }
    }
  }

  /**
   * Dynamic client registration turns a rejection before the save into 403 {@code
   * insufficient_scope} with the error code as description, but one after the save (same
   * transaction, rolled back) into 400 with our description; so registrations are judged after.
   */
  private static boolean isDynamicRegistration(ClientPolicyContext context) {
    return context instanceof DynamicClientRegisterContext
        || context instanceof DynamicClientUpdateContext
        || context instanceof DynamicClientRegisteredContext
        || context instanceof DynamicClientUpdatedContext;
  }

  private void checkProposedClient(ClientCRUDContext context) throws ClientPolicyException {
    ClientRepresentation proposed = context.getProposedClientRepresentation();
    if (proposed == null) {
      return;
    }
    ClientModel stored = context.getTargetClient();
    Map<String, String> attributes = proposed.getAttributes();
    String value = effective(attributes, stored, ClientLifespanRule.ATTRIBUTE);
    RealmModel realm = stored != null ? stored.getRealm() : contextRealm;
    reject(value, realm);
    rejectIfOutlivingSessions(
        value,
        ServiceAccountClients.isServiceAccountClient(proposed, stored)
            && Boolean.parseBoolean(
                effective(attributes, stored, PersistentSessionRule.REFRESH_TOKENS)),
        effective(attributes, stored, PersistentSessionRule.CLIENT_SESSION_MAX),
        realm);
  }

  private static String effective(
      Map<String, String> proposedAttributes, ClientModel stored, String name) {
    return ClientLifespanRule.effectiveAttribute(
        proposedAttributes, name, stored == null ? null : stored.getAttribute(name));
  }

  private void reject(String lifespan, RealmModel realm) throws ClientPolicyException {
    Optional<String> violation =
        ClientLifespanRule.violation(lifespan, longestSessionMax(realm), maximum);
    if (violation.isPresent()) {
      throw new ClientPolicyException(TokenLifespanLimitExecutor.ERROR, violation.get());
    }
  }

  /**
   * Realm settings changed later are not judged again (Keycloak fires no client policy event for
   * them); such a client's tokens then follow Keycloak's session maximums.
   */
  private static void rejectIfOutlivingSessions(
      String lifespan, boolean refreshTokens, String clientSessionMax, RealmModel realm)
      throws ClientPolicyException {
    if (realm == null) {
      return;
    }
    Optional<String> violation =
        PersistentSessionRule.violation(
            lifespan,
            new PersistentSessionRule.Settings(
                refreshTokens,
                realm.getSsoSessionMaxLifespan(),
                realm.getClientSessionMaxLifespan(),
                clientSessionMax));
    if (violation.isPresent()) {
      throw new ClientPolicyException(TokenLifespanLimitExecutor.ERROR, violation.get());
    }
  }

  /** What {@code -1} can mean: see {@link LifespanCeiling#longestSessionMax}. */
  private static long longestSessionMax(RealmModel realm) {
    return LifespanCeiling.longestSessionMax(realm);
  }
}
