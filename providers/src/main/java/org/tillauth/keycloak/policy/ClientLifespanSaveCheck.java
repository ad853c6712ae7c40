package org.tillauth.keycloak.policy;

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
 * whose own access token lifespan exceeds the maximum (400 {@code invalid_client_metadata}).
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
        reject(client.getAttribute(ClientLifespanRule.ATTRIBUTE), client.getRealm());
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
    String value =
        ClientLifespanRule.effectiveAttribute(
            proposed.getAttributes(),
            stored == null ? null : stored.getAttribute(ClientLifespanRule.ATTRIBUTE));
    reject(value, stored != null ? stored.getRealm() : contextRealm);
  }

  private void reject(String lifespan, RealmModel realm) throws ClientPolicyException {
    Optional<String> violation =
        ClientLifespanRule.violation(lifespan, longestSessionMax(realm), maximum);
    if (violation.isPresent()) {
      throw new ClientPolicyException(TokenLifespanLimitExecutor.ERROR, violation.get());
    }
  }

  /** What {@code -1} can mean: the SSO Session Max, or its remember-me variant if longer. */
  private static long longestSessionMax(RealmModel realm) {
    if (realm == null) {
      return 0;
    }
    long max = realm.getSsoSessionMaxLifespan();
    if (realm.isRememberMe() && realm.getSsoSessionMaxLifespanRememberMe() > max) {
      max = realm.getSsoSessionMaxLifespanRememberMe();
    }
    return max;
  }
}
