package org.tillauth.keycloak.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GatewayRoutesTest {

  @Test
  void defaultTableCoversDataAndConfigApisInSingularAndPlural() {
    GatewayRoutes routes = GatewayRoutes.parse(null, null);
    assertThat(routes.problems()).isEmpty();
    assertThat(routes.allowUnmapped()).isFalse();
    assertThat(routes.match("/v2/customers/1"))
        .hasValueSatisfying(r -> assertThat(r.resource()).isEqualTo("customer"));
    assertThat(routes.match("/v1.1/customer/add"))
        .hasValueSatisfying(r -> assertThat(r.api()).isEqualTo("data"));
    assertThat(routes.match("/config/store"))
        .hasValueSatisfying(r -> assertThat(r.api()).isEqualTo("config"));
    assertThat(routes.match("/v2/points"))
        .hasValueSatisfying(r -> assertThat(r.resource()).isEqualTo("points"));
    assertThat(routes.match("/v2/customersx")).isEmpty();
    assertThat(routes.match("/v3/anything")).isEmpty();
  }

  @Test
  void customEntriesReplaceTheDefaultsAndTheLongestPrefixWins() {
    GatewayRoutes routes =
        GatewayRoutes.parse(
            "/api=data:store, /api/loyalty=data:points;\n/API/People=data:customer", "allow");
    assertThat(routes.problems()).isEmpty();
    assertThat(routes.allowUnmapped()).isTrue();
    assertThat(routes.match("/api/loyalty/1"))
        .hasValueSatisfying(r -> assertThat(r.resource()).isEqualTo("points"));
    assertThat(routes.match("/api/people"))
        .hasValueSatisfying(r -> assertThat(r.resource()).isEqualTo("customer"));
    assertThat(routes.match("/api/other"))
        .hasValueSatisfying(r -> assertThat(r.resource()).isEqualTo("store"));
    assertThat(routes.match("/v2/customers")).isEmpty();
  }

  @Test
  void invalidEntriesAndSettingsAreReported() {
    GatewayRoutes routes =
        GatewayRoutes.parse(
            "/ok=data:store, nonsense, /x=data:nope, /y=other:store, z=data:store", "maybe");
    assertThat(routes.problems()).hasSize(5);
    assertThat(routes.problems().get(0)).contains("allow or deny");
  }
}
