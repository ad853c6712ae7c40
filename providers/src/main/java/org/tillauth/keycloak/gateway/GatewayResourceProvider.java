package org.tillauth.keycloak.gateway;

import org.keycloak.models.KeycloakSession;
import org.keycloak.services.resource.RealmResourceProvider;

/** Mounts {@link VerifyResource} under {@code /realms/{realm}/till-auth}. */
final class GatewayResourceProvider implements RealmResourceProvider {

  private final KeycloakSession session;
  private final GatewayResourceProviderFactory factory;

  GatewayResourceProvider(KeycloakSession session, GatewayResourceProviderFactory factory) {
    this.session = session;
    this.factory = factory;
  }

  @Override
  public Object getResource() {
    return new VerifyResource(session, factory);
  }

  @Override
  public void close() {}
}
