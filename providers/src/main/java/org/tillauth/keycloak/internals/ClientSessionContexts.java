package org.tillauth.keycloak.internals;

import org.keycloak.models.AuthenticatedClientSessionModel;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.services.util.DefaultClientSessionContext;

/**
 * Keycloak's {@link ClientSessionContext} for a client session, built as its token endpoint builds
 * it: {@code DefaultClientSessionContext.fromClientSessionScopeParameter} (keycloak-services, since
 * 26.0; the interface is SPI, the implementation is not).
 */
public final class ClientSessionContexts {

  private ClientSessionContexts() {}

  public static ClientSessionContext fromScopeParameter(
      AuthenticatedClientSessionModel clientSession, KeycloakSession session) {
    return Boundary.call(
        "DefaultClientSessionContext.fromClientSessionScopeParameter (Keycloak 26.0)",
        () -> DefaultClientSessionContext.fromClientSessionScopeParameter(clientSession, session));
  }
}
