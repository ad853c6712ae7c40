package org.tillauth.keycloak.organisation;

import org.tillauth.keycloak.admin.AdminResourceFactory;

/**
 * Serves {@code /admin/realms/{realm}/organisation-settings} with Keycloak's admin authentication.
 */
public final class OrganisationSettingsResourceProviderFactory extends AdminResourceFactory {

  static final String PROVIDER_ID = "organisation-settings";

  public OrganisationSettingsResourceProviderFactory() {
    super(PROVIDER_ID, OrganisationSettingsResource::new);
  }
}
