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
  void parallelLoginsAreOffUnlessTurnedOn() {
    assertThat(TillLoginConfig.of(null).parallelLogins()).isFalse();
    assertThat(TillLoginConfig.of(config(Map.of("parallel-logins", ""))).parallelLogins())
        .isFalse();
    assertThat(TillLoginConfig.of(config(Map.of("parallel-logins", "true"))).parallelLogins())
        .isTrue();
  }

  @Test
  void bothSettingsAreBooleansWithTheirDefaultsInTheAdminConsole() {
    assertThat(TillLoginConfig.PROPERTIES)
        .hasSize(2)
        .satisfiesExactly(
            p -> {
              assertThat(p.getName()).isEqualTo("basic-auth-enabled");
              assertThat(p.getLabel()).isEqualTo("Enable basic authentication");
              assertThat(p.getDefaultValue()).isEqualTo("true");
              assertThat(p.getHelpText()).isNotBlank();
            },
            p -> {
              assertThat(p.getName()).isEqualTo("parallel-logins");
              assertThat(p.getLabel()).isEqualTo("Parallel logins of one till");
              assertThat(p.getDefaultValue()).isEqualTo("false");
              assertThat(p.getHelpText()).contains("failure record");
            });
  }

  private static AuthenticatorConfigModel config(Map<String, String> values) {
    AuthenticatorConfigModel model = new AuthenticatorConfigModel();
    model.setConfig(values);
    return model;
  }
}
