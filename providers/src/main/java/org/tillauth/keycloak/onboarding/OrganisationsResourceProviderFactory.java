package org.tillauth.keycloak.onboarding;

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

/**
 * Serves {@code /admin/realms/master/organisations} (one-call onboarding) with Keycloak's admin
 * authentication; under any other realm the path answers 404.
 */
public final class OrganisationsResourceProviderFactory
    implements AdminRealmResourceProviderFactory, ServerInfoAwareProviderFactory {

  static final String PROVIDER_ID = "organisations";

  /**
   * Test only: organisations whose code starts with this prefix fail after their realm and
   * administrator were created, so a test can prove that such a late failure leaves no realm (no
   * input can make a validated request fail there). Unset by default; never set it in production.
   */
  static final String TEST_FAILURE_PREFIX = "test-failure-code-prefix";

  private String testFailurePrefix;

  @Override
  public AdminRealmResourceProvider create(KeycloakSession session) {
    String failFor = testFailurePrefix;
    return new AdminRealmResourceProvider() {
      @Override
      public Object getResource(
          KeycloakSession s,
          RealmModel realm,
          AdminPermissionEvaluator auth,
          AdminEventBuilder adminEvent) {
        return new OrganisationsResource(s, realm, auth, adminEvent, failFor);
      }

      @Override
      public void close() {}
    };
  }

  /** Read once at start-up; never changed afterwards. */
  @Override
  public void init(Config.Scope config) {
    String prefix = config.get(TEST_FAILURE_PREFIX);
    testFailurePrefix = prefix == null || prefix.isBlank() ? null : prefix.strip();
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
        .name(TEST_FAILURE_PREFIX)
        .type("string")
        .helpText(
            "Tests only: onboarding an organisation whose code starts with this prefix fails after"
                + " its realm was created (proves the rollback). Leave unset.")
        .add()
        .build();
  }

  @Override
  public Map<String, String> getOperationalInfo() {
    Map<String, String> info = new java.util.LinkedHashMap<>(ExtensionInfo.operationalInfo());
    if (testFailurePrefix != null) {
      info.put(TEST_FAILURE_PREFIX, testFailurePrefix);
    }
    return info;
  }
}
