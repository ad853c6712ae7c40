package org.tillauth.keycloak.tokenjson;

import org.keycloak.models.KeycloakSession;
import org.keycloak.services.resource.RealmResourceProvider;

/** Mounts {@link TokenGenerateResource} under {@code /realms/{realm}/v3}. */
final class CompatTokenResourceProvider implements RealmResourceProvider {

  private final KeycloakSession session;

  CompatTokenResourceProvider(KeycloakSession session) {
    this.session = session;
  }

  @Override
  public Object getResource() {
    return new TokenGenerateResource(session);
  }

  @Override
  public void close() {}
}
