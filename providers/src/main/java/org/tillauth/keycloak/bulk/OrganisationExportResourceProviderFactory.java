package org.tillauth.keycloak.bulk;

import org.tillauth.keycloak.admin.AdminResourceFactory;

/**
 * Serves {@code /admin/realms/{realm}/organisation-export} with Keycloak's admin authentication.
 */
public final class OrganisationExportResourceProviderFactory extends AdminResourceFactory {

  static final String PROVIDER_ID = "organisation-export";

  public OrganisationExportResourceProviderFactory() {
    super(PROVIDER_ID, OrganisationExportResource::new);
  }
}
