package org.tillauth.keycloak.onboarding;

import org.tillauth.keycloak.support.AdminResourceFactory;

/**
 * Serves {@code /admin/realms/master/organisations} (one-call onboarding) with Keycloak's admin
 * authentication; under any other realm the path answers 404.
 */
public final class OrganisationsResourceProviderFactory extends AdminResourceFactory {

  static final String PROVIDER_ID = "organisations";

  public OrganisationsResourceProviderFactory() {
    super(PROVIDER_ID, OrganisationsResource::new);
  }
}
