package org.tillauth.keycloak.onboarding;

import java.util.List;
import java.util.Map;
import org.keycloak.Config;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.tillauth.keycloak.admin.AdminRequest;
import org.tillauth.keycloak.admin.AdminResourceFactory;

/**
 * Serves {@code /admin/realms/master/organisations} (one-call onboarding) with Keycloak's admin
 * authentication; under any other realm the path answers 404.
 */
public final class OrganisationsResourceProviderFactory extends AdminResourceFactory {

  static final String PROVIDER_ID = "organisations";

  /**
   * Test only: organisations whose code starts with this prefix fail after their realm and
   * administrator were created, so a test can prove that such a late failure leaves no realm (no
   * input can make a validated request fail there). Unset by default; never set it in production.
   */
  static final String TEST_FAILURE_PREFIX = "test-failure-code-prefix";

  /** Read once at start-up; never changed afterwards. */
  private String testFailurePrefix;

  public OrganisationsResourceProviderFactory() {
    super(PROVIDER_ID);
  }

  @Override
  protected Object resource(AdminRequest request) {
    return new OrganisationsResource(request, testFailurePrefix);
  }

  @Override
  public void init(Config.Scope config) {
    String prefix = config.get(TEST_FAILURE_PREFIX);
    testFailurePrefix = prefix == null || prefix.isBlank() ? null : prefix.strip();
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
  protected void operationalInfo(Map<String, String> info) {
    if (testFailurePrefix != null) {
      info.put(TEST_FAILURE_PREFIX, testFailurePrefix);
    }
  }
}
