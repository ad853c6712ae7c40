package org.tillauth.keycloak.apiclient;

import java.util.List;
import java.util.Map;
import org.keycloak.Config;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.tillauth.keycloak.admin.AdminRequest;
import org.tillauth.keycloak.admin.AdminResourceFactory;

/** Serves {@code /admin/realms/{realm}/api-clients} with Keycloak's admin authentication. */
public final class ApiClientsResourceProviderFactory extends AdminResourceFactory {

  static final String PROVIDER_ID = "api-clients";
  static final String MAX_CLIENTS = "max-clients";

  /** Read once at start-up; never changed afterwards. */
  private ApiClientLimit limit = new ApiClientLimit(ApiClientLimit.PLATFORM_DEFAULT);

  public ApiClientsResourceProviderFactory() {
    super(PROVIDER_ID);
  }

  @Override
  protected Object resource(AdminRequest request) {
    return new ApiClientsResource(request, limit);
  }

  @Override
  public void init(Config.Scope config) {
    limit =
        new ApiClientLimit(
            Math.max(1, config.getInt(MAX_CLIENTS, ApiClientLimit.PLATFORM_DEFAULT)));
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
  protected void operationalInfo(Map<String, String> info) {
    info.put("default-max-clients", String.valueOf(limit.serverDefault()));
  }
}
