package org.tillauth.keycloak.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.keycloak.models.KeycloakSession;

class ModelNamesTest {

  @Test
  void defaultsAreThePlatformsNames() {
    ModelNames names = ModelNames.DEFAULTS;
    assertThat(names.tillRole()).isEqualTo("till");
    assertThat(names.storesGroup()).isEqualTo("stores");
    assertThat(names.accessGroupsGroup()).isEqualTo("access-groups");
    assertThat(names.resources())
        .hasSize(22)
        .startsWith("customer", "images")
        .endsWith("event-simulation");
    assertThat(names.accessGroupPath("POS")).isEqualTo("/access-groups/POS");
  }

  @Test
  void resourcesAreNormalisedAndChecked() {
    ModelNames names =
        new ModelNames("pos", "shops", "api-groups", List.of(" Customer ", "coupons"));
    assertThat(names.resources()).containsExactly("customer", "coupons");
    assertThat(names.isResource("coupons")).isTrue();
    assertThat(names.isResource("points")).isFalse();
    assertThat(names.isResource(null)).isFalse();
  }

  @Test
  void badNamesAreRefusedWithTheOptionNamed() {
    assertThatThrownBy(() -> new ModelNames(" ", "stores", "access-groups", List.of("customer")))
        .hasMessageContaining("till-role");
    assertThatThrownBy(() -> new ModelNames("till", "a/b", "access-groups", List.of("customer")))
        .hasMessageContaining("stores-group");
    assertThatThrownBy(() -> new ModelNames("till", "groups", "groups", List.of("customer")))
        .hasMessageContaining("must differ");
    assertThatThrownBy(() -> new ModelNames("till", "stores", "access-groups", List.of()))
        .hasMessageContaining("at least one");
    assertThatThrownBy(
            () ->
                new ModelNames("till", "stores", "access-groups", List.of("customer", "customer")))
        .hasMessageContaining("listed twice");
    for (String bad : new String[] {"", "data.customer", "a--b", "-a", "é", "a b"}) {
      assertThatThrownBy(() -> new ModelNames("till", "stores", "access-groups", List.of(bad)))
          .as(bad)
          .hasMessageContaining("access-group-resources");
    }
    assertThatThrownBy(() -> new ModelNames("ti\u0007ll", "stores", "access-groups", List.of("x")))
        .hasMessageContaining("till-role");
  }

  @Test
  void theServersNamesComeFromTheProviderAndDefaultsWithoutOne() {
    KeycloakSession session = mock(KeycloakSession.class);
    assertThat(ModelNames.of(session)).isEqualTo(ModelNames.DEFAULTS);
    assertThat(ModelNames.of(null)).isEqualTo(ModelNames.DEFAULTS);
    ModelNames custom = new ModelNames("pos", "shops", "api-groups", List.of("customer"));
    ModelNamesProvider provider = () -> custom;
    when(session.getProvider(ModelNamesProvider.class)).thenReturn(provider);
    assertThat(ModelNames.of(session)).isEqualTo(custom);
  }
}
