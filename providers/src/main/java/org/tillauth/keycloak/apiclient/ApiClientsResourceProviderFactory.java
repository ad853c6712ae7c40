package org.tillauth.keycloak.apiclient;

import java.util.List;
import java.util.Map;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.provider.ServerInfoAwareProviderFactory;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProvider;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProviderFactory;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;
import org.tillauth.keycloak.support.ExtensionInfo;

/** Serves {@code /admin/realms/{realm}/api-clients} with Keycloak's admin authentication. */
public final class ApiClientsResourceProviderFactory
    implements AdminRealmResourceProviderFactory, ServerInfoAwareProviderFactory {

  static final String PROVIDER_ID = "api-clients";
  static final String MAX_CLIENTS = "max-clients";

  private ApiClientLimit limit = new ApiClientLimit(ApiClientLimit.PLATFORM_DEFAULT);

  @Override
  public AdminRealmResourceProvider create(KeycloakSession session) {
    ApiClientLimit configured = limit;
    return new AdminRealmResourceProvider() {
      @Override
      public Object getResource(
          KeycloakSession s,
          RealmModel realm,
          AdminPermissionEvaluator auth,
          AdminEventBuilder adminEvent) {
        return new ApiClientsResource(s, realm, auth, adminEvent, configured);
      }

      @Override
      public void close() {}
    };
  }

  /** Read once at start-up; never changed afterwards. */
  @Override
  public void init(Config.Scope config) {
    limit =
        new ApiClientLimit(
            Math.max(1, config.getInt(MAX_CLIENTS, ApiClientLimit.PLATFORM_DEFAULT)));
  }

  @Override
  public void postInit(KeycloakSessionFactory factory) {}

  @Override
  public void close() {}

  @Override
  public String getId() {
    return PROVIDER_ID;
  }

  @Override
  public List<ProviderConfigProperty> getConfigMetadata() {
    return ProviderConfigurationBuilder.create()
        .property()
        .name(MAX_CLIENTS)
        .type("int")
        .helpText(
            "Default maximum number of API clients per realm (realm attribute "
                + ApiClientLimit.REALM_ATTRIBUTE
                + " overrides it)")
        .defaultValue(ApiClientLimit.PLATFORM_DEFAULT)
        .add()
        .build();
  }

  @Override
  public Map<String, String> getOperationalInfo() {
    Map<String, String> info = new java.util.LinkedHashMap<>(ExtensionInfo.operationalInfo());
    info.put("default-max-clients", String.valueOf(limit.serverDefault()));
    return info;
  }
}
