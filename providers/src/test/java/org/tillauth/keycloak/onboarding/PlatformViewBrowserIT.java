package org.tillauth.keycloak.onboarding;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tillauth.keycloak.testing.AdminApi;
import org.tillauth.keycloak.testing.AdminPageChecks;
import org.tillauth.keycloak.testing.DemoRealm;
import org.tillauth.keycloak.testing.HeadlessChromium;
import org.tillauth.keycloak.testing.Http;
import org.tillauth.keycloak.testing.KeycloakIT;
import org.tillauth.keycloak.testing.KeycloakServer;
import org.tillauth.keycloak.testing.UniqueNames;

/**
 * The platform view in a real headless Chromium: the master administrator signs in at {@code
 * /realms/master/till-admin/} and sees the organisations with their API-client and till counts,
 * searches them (a match, no match, a search the server refuses), and opens one with Administer. At
 * desktop and phone widths, with PatternFly applied and no sideways scroll. The screenshot is
 * docs/admin-platform.png with {@code -Dscreenshots.docs=true}.
 */
@KeycloakIT
class PlatformViewBrowserIT {

  private static final double TIMEOUT = 90_000;
  private static final List<String> REALMS = new ArrayList<>();

  private static HeadlessChromium chromium;
  private static String run;
  private static String harbour;
  private static String northwind;

  @BeforeAll
  static void onboard(AdminApi admin) {
    run = UniqueNames.of("pv");
    harbour = organisation(admin, run + "-harbour", "Harbour Foods");
    northwind = organisation(admin, run + "-northwind", "Northwind Retail");
    String base = "/admin/realms/" + harbour;
    assertThat(admin.post(base + "/stores", Map.of("code", "s1", "name", "Quay")).status())
        .isEqualTo(201);
    for (String till : List.of("till-1", "till-2")) {
      Map<String, Object> body = Map.of("code", till, "store", "s1", "password", "Counter-1");
      assertThat(admin.post(base + "/tills", body).status()).isEqualTo(201);
    }
    Map<String, Object> client = new LinkedHashMap<>();
    client.put("name", "Loyalty sync");
    client.put("tokenExpiry", "30m");
    client.put("defaultTill", "till-1");
    client.put("useDefaultTillForInvalidTill", true);
    client.put("accessGroup", "POS");
    Http.Result registered = admin.post(base + "/api-clients", client);
    assertThat(registered.status()).as(registered.body()).isEqualTo(201);
  }

  @BeforeEach
  void launchBrowserOnce() {
    if (chromium == null) {
      chromium = HeadlessChromium.launchOrSkip();
    }
  }

  @AfterAll
  static void closeBrowserAndDropRealms(AdminApi admin) {
    if (chromium != null) {
      chromium.close();
      chromium = null;
    }
    REALMS.forEach(code -> admin.delete("/admin/realms/" + code));
  }

  @ParameterizedTest(name = "{0} px")
  @ValueSource(ints = {1400, 375, 360})
  void theMasterAdministratorSeesSearchesAndOpensTheOrganisations(int width, Http http) {
    Page page = chromium.newPage(width, width > 1000 ? 900 : 812);
    page.setDefaultTimeout(TIMEOUT);
    List<String> refusals = AdminPageChecks.policyRefusals(page);
    try {
      page.navigate(http.url("/realms/master/till-admin/").toString());
      AdminPageChecks.signIn(page, KeycloakServer.ADMIN_USERNAME, KeycloakServer.ADMIN_PASSWORD);

      // Every organisation, the demo one included; master is none.
      page.locator("#view-platform").waitFor();
      Locator demo = row(page, DemoRealm.NAME);
      demo.waitFor();
      row(page, harbour).waitFor();
      assertThat(page.locator("#p-rows tr[data-organisation='master']").count()).isZero();
      assertThat(page.locator("#p-count").innerText()).matches("1–\\d+ of \\d+ organisations?");
      assertThat(page.locator("#sidebar").isVisible()).isFalse();
      AdminPageChecks.patternFlyApplied(page, "#p-search-go");
      AdminPageChecks.noHorizontalScroll(page, "platform view");
      if (width == 1400) {
        AdminPageChecks.screenshot(page, "admin-platform");
      } else {
        HeadlessChromium.screenshot(page, "admin-platform-" + width);
      }

      // Search: this run's two organisations, with their counts; the other rows gone.
      page.fill("#p-search", run);
      page.waitForCondition(() -> page.locator("#p-rows tr").count() == 2);
      assertThat(page.locator("#p-count").innerText()).isEqualTo("1–2 of 2 organisations");
      Locator harbourRow = row(page, harbour);
      assertThat(harbourRow.locator("td.api-clients").innerText()).isEqualTo("1");
      assertThat(harbourRow.locator("td.tills").innerText()).isEqualTo("2");
      assertThat(harbourRow.innerText()).contains("Harbour Foods");
      Locator northwindRow = row(page, northwind);
      assertThat(northwindRow.locator("td.api-clients").innerText()).isEqualTo("0");
      assertThat(northwindRow.locator("td.tills").innerText()).isEqualTo("0");
      assertThat(page.isDisabled("#p-prev")).isTrue();
      assertThat(page.isDisabled("#p-next")).isTrue();
      // By name, anywhere in it.
      page.fill("#p-search", "northwind ret");
      page.waitForCondition(
          () -> page.locator("#p-rows tr").count() >= 1 && !row(page, harbour).isVisible());
      northwindRow.waitFor();
      AdminPageChecks.noHorizontalScroll(page, "platform view, searched");

      // Empty: a search nothing matches says so.
      page.fill("#p-search", "no such " + run);
      page.locator("#p-empty").waitFor();
      assertThat(page.locator("#p-empty").innerText())
          .isEqualTo("No organisation matches \u201cno such " + run + "\u201d.");
      assertThat(page.locator("#p-rows tr").count()).isZero();

      // Error: a search the server refuses (a control character), said beside the search box.
      page.fill("#p-search", "a\u0001b");
      page.locator("#p-search-msg.bad").waitFor();
      assertThat(page.locator("#p-search-msg").innerText())
          .contains("at most 255 characters, without control characters");
      AdminPageChecks.besideItsControl(page, "#p-search-msg", "#p-search");
      AdminPageChecks.noApiFieldNames(page);
      AdminPageChecks.noHorizontalScroll(page, "platform view, refused search");

      // Administer: the organisation's screens, with the same sign-in.
      page.fill("#p-search", run);
      page.waitForCondition(() -> page.locator("#p-rows tr").count() == 2);
      assertThat(page.locator("#p-search-msg").innerText()).isEmpty();
      row(page, harbour).locator("a.administer").click();
      page.locator("#view-list").waitFor();
      assertThat(page.url()).contains("/realms/master/till-admin/?realm=" + harbour);
      assertThat(page.locator("#who-realm").innerText()).isEqualTo(harbour);
      page.locator("#client-rows tr").first().waitFor();
      assertThat(page.locator("#limit-hint").innerText()).startsWith("1 of 15 API clients");

      assertThat(refusals).isEmpty();
    } catch (RuntimeException | AssertionError e) {
      HeadlessChromium.screenshot(page, "admin-platform-" + width + "-failure");
      throw e;
    } finally {
      page.context().close();
    }
  }

  private static Locator row(Page page, String code) {
    return page.locator("#p-rows tr[data-organisation='" + code + "']");
  }

  private static String organisation(AdminApi admin, String code, String name) {
    REALMS.add(code);
    Map<String, Object> body = OnboardingIT.body(code);
    body.put("name", name);
    Http.Result created = admin.post(OnboardingIT.API, body);
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    return code;
  }
}
