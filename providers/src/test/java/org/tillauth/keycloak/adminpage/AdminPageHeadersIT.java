package org.tillauth.keycloak.adminpage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tillauth.keycloak.testing.Http;
import org.tillauth.keycloak.testing.KeycloakIT;

/**
 * The administration page's own answers (the HTML as much as its scripts and styles) carry the
 * strict policy the docs describe, not Keycloak's defaults for HTML ({@code frame-src 'self';
 * frame-ancestors 'self'}, {@code SAMEORIGIN}): the page may not be framed by anyone.
 */
@KeycloakIT
class AdminPageHeadersIT {

  static final String CSP =
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
          + " connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

  @ParameterizedTest
  @ValueSource(strings = {"", "index.html", "app.js", "organisation.js", "app.css"})
  void everyFileOfThePageCarriesTheStrictPolicy(String file, Http http) {
    Http.Result answer = http.get("/realms/demo-org/till-admin/" + file, Map.of());

    assertThat(answer.status()).as("%s", answer).isEqualTo(200);
    assertThat(answer.headers().allValues("Content-Security-Policy")).isEqualTo(List.of(CSP));
    assertThat(answer.headers().allValues("X-Frame-Options")).isEqualTo(List.of("DENY"));
    assertThat(answer.header("X-Content-Type-Options")).isEqualTo("nosniff");
    assertThat(answer.header("Referrer-Policy")).isEqualTo("no-referrer");
    assertThat(answer.header("Strict-Transport-Security")).startsWith("max-age=");
    if (file.isEmpty() || file.endsWith(".html")) {
      assertThat(answer.header("Content-Type")).startsWith("text/html");
      assertThat(answer.body()).contains("<script");
    }
  }
}
