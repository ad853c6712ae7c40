package org.tillauth.keycloak.accessgroup;

import org.tillauth.keycloak.admin.AdminResourceFactory;

/** Serves {@code /admin/realms/{realm}/access-groups} with Keycloak's admin authentication. */
public final class AccessGroupsResourceProviderFactory extends AdminResourceFactory {

  static final String PROVIDER_ID = "access-groups";

  public AccessGroupsResourceProviderFactory() {
    super(PROVIDER_ID, AccessGroupsResource::new);
  }
}
