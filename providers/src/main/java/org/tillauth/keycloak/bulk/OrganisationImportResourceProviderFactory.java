package org.tillauth.keycloak.bulk;

import org.tillauth.keycloak.admin.AdminResourceFactory;

/**
 * Serves {@code /admin/realms/{realm}/organisation-import} with Keycloak's admin authentication.
 */
public final class OrganisationImportResourceProviderFactory extends AdminResourceFactory {

  static final String PROVIDER_ID = "organisation-import";

  public OrganisationImportResourceProviderFactory() {
    super(PROVIDER_ID, OrganisationImportResource::new);
  }
}
