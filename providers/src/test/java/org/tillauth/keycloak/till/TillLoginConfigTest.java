package org.tillauth.keycloak.till;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.keycloak.models.AuthenticatorConfigModel;

class TillLoginConfigTest {

  @Test
  void basicAuthIsOnWithoutConfig() {
    assertThat(TillLoginConfig.of(null).basicAuthEnabled()).isTrue();
    assertThat(TillLoginConfig.of(config(Map.of())).basicAuthEnabled()).isTrue();
    assertThat(TillLoginConfig.of(config(Map.of("basic-auth-enabled", ""))).basicAuthEnabled())
        .isTrue();
  }

  @Test
  void basicAuthFollowsTheSwitch() {
    assertThat(TillLoginConfig.of(config(Map.of("basic-auth-enabled", "false"))).basicAuthEnabled())
        .isFalse();
    assertThat(TillLoginConfig.of(config(Map.of("basic-auth-enabled", "true"))).basicAuthEnabled())
        .isTrue();
  }

  @Test
  void switchIsABooleanDefaultingToOnInTheAdminConsole() {
    assertThat(TillLoginConfig.PROPERTIES)
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.getName()).isEqualTo("basic-auth-enabled");
              assertThat(p.getLabel()).isEqualTo("Enable basic authentication");
              assertThat(p.getDefaultValue()).isEqualTo("true");
              assertThat(p.getHelpText()).isNotBlank();
            });
  }

  private static AuthenticatorConfigModel config(Map<String, String> values) {
    AuthenticatorConfigModel model = new AuthenticatorConfigModel();
    model.setConfig(values);
    return model;
  }
}
