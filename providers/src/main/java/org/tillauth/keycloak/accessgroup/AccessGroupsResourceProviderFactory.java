package org.tillauth.keycloak.accessgroup;

import java.util.Map;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ServerInfoAwareProviderFactory;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProvider;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProviderFactory;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;
import org.tillauth.keycloak.support.ExtensionInfo;

/** Serves {@code /admin/realms/{realm}/access-groups} with Keycloak's admin authentication. */
public final class AccessGroupsResourceProviderFactory
    implements AdminRealmResourceProviderFactory, ServerInfoAwareProviderFactory {

  static final String PROVIDER_ID = "access-groups";

  @Override
  public AdminRealmResourceProvider create(KeycloakSession session) {
    return new AdminRealmResourceProvider() {
      @Override
      public Object getResource(
          KeycloakSession s,
          RealmModel realm,
          AdminPermissionEvaluator auth,
          AdminEventBuilder adminEvent) {
        return new AccessGroupsResource(s, realm, auth, adminEvent);
      }

      @Override
      public void close() {}
    };
  }

  @Override
  public void init(Config.Scope config) {}

  @Override
  public void postInit(KeycloakSessionFactory factory) {}

  @Override
  public void close() {}

  @Override
  public String getId() {
    return PROVIDER_ID;
  }

  @Override
  public Map<String, String> getOperationalInfo() {
    return ExtensionInfo.operationalInfo();
  }
}
