package org.tillauth.keycloak.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AccessCheckTest {

  static final GatewayRoutes DEFAULTS = GatewayRoutes.parse(null, null);

  static Caller apiClient(String... permissions) {
    return new Caller(
        Caller.Type.API_CLIENT,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.of("c"),
        Optional.empty(),
        Optional.of("G"),
        List.of(permissions));
  }

  static Caller till() {
    return new Caller(
        Caller.Type.TILL,
        Optional.of("t"),
        Optional.empty(),
        Optional.of("self"),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        List.of());
  }

  @Test
  void writeImpliesReadAndReadDoesNotImplyWrite() {
    Caller caller = apiClient("data:customer:write", "data:points:read");
    assertThat(
            AccessCheck.decide(caller, OriginalRequest.of("GET", "/v2/customers"), DEFAULTS)
                .allowed())
        .isTrue();
    assertThat(
            AccessCheck.decide(caller, OriginalRequest.of("PUT", "/v2/customers"), DEFAULTS)
                .allowed())
        .isTrue();
    assertThat(
            AccessCheck.decide(caller, OriginalRequest.of("GET", "/v2/points"), DEFAULTS).allowed())
        .isTrue();
    AccessCheck.Decision write =
        AccessCheck.decide(caller, OriginalRequest.of("POST", "/v2/points"), DEFAULTS);
    assertThat(write.allowed()).isFalse();
    assertThat(write.required()).contains("data:points:write");
  }

  @Test
  void tillsPassEverything() {
    assertThat(
            AccessCheck.decide(till(), OriginalRequest.of("POST", "/v2/staff"), DEFAULTS).allowed())
        .isTrue();
    assertThat(
            AccessCheck.decide(till(), OriginalRequest.of("POST", "/v2/a%2Fb"), DEFAULTS).allowed())
        .isTrue();
  }

  @Test
  void unmappedFollowsTheSettingAndBrokenTablesOrPathsDeny() {
    Caller caller = apiClient("data:customer:write");
    assertThat(AccessCheck.decide(caller, OriginalRequest.of("GET", "/health"), DEFAULTS).allowed())
        .isFalse();
    assertThat(AccessCheck.decide(caller, OriginalRequest.of("GET", null), DEFAULTS).allowed())
        .isFalse();
    GatewayRoutes allow = GatewayRoutes.parse(null, "allow");
    assertThat(AccessCheck.decide(caller, OriginalRequest.of("GET", "/health"), allow).allowed())
        .isTrue();
    assertThat(AccessCheck.decide(caller, OriginalRequest.of("GET", "/v2/a%2Fb"), allow).allowed())
        .isFalse();
    GatewayRoutes broken = GatewayRoutes.parse("/v2/customers=data:bogus", "allow");
    assertThat(AccessCheck.decide(caller, OriginalRequest.of("GET", "/health"), broken).allowed())
        .isFalse();
  }
}
