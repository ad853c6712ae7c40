package org.tillauth.keycloak.audit;

import org.tillauth.keycloak.admin.AdminResourceFactory;

/** Serves {@code /admin/realms/{realm}/organisation-audit} with Keycloak's admin authentication. */
public final class OrganisationAuditResourceProviderFactory extends AdminResourceFactory {

  static final String PROVIDER_ID = "organisation-audit";

  public OrganisationAuditResourceProviderFactory() {
    super(PROVIDER_ID, OrganisationAuditResource::new);
  }
}
