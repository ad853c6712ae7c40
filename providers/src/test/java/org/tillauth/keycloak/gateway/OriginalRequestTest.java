package org.tillauth.keycloak.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class OriginalRequestTest {

  @ParameterizedTest
  @CsvSource({
    "/v2/customers, /v2/customers",
    "/v2/customers/?x=1, /v2/customers",
    "/V2/Customers#frag, /v2/customers",
    "//v2///customers, /v2/customers",
    "/v2/./customers, /v2/customers",
    "/v2/points/../customers, /v2/customers",
    "/v2/%63ustomers, /v2/customers",
    "/v2/customers;jsessionid=1/7, /v2/customers/7",
    "https://api.example:8443/v2/customers?a=b, /v2/customers",
    "/, /",
    "/caf%C3%A9, /café"
  })
  void normalisesAsAnUpstreamResolves(String uri, String expected) {
    assertThat(OriginalRequest.normalise(uri)).contains(expected);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "v2/customers",
        "/../v2",
        "/v2/../../x",
        "/v2/a%2Fb",
        "/v2/a%2fb",
        "/v2/a%5Cb",
        "/v2/a\\b",
        "/v2/a%00",
        "/v2/a%0d%0a",
        "/v2/%C1%A4",
        "/v2/%ZZ",
        "/v2/%4"
      })
  void refusesWhatCannotBeResolvedSafely(String uri) {
    assertThat(OriginalRequest.normalise(uri)).isEmpty();
    assertThat(OriginalRequest.of("GET", uri).invalid()).isTrue();
  }

  @ParameterizedTest
  @CsvSource({
    "GET, true",
    "head, true",
    "OPTIONS, true",
    "POST, false",
    "DELETE, false",
    "'', false"
  })
  void readsAndWrites(String method, boolean read) {
    assertThat(OriginalRequest.of(method, "/x").isRead()).isEqualTo(read);
  }
}
