package org.tillauth.keycloak.till;

import java.util.List;
import java.util.Map;
import org.keycloak.models.AuthenticatorConfigModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/** The till authenticator's settings with their defaults; read on every request. */
final class TillLoginConfig {

  static final String BASIC_AUTH_ENABLED = "basic-auth-enabled";
  static final String PARALLEL_LOGINS = "parallel-logins";

  static final List<ProviderConfigProperty> PROPERTIES =
      ProviderConfigurationBuilder.create()
          .property()
          .name(BASIC_AUTH_ENABLED)
          .label("Enable basic authentication")
          .helpText(
              "Lets tills log in with their till code and the MD5 digest of their password (the"
                  + " organisation's 'basic authentication'). When off, every till login is refused"
                  + " with unauthorized_client and no credential is checked; other clients and grant"
                  + " types are unaffected.")
          .type(ProviderConfigProperty.BOOLEAN_TYPE)
          .defaultValue("true")
          .add()
          .property()
          .name(PARALLEL_LOGINS)
          .label("Parallel logins of one till")
          .helpText(
              "Off (Keycloak's default with brute-force detection on): a login of a till is refused"
                  + " as temporarily disabled while another login of the same till is in progress on"
                  + " the same node. On: logins of one till may overlap; the lockout is read from the"
                  + " failure record alone, so wrong digests are still counted and still lock the"
                  + " till, but a burst of overlapping wrong digests can pass the failure limit by"
                  + " up to the number of overlapping requests. Turn it on for tills that log in"
                  + " several times at once, or on Keycloak 26.4 and 26.5 (see the README).")
          .type(ProviderConfigProperty.BOOLEAN_TYPE)
          .defaultValue("false")
          .add()
          .build();

  private final Map<String, String> config;

  private TillLoginConfig(Map<String, String> config) {
    this.config = config == null ? Map.of() : config;
  }

  static TillLoginConfig of(AuthenticatorConfigModel model) {
    return new TillLoginConfig(model == null ? null : model.getConfig());
  }

  /** Off unless an administrator turned it on. */
  boolean parallelLogins() {
    String value = config.get(PARALLEL_LOGINS);
    return value != null && Boolean.parseBoolean(value.trim());
  }

  /** On unless an administrator switched it off. */
  boolean basicAuthEnabled() {
    String value = config.get(BASIC_AUTH_ENABLED);
    return value == null || value.isBlank() || Boolean.parseBoolean(value.trim());
  }
}
