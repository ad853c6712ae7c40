package org.tillauth.keycloak.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OriginalRequestSourcesTest {

  private static OriginalRequest resolve(
      String method, String suffix, Map<String, List<String>> headers) {
    return OriginalRequestSources.resolve(headers::get, method, suffix);
  }

  private static Map<String, List<String>> headers(String... nameValues) {
    Map<String, List<String>> headers = new HashMap<>();
    for (int i = 0; i < nameValues.length; i += 2) {
      headers
          .computeIfAbsent(nameValues[i], k -> new java.util.ArrayList<>())
          .add(nameValues[i + 1]);
    }
    return headers;
  }

  @Test
  void oneFamilyAloneDescribesTheRequest() {
    OriginalRequest nginx =
        resolve(
            "GET", null, headers("X-Original-Method", "post", "X-Original-URI", "/v2/points?x=1"));
    assertThat(nginx).isEqualTo(OriginalRequest.of("POST", "/v2/points"));

    OriginalRequest traefik =
        resolve("GET", null, headers("X-Forwarded-Method", "GET", "X-Forwarded-Uri", "/v2/points"));
    assertThat(traefik).isEqualTo(OriginalRequest.of("GET", "/v2/points"));
  }

  @Test
  void envoyPathFormUsesTheRequestsOwnMethod() {
    assertThat(resolve("DELETE", "v2/customers/1", headers()))
        .isEqualTo(OriginalRequest.of("DELETE", "/v2/customers/1"));
  }

  @Test
  void familiesThatAgreeAreAccepted() {
    OriginalRequest both =
        resolve(
            "GET",
            null,
            headers(
                "X-Original-Method", "POST",
                "X-Original-URI", "/v2/points/redeem",
                "X-Forwarded-Method", "post",
                "X-Forwarded-Uri", "/V2/points/redeem?a=b"));
    assertThat(both.invalid()).isFalse();
    assertThat(both.method()).isEqualTo("POST");
    assertThat(both.path()).contains("/v2/points/redeem");

    OriginalRequest envoyWithHeader =
        resolve("POST", "v2/points", headers("X-Original-URI", "/v2/points"));
    assertThat(envoyWithHeader.invalid()).isFalse();
    assertThat(envoyWithHeader.method()).isEqualTo("POST");
  }

  @Test
  void aClientAddedHeaderThatDisagreesMakesTheRequestUnresolvable() {
    // Traefik sets X-Forwarded-*; a client adds X-Original-Method to read-check a write.
    assertThat(
            resolve(
                    "GET",
                    null,
                    headers(
                        "X-Forwarded-Method", "POST",
                        "X-Forwarded-Uri", "/v2/points/redeem",
                        "X-Original-Method", "GET"))
                .invalid())
        .isTrue();
    // ... or X-Original-URI to name another resource.
    assertThat(
            resolve(
                    "GET",
                    null,
                    headers(
                        "X-Forwarded-Method", "GET",
                        "X-Forwarded-Uri", "/v2/staff",
                        "X-Original-URI", "/v2/points"))
                .invalid())
        .isTrue();
    // Envoy: the request's own method and path against added headers.
    assertThat(resolve("POST", "v2/points/redeem", headers("X-Original-Method", "GET")).invalid())
        .isTrue();
    assertThat(resolve("GET", "v2/staff", headers("X-Forwarded-Uri", "/v2/points")).invalid())
        .isTrue();
    // A usable path against an unusable one.
    assertThat(
            resolve(
                    "GET",
                    null,
                    headers("X-Original-URI", "/v2/points", "X-Forwarded-Uri", "/v2/a%2Fb"))
                .invalid())
        .isTrue();
  }

  @Test
  void aRepeatedHeaderMakesTheRequestUnresolvable() {
    assertThat(
            resolve(
                    "GET",
                    null,
                    headers(
                        "X-Original-Method", "GET",
                        "X-Original-Method", "POST",
                        "X-Original-URI", "/v2/points"))
                .invalid())
        .isTrue();
    assertThat(
            resolve(
                    "GET",
                    null,
                    headers("X-Forwarded-Uri", "/v2/points", "X-Forwarded-Uri", "/v2/staff"))
                .invalid())
        .isTrue();
  }

  @Test
  void noSourceIsNoPathAndNoMethod() {
    OriginalRequest none = resolve("GET", null, headers());
    assertThat(none.invalid()).isFalse();
    assertThat(none.path()).isEmpty();
    assertThat(none.method()).isEmpty();
  }
}
