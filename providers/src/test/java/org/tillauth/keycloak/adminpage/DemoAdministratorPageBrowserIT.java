package org.tillauth.keycloak.adminpage;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tillauth.keycloak.testing.AdminApi;
import org.tillauth.keycloak.testing.AdminPageChecks;
import org.tillauth.keycloak.testing.DemoRealm;
import org.tillauth.keycloak.testing.HeadlessChromium;
import org.tillauth.keycloak.testing.Http;
import org.tillauth.keycloak.testing.KeycloakIT;
import org.tillauth.keycloak.testing.ServerLog;
import org.tillauth.keycloak.testing.VersionIndependent;

/**
 * README's page URL as written, {@code /realms/demo-org/till-admin/}, in a real headless Chromium:
 * the demo organisation's administrator {@code demo-admin} signs in on Keycloak's own login page
 * (not the customers' rewards theme), reads every screen (API clients, access groups, stores and
 * tills, settings) and adds and deletes a store, holding only the documented realm-management
 * roles. The server logs no {@code KC-SERVICES0018} for the page's sign-in client meanwhile.
 */
@KeycloakIT
@VersionIndependent
class DemoAdministratorPageBrowserIT {

  private static final String REALM = DemoRealm.NAME;
  private static final double TIMEOUT = 90_000;

  private static HeadlessChromium chromium;

  @BeforeEach
  void launchBrowserOnce() {
    if (chromium == null) {
      chromium = HeadlessChromium.launchOrSkip();
    }
  }

  @AfterAll
  static void closeBrowser() {
    if (chromium != null) {
      chromium.close();
      chromium = null;
    }
  }

  @ParameterizedTest(name = "{0} px")
  @ValueSource(ints = {1400, 375})
  void theDemoAdministratorRunsEveryScreenAtTheReadmeUrl(int width, Http http, AdminApi admin) {
    String store = "adm-" + UUID.randomUUID().toString().substring(0, 6);
    long mark = ServerLog.mark();
    Page page = chromium.newPage(width, width > 1000 ? 900 : 812);
    page.setDefaultTimeout(TIMEOUT);
    List<String> refusals = AdminPageChecks.policyRefusals(page);
    try {
      page.navigate(http.url("/realms/demo-org/till-admin/").toString());
      AdminPageChecks.signIn(page, DemoRealm.ADMIN_USERNAME, DemoRealm.ADMIN_PASSWORD);

      // API clients (the first screen): the demo client listed, the limit and ceiling read.
      page.locator("#view-list").waitFor();
      assertThat(page.locator("#who-name").innerText()).isEqualTo(DemoRealm.ADMIN_USERNAME);
      assertThat(page.locator("#who-realm").innerText()).isEqualTo(REALM);
      page.locator("tr[data-client-key='demo-integration']").waitFor();
      assertThat(page.locator("#limit-hint").innerText()).contains("of 15 API clients");
      AdminPageChecks.noHorizontalScroll(page, "API clients, demo administrator");

      // Access groups.
      open(page, "#/access-groups", "#view-access-groups");
      page.locator("tr[data-group='POS']").waitFor();
      assertThat(page.locator("tr[data-group='POS']").innerText()).contains("Demo API integration");
      AdminPageChecks.noHorizontalScroll(page, "access groups, demo administrator");

      // Stores and tills, and the write: a store added, then deleted after its confirmation.
      open(page, "#/stores", "#view-stores");
      page.locator("#o-store-rows tr[data-store='store-001']").waitFor();
      page.locator("#o-till-rows tr[data-till='store.server']").waitFor();
      page.fill("#o-store-code", store);
      page.fill("#o-store-name", "Demo admin's store");
      page.click("#o-add-store");
      Locator row = page.locator("#o-store-rows tr[data-store='" + store + "']");
      row.waitFor();
      assertThat(admin.get("/admin/realms/" + REALM + "/stores/" + store).status()).isEqualTo(200);
      assertThat(accepted(page, () -> row.locator("button.delete").click()))
          .isEqualTo("Delete store " + store + "? Only an empty store can be deleted.");
      page.waitForCondition(
          () -> page.locator("#o-store-msg").innerText().contains("Store " + store + " deleted."));
      assertThat(admin.get("/admin/realms/" + REALM + "/stores/" + store).status()).isEqualTo(404);
      AdminPageChecks.noHorizontalScroll(page, "stores and tills, demo administrator");

      // Settings.
      open(page, "#/settings", "#view-settings");
      page.waitForCondition(() -> !page.locator("#o-ceiling-current").innerText().isBlank());
      assertThat(page.locator("#o-ceiling-current").innerText())
          .matches("\\d+ (minutes?|hours?|days?)");
      assertThat(page.locator("#o-basic-state").innerText()).isEqualTo("On");
      AdminPageChecks.noHorizontalScroll(page, "settings, demo administrator");

      assertThat(AdminPageChecks.messages(page)).doesNotContain("403", "forbidden", "Forbidden");
      AdminPageChecks.noApiFieldNames(page);
      assertThat(refusals).isEmpty();
    } catch (RuntimeException | AssertionError e) {
      HeadlessChromium.screenshot(page, "demo-admin-page-" + width + "-failure");
      throw e;
    } finally {
      page.context().close();
      admin.delete("/admin/realms/" + REALM + "/stores/" + store);
    }
    assertThat(ServerLog.since(mark)).doesNotContain("KC-SERVICES0018");
  }

  /** Through the nav bar, opened from its Menu button where the window is narrow. */
  private static void open(Page page, String hash, String view) {
    if (page.locator("#nav-toggle").isVisible()) {
      page.click("#nav-toggle");
    }
    page.click("#nav a[href='" + hash + "']");
    page.locator(view).waitFor();
  }

  /** Runs the action, accepts the confirmation it asks, and returns its question. */
  private static String accepted(Page page, Runnable action) {
    AtomicReference<String> asked = new AtomicReference<>();
    page.onceDialog(
        dialog -> {
          asked.set(dialog.message());
          dialog.accept();
        });
    action.run();
    page.waitForCondition(() -> asked.get() != null);
    return asked.get();
  }
}
