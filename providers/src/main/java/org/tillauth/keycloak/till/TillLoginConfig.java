package org.tillauth.keycloak.till;

import java.util.List;
import java.util.Map;
import org.keycloak.models.AuthenticatorConfigModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/** The till authenticator's settings with their defaults; read on every request. */
final class TillLoginConfig {

  static final String BASIC_AUTH_ENABLED = "basic-auth-enabled";

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
          .build();

  private final Map<String, String> config;

  private TillLoginConfig(Map<String, String> config) {
    this.config = config == null ? Map.of() : config;
  }

  static TillLoginConfig of(AuthenticatorConfigModel model) {
    return new TillLoginConfig(model == null ? null : model.getConfig());
  }

  /** On unless an administrator switched it off. */
  boolean basicAuthEnabled() {
    String value = config.get(BASIC_AUTH_ENABLED);
    return value == null || value.isBlank() || Boolean.parseBoolean(value.trim());
  }
}
