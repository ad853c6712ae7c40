package org.tillauth.keycloak.till;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tillauth.keycloak.testing.Http;
import org.tillauth.keycloak.testing.KeycloakIT;
import org.tillauth.keycloak.testing.fuzz.RawHttp;

/**
 * Bodies the HTTP stack cannot parse at the standard token endpoint (the till login's surface) get
 * the OAuth {@code 400 invalid_request} instead of Keycloak's 500.
 */
@KeycloakIT
class TokenEndpointFormIT {

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "application/x-www-form-urlencoded|grant_type=password&client_id=pos-terminal&username=till%&password=8a16a6b70505eb1f1ff7cdc0cd5559a7",
        "application/x-www-form-urlencoded|grant_type=password&client_id=pos-terminal%ZZ&username=store.server&password=x",
        "multipart/form-data; boundary=x|grant_type=password&client_id=pos-terminal",
        "${jndi:ldap://x}|grant_type=password&client_id=pos-terminal",
        "99999999999999999999999|grant_type=password"
      })
  void unparsableBodiesAreInvalidRequest(String contentType, String body, Http http) {
    RawHttp.Response response =
        new RawHttp(http.baseUrl())
            .send(
                "POST",
                http.tokenEndpoint("demo-org"),
                RawHttp.headers("Content-Type", contentType),
                body.getBytes(StandardCharsets.UTF_8));

    assertThat(response.status()).as("%s", response).isEqualTo(400);
    assertThat(response.body()).contains("\"error\":\"invalid_request\"");
    assertThat(
            http.passwordGrant("demo-org", "pos-terminal", "till-002", Md5Digest.of("till002pass"))
                .status())
        .isEqualTo(200);
  }
}
