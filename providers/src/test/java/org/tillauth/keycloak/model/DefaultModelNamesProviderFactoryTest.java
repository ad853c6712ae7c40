package org.tillauth.keycloak.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.keycloak.Config;

class DefaultModelNamesProviderFactoryTest {

  private static Config.Scope options(Map<String, String> values) {
    Config.Scope scope = mock(Config.Scope.class);
    when(scope.get(anyString())).thenAnswer(call -> values.get(call.getArgument(0, String.class)));
    when(scope.get(anyString(), anyString()))
        .thenAnswer(
            call ->
                values.getOrDefault(
                    call.getArgument(0, String.class), call.getArgument(1, String.class)));
    return scope;
  }

  @Test
  void withoutOptionsTheDefaultsApplyAndShowInServerInfo() {
    DefaultModelNamesProviderFactory factory = new DefaultModelNamesProviderFactory();
    factory.init(options(Map.of()));
    assertThat(factory.create(null).names()).isEqualTo(ModelNames.DEFAULTS);
    assertThat(factory.getOperationalInfo())
        .containsEntry("till-role", "till")
        .containsEntry("stores-group", "stores")
        .containsEntry("access-groups-group", "access-groups")
        .containsKey("version");
    assertThat(factory.getConfigMetadata())
        .extracting(p -> p.getName())
        .containsExactly(
            "till-role", "stores-group", "access-groups-group", "access-group-resources");
  }

  @Test
  void optionsChangeTheNames() {
    DefaultModelNamesProviderFactory factory = new DefaultModelNamesProviderFactory();
    factory.init(
        options(
            Map.of(
                "till-role", "pos-terminal",
                "stores-group", "shops",
                "access-groups-group", "api-groups",
                "access-group-resources", "customer, points,coupons")));
    ModelNames names = factory.create(null).names();
    assertThat(names.tillRole()).isEqualTo("pos-terminal");
    assertThat(names.storesGroup()).isEqualTo("shops");
    assertThat(names.accessGroupsGroup()).isEqualTo("api-groups");
    assertThat(names.resources()).containsExactly("customer", "points", "coupons");
  }

  @Test
  void aBadOptionStopsTheStartNamingTheSpi() {
    DefaultModelNamesProviderFactory factory = new DefaultModelNamesProviderFactory();
    assertThatThrownBy(
            () -> factory.init(options(Map.of("access-group-resources", "customer,,points"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--spi-till-auth-model--default--")
        .hasMessageContaining("access-group-resources");
  }
}
