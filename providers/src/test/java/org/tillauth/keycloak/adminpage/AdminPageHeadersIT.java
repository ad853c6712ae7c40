package org.tillauth.keycloak.adminpage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tillauth.keycloak.testing.Http;
import org.tillauth.keycloak.testing.KeycloakIT;

/**
 * The administration page's own answers (the HTML as much as its scripts and styles) carry the
 * strict policy the docs describe, not Keycloak's defaults for HTML ({@code frame-src 'self';
 * frame-ancestors 'self'}, {@code SAMEORIGIN}): the page may not be framed by anyone. Its look is
 * PatternFly 5 as this Keycloak serves it to its own themes, from the same origin.
 */
@KeycloakIT
class AdminPageHeadersIT {

  static final String CSP =
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
          + " font-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none';"
          + " frame-ancestors 'none'";

  private static final Pattern STYLESHEETS =
      Pattern.compile("<link rel=\"stylesheet\"[^>]*href=\"([^\"]+)\"");

  @ParameterizedTest
  @ValueSource(strings = {"", "index.html", "dom.js", "app.js", "organisation.js", "app.css"})
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
    if (file.endsWith(".js")) {
      assertThat(answer.header("Content-Type")).startsWith("text/javascript");
    }
  }

  /**
   * The page's first stylesheet is Keycloak's PatternFly 5 at this server's resources version (a
   * same-origin path, which the policy's {@code style-src 'self'} allows), and it answers; so do
   * the fonts it names ({@code font-src 'self'}).
   */
  @Test
  void thePageUsesThePatternFlyThisKeycloakServes(Http http) {
    String html = http.get("/realms/demo-org/till-admin/", Map.of()).body();
    Matcher links = STYLESHEETS.matcher(html);
    assertThat(links.find()).as(html).isTrue();
    String patternfly = links.group(1);
    assertThat(patternfly)
        .matches("/resources/[a-z0-9.-]+/common/keycloak/vendor/patternfly-v5/patternfly.min.css");
    assertThat(links.find()).isTrue();
    assertThat(links.group(1)).isEqualTo("app.css");
    assertThat(html).doesNotContain("${patternfly}");

    Http.Result css = http.get(patternfly, Map.of());
    assertThat(css.status()).as(patternfly).isEqualTo(200);
    assertThat(css.header("Content-Type")).startsWith("text/css");
    assertThat(css.body()).contains(".pf-v5-c-button", ".pf-v5-c-masthead", "RedHatText");

    Matcher font =
        Pattern.compile("url\\((assets/fonts/RedHatText/[^)]+\\.woff2)\\)").matcher(css.body());
    assertThat(font.find()).isTrue();
    String fontPath = patternfly.substring(0, patternfly.lastIndexOf('/') + 1) + font.group(1);
    assertThat(http.get(fontPath, Map.of()).status()).as(fontPath).isEqualTo(200);
  }
}
