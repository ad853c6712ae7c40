package org.tillauth.keycloak.organisation;

import org.tillauth.keycloak.admin.AdminResourceFactory;

/** Serves {@code /admin/realms/{realm}/tills} with Keycloak's admin authentication. */
public final class TillsResourceProviderFactory extends AdminResourceFactory {

  static final String PROVIDER_ID = "tills";

  public TillsResourceProviderFactory() {
    super(PROVIDER_ID, TillsResource::new);
  }
}
