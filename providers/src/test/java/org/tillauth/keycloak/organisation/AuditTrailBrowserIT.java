package org.tillauth.keycloak.organisation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tillauth.keycloak.organisation.OrganisationFixtures.expect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tillauth.keycloak.testing.AdminApi;
import org.tillauth.keycloak.testing.AdminPageChecks;
import org.tillauth.keycloak.testing.DemoRealm;
import org.tillauth.keycloak.testing.HeadlessChromium;
import org.tillauth.keycloak.testing.Http;
import org.tillauth.keycloak.testing.KeycloakIT;
import org.tillauth.keycloak.testing.KeycloakServer;
import org.tillauth.keycloak.testing.VersionIndependent;

/**
 * The audit trail screen in a real headless Chromium, at a desk and on a phone: with admin events
 * off it says nothing is recorded and turns them on; then a settings change shows who made it and
 * the value before and after, the filters narrow the list, and nothing scrolls sideways.
 */
@KeycloakIT
@VersionIndependent
class AuditTrailBrowserIT {

  private static final String REALM = "audit-page";
  private static final String BASE = "/admin/realms/" + REALM;
  private static final double TIMEOUT = 90_000;

  private static HeadlessChromium chromium;

  @BeforeAll
  static void setUp(AdminApi admin) {
    chromium = HeadlessChromium.launchOrSkip();
    DemoRealm.createCopy(admin, REALM);
  }

  @AfterAll
  static void tearDown(AdminApi admin) {
    OrganisationFixtures.deleteRealm(admin, REALM);
    if (chromium != null) {
      chromium.close();
      chromium = null;
    }
  }

  @ParameterizedTest(name = "{0}x{1}")
  @CsvSource({"1400, 900", "375, 812"})
  void theTrailShowsWhoChangedWhatAndTurnsRecordingOn(
      int width, int height, Http http, AdminApi admin) {
    adminEvents(admin, false);
    Page page = chromium.newPage(width, height);
    page.setDefaultTimeout(TIMEOUT);
    try {
      page.navigate(http.url("/realms/master/till-admin/?realm=" + REALM + "#/audit").toString());
      page.fill("#username", KeycloakServer.ADMIN_USERNAME);
      page.fill("#password", KeycloakServer.ADMIN_PASSWORD);
      page.click("#kc-login");
      page.locator("#view-audit").waitFor();

      // Off: the screen says so, and one click turns recording on (Keycloak's events config).
      Locator off = page.locator("#a-off");
      off.waitFor();
      assertThat(off.innerText()).contains("Changes are not being recorded");
      AdminPageChecks.noHorizontalScroll(page, "audit trail, admin events off");
      page.click("#a-turn-on");
      page.waitForCondition(() -> !off.isVisible());
      assertThat(page.locator("#a-msg").innerText()).contains("Admin events are on");
      JsonNode config = admin.getJson(BASE + "/events/config");
      assertThat(config.path("adminEventsEnabled").asBoolean()).isTrue();
      assertThat(config.path("adminEventsDetailsEnabled").asBoolean()).isTrue();

      // A change by another administrator's session shows up with who, what, before and after.
      expect(admin.put(BASE + "/organisation-settings", Map.of("basicAuthentication", false)), 200);
      expect(admin.put(BASE + "/organisation-settings", Map.of("basicAuthentication", true)), 200);
      page.click("#a-apply");
      Locator rows = page.locator("#a-rows tr");
      page.waitForCondition(
          () -> rows.count() >= 2 && rows.first().innerText().contains("Organisation settings"));
      String newest = rows.first().innerText();
      assertThat(newest)
          .contains(KeycloakServer.ADMIN_USERNAME + " (master)")
          .contains("Changed")
          .contains("Organisation settings")
          .contains("Basic authentication: off → on");
      assertThat(rows.nth(1).innerText()).contains("Basic authentication: on → off");
      AdminPageChecks.noHorizontalScroll(page, "audit trail");
      if (width > 1000) {
        AdminPageChecks.screenshot(page, "admin-audit");
      }

      // Filters: only tills (none changed here), then only settings again.
      page.selectOption("#a-area", "tills");
      page.click("#a-apply");
      page.locator("#a-none").waitFor();
      assertThat(rows.count()).isZero();
      page.selectOption("#a-area", "settings");
      page.fill("#a-user", "someone-else");
      page.click("#a-apply");
      page.locator("#a-none").waitFor();
      page.fill("#a-user", KeycloakServer.ADMIN_USERNAME);
      page.click("#a-apply");
      page.waitForCondition(() -> page.locator("#a-none").isHidden() && rows.count() >= 2);
      assertThat(rows.allInnerTexts())
          .allSatisfy(r -> assertThat(r).contains("Organisation settings"));
      assertThat(page.locator("#a-count").innerText()).startsWith("Changes 1–");
      assertThat(page.locator("#a-prev").isDisabled()).isTrue();
    } finally {
      page.context().close();
    }
  }

  private static void adminEvents(AdminApi admin, boolean on) {
    ObjectNode config = (ObjectNode) admin.getJson(BASE + "/events/config");
    config.put("adminEventsEnabled", on);
    config.put("adminEventsDetailsEnabled", on);
    expect(admin.put(BASE + "/events/config", config), 204);
  }
}
