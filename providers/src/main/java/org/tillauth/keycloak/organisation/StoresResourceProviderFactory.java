package org.tillauth.keycloak.organisation;

import org.tillauth.keycloak.admin.AdminResourceFactory;

/** Serves {@code /admin/realms/{realm}/stores} with Keycloak's admin authentication. */
public final class StoresResourceProviderFactory extends AdminResourceFactory {

  static final String PROVIDER_ID = "stores";

  public StoresResourceProviderFactory() {
    super(PROVIDER_ID, StoresResource::new);
  }
}
