package org.tillauth.keycloak.lifespan;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.tillauth.keycloak.testing.AdminApi;
import org.tillauth.keycloak.testing.DemoRealm;
import org.tillauth.keycloak.testing.HeadlessChromium;
import org.tillauth.keycloak.testing.Http;
import org.tillauth.keycloak.testing.KeycloakIT;
import org.tillauth.keycloak.testing.KeycloakServer;

/**
 * The admin theme {@code till-auth}: where an administrator sets a client's access-token lifespan
 * in the stock console, the help text names the organisation's ceiling and where to raise it.
 */
@KeycloakIT
class LifespanConsoleHelpIT {

  private static final String REALM = "demo-org";
  private static final String HELP_KEY = "accessTokenLifespanHelp";

  private static HeadlessChromium chromium;

  @AfterAll
  static void closeBrowser() {
    if (chromium != null) {
      chromium.close();
      chromium = null;
    }
  }

  private static String help(Http http, String realm) {
    Http.Result messages = http.get("/resources/" + realm + "/admin/en", Map.of());
    assertThat(messages.status()).isEqualTo(200);
    for (JsonNode entry : messages.json()) {
      if (HELP_KEY.equals(entry.path("key").asText())) {
        return entry.path("value").asText();
      }
    }
    throw new AssertionError("No " + HELP_KEY + " in the admin messages of " + realm);
  }

  @Test
  void theDemoRealmsConsoleNamesTheCeilingAndWhereToRaiseIt(Http http, AdminApi admin) {
    assertThat(admin.getJson("/admin/realms/" + REALM).path("adminTheme").asText())
        .isEqualTo("till-auth");
    assertThat(help(http, REALM))
        .contains(
            "at most the organisation's token expiry ceiling",
            "/till-admin/#/settings",
            "shows the current ceiling",
            "api-client-token-lifespan",
            "30 days");
  }

  /**
   * The ceiling is each organisation's own and changes; a figure in the help would be wrong for
   * every organisation that raised it. Raised to 30 days in a copy of the demo realm, the text the
   * console reads states nothing the organisation's settings contradict.
   */
  @Test
  void theHelpStatesNoFigureThatARaisedCeilingContradicts(Http http, AdminApi admin) {
    String copy = "help-ceiling";
    DemoRealm.createCopy(admin, copy);
    try {
      Http.Result raised =
          admin.put(
              "/admin/realms/" + copy + "/organisation-settings",
              Map.of("tokenLifespanCeiling", "30d"));
      assertThat(raised.status()).as(raised.body()).isEqualTo(200);
      assertThat(
              admin
                  .getJson("/admin/realms/" + copy + "/organisation-settings")
                  .path("tokenLifespanCeiling")
                  .asText())
          .isEqualTo("30d");
      assertThat(help(http, copy))
          .contains("at most the organisation's token expiry ceiling")
          .doesNotContainPattern("\\b\\d+ (minutes|hours)\\b")
          .doesNotContain("60");
    } finally {
      admin.delete("/admin/realms/" + copy);
    }
  }

  @Test
  void theHelpShowsNextToAccessTokenLifespanOnTheClientsAdvancedTab(Http http, AdminApi admin) {
    // The console of the master realm follows master's admin theme; switched for this test only.
    String before = admin.getJson("/admin/realms/master").path("adminTheme").asText("");
    assertThat(help(http, "master")).doesNotContain("till-admin");
    assertThat(admin.put("/admin/realms/master", Map.of("adminTheme", "till-auth")).status())
        .isEqualTo(204);
    chromium = HeadlessChromium.launchOrSkip();
    Page page = chromium.newPage(1280, 900);
    page.setDefaultTimeout(90_000);
    try {
      String uuid = admin.clientUuid(REALM, "demo-integration");
      page.navigate(
          http.url("/admin/master/console/#/" + REALM + "/clients/" + uuid + "/advanced")
              .toString());
      page.fill("#username", KeycloakServer.ADMIN_USERNAME);
      page.fill("#password", KeycloakServer.ADMIN_PASSWORD);
      page.click("#kc-login");
      // The "?" in the label of the field (the console's TokenLifespan form group).
      Locator helpButton =
          page.locator("[data-testid='token-lifespan-accessTokenLifespan']")
              .locator(".pf-v5-c-form__group-label button")
              .first();
      helpButton.scrollIntoViewIfNeeded();
      helpButton.click();
      Locator popover =
          page.locator("[role=dialog]").filter(new Locator.FilterOptions().setHasText("ceiling"));
      popover.waitFor();
      assertThat(popover.innerText())
          .contains("at most the organisation's token expiry ceiling", "till-admin")
          .doesNotContain("60 minutes");
      page.waitForTimeout(700); // let the popover's fade-in finish for the screenshot
      HeadlessChromium.screenshot(page, "console-access-token-lifespan-help");
    } catch (RuntimeException | AssertionError e) {
      HeadlessChromium.screenshot(page, "console-access-token-lifespan-help-failure");
      throw e;
    } finally {
      page.context().close();
      admin.put("/admin/realms/master", Map.of("adminTheme", before));
    }
  }
}
