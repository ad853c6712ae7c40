package org.tillauth.keycloak.tokenjson;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tillauth.keycloak.testing.Http;
import org.tillauth.keycloak.testing.Jwt;
import org.tillauth.keycloak.testing.KeycloakIT;

/**
 * The JSON endpoint with the shipped API client {@code demo-integration}: till attribution (with
 * its client-policy rejection) and access-group claims behave exactly as on the standard endpoint.
 */
@KeycloakIT
class CompatApiClientIT {

  static final String REALM = "demo-org";
  static final String CLIENT = "demo-integration";
  static final String SECRET = "demo-integration-secret";
  static final String CODE = "X-CAP-API-ATTRIBUTION-ENTITY-CODE";
  static final String LEGACY = "X-CAP-API-ATTRIBUTION-TILL-CODE";

  @Test
  void attributionAndAccessGroupClaimsMatchTheStandardEndpoint(Http http) {
    for (Map<String, String> headers :
        java.util.List.of(
            Map.<String, String>of(), Map.of(CODE, "till-002"), Map.of(LEGACY, "till-002"))) {
      Map<String, Object> compat = claims(generate(http, headers));
      Map<String, Object> standard =
          Jwt.claims(http.clientCredentials(REALM, CLIENT, SECRET, headers).accessToken());

      for (String claim :
          java.util.List.of(
              "till_code",
              "store_code",
              "till_attribution",
              "default_till",
              "access_group",
              "access_group_permissions",
              "azp",
              "sub",
              "iss")) {
        assertThat(compat.get(claim))
            .as("%s with %s", claim, headers)
            .isEqualTo(standard.get(claim));
      }
      assertThat(compat.get("access_group")).isEqualTo("POS");
    }
    assertThat(claims(generate(http, Map.of(CODE, "till-002"))))
        .containsEntry("till_code", "till-002")
        .containsEntry("store_code", "store-002")
        .containsEntry("till_attribution", "header")
        .containsEntry("default_till", "store.server");
  }

  @Test
  void unknownTillIsRefusedInTheEnvelopeWithTheOAuthErrorText(Http http) {
    Http.Result standard =
        http.clientCredentials(REALM, CLIENT, SECRET, Map.of(CODE, "no-such-till"));
    assertThat(standard.status()).isEqualTo(400);
    assertThat(standard.json().path("error_description").asText())
        .isEqualTo("Unknown till code 'no-such-till'");

    Http.Result compat = generate(http, Map.of(CODE, "no-such-till"));

    assertThat(compat.status()).isEqualTo(400);
    assertThat(compat.body())
        .isEqualTo(
            "{\"data\":null,\"errors\":[{\"code\":320200,\"message\":\"Unknown till code"
                + " 'no-such-till'\"}]}");
  }

  private static Http.Result generate(Http http, Map<String, String> headers) {
    return http.postJson(
        CompatClients.endpoint(REALM), CompatClients.body(CLIENT, SECRET), headers);
  }

  private static Map<String, Object> claims(Http.Result result) {
    assertThat(result.status()).as("%s", result).isEqualTo(200);
    return Jwt.claims(result.json().at("/data/accessToken").asText());
  }
}
