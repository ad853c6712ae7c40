package org.tillauth.keycloak.organisation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tillauth.keycloak.organisation.OrganisationFixtures.tillLogin;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tillauth.keycloak.testing.AdminApi;
import org.tillauth.keycloak.testing.AdminPageChecks;
import org.tillauth.keycloak.testing.DemoRealm;
import org.tillauth.keycloak.testing.HeadlessChromium;
import org.tillauth.keycloak.testing.Http;
import org.tillauth.keycloak.testing.Jwt;
import org.tillauth.keycloak.testing.KeycloakIT;
import org.tillauth.keycloak.testing.KeycloakServer;
import org.tillauth.keycloak.testing.VersionIndependent;
import org.tillauth.keycloak.till.Md5Digest;

/**
 * The organisation screens of the administration page in a real headless Chromium, in a copy of the
 * demo realm: add a store and a till and log the till in with its MD5 digest; switch basic
 * authentication off and on and see till logins refused and accepted; raise the ceiling to 2 hours
 * and register a 2-hour API client, then lower it and see the client listed. The page's own checks
 * (codes, digests, the ceiling's range) refuse before any request, every message stands beside its
 * field in plain words, and the next action clears it. Screenshots land in target/screenshots/, and
 * in docs/ with {@code -Dscreenshots.docs=true}; the stores and tills screen's own are taken by
 * {@link OrganisationPageScaleBrowserIT}.
 */
@KeycloakIT
@VersionIndependent
class OrganisationPageBrowserIT {

  private static final String REALM = "org-page";
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

  @Test
  void storesTillsSwitchAndCeilingFromThePage(Http http, AdminApi admin) {
    String suffix = UUID.randomUUID().toString().substring(0, 6);
    String store = "store-" + suffix;
    String till = "till-" + suffix;
    Page page = chromium.newPage(1400, 900);
    page.setDefaultTimeout(TIMEOUT);
    List<String> writes = AdminPageChecks.writes(page);
    try {
      page.navigate(http.url("/realms/master/till-admin/?realm=" + REALM + "#/stores").toString());
      page.fill("#username", KeycloakServer.ADMIN_USERNAME);
      page.fill("#password", KeycloakServer.ADMIN_PASSWORD);
      page.click("#kc-login");
      page.locator("#view-stores").waitFor();
      page.locator("#o-store-rows tr[data-store='store-001']").waitFor();

      // The page's own checks, beside each field, before any request.
      page.fill("#o-store-code", "bad code");
      page.click("#o-add-store");
      assertThat(waitForText(page.locator("#o-store-code-msg")))
          .isEqualTo(
              "A store code is 1 to 64 letters, digits, dots, hyphens or underscores, starting"
                  + " with a letter or digit.");
      assertThat(page.locator("#o-store-name-msg").innerText()).isEqualTo("Type the store's name.");
      assertThat(page.locator("#o-store-code").getAttribute("aria-invalid")).isEqualTo("true");
      AdminPageChecks.besideItsControl(page, "#o-store-code-msg", "#o-store-code");
      AdminPageChecks.besideItsControl(page, "#o-store-name-msg", "#o-store-name");
      AdminPageChecks.noHorizontalScroll(page, "stores and tills, refused");
      assertThat(writes).isEmpty();

      // Add a store, then a till in it with a password.
      page.fill("#o-store-code", store);
      page.fill("#o-store-name", "Harbour Front");
      page.click("#o-add-store");
      page.locator("#o-store-rows tr[data-store='" + store + "']").waitFor();
      waitForText(page.locator("#o-store-add-msg"), "Store " + store + " added.");
      page.fill("#o-till-code", till);
      page.fill("#o-till-store", store);
      page.fill("#o-till-secret", "harbour-1");
      page.click("#o-add-till");
      Locator row = page.locator("#o-till-rows tr[data-till='" + till + "']");
      row.waitFor();
      assertThat(row.locator("input.move").inputValue()).isEqualTo(store);
      assertThat(row.innerText()).contains("enabled", "set");

      String digest = Md5Digest.of("harbour-1");
      Http.Result login = tillLogin(http, REALM, till, digest);
      assertThat(login.status()).as(login.body()).isEqualTo(200);
      assertThat(Jwt.claims(login.accessToken())).containsEntry("store_code", store);

      waitForText(page.locator("#o-till-add-msg"), "added to store " + store);

      // A bad till code, a digest of the wrong shape, a password that looks like a digest: each
      // refused beside its field with no request; the green line of the last add is gone.
      int sent = writes.size();
      page.fill("#o-till-code", "x/y");
      page.fill("#o-till-store", store);
      page.fill("#o-till-secret", "whatever");
      page.click("#o-add-till");
      assertThat(waitForText(page.locator("#o-till-code-msg")))
          .isEqualTo(
              "A till code is 3 to 64 letters, digits, dots, hyphens or underscores, starting"
                  + " with a letter or digit.");
      assertThat(page.locator("#o-till-add-msg").innerText()).isEmpty();
      AdminPageChecks.besideItsControl(page, "#o-till-code-msg", "#o-till-code");
      page.fill("#o-till-code", "till-ok-" + suffix);
      page.selectOption("#o-till-kind", "md5Digest");
      page.fill("#o-till-secret", "8a16a6b70505eb1f");
      page.click("#o-add-till");
      assertThat(waitForText(page.locator("#o-till-secret-msg")))
          .startsWith("An MD5 digest is 32 hexadecimal characters (0–9 and a–f); this is 16");
      page.selectOption("#o-till-kind", "password");
      page.fill("#o-till-secret", Md5Digest.of("harbour-1"));
      page.click("#o-add-till");
      assertThat(waitForText(page.locator("#o-till-secret-msg")))
          .startsWith("This password looks like an MD5 digest");
      AdminPageChecks.besideItsControl(page, "#o-till-secret-msg", "#o-till-secret");
      assertThat(writes).hasSize(sent);
      // What only the server knows, beside the field it is about, in plain words.
      page.fill("#o-till-code", "store.server");
      page.fill("#o-till-secret", "whatever");
      page.click("#o-add-till");
      assertThat(waitForText(page.locator("#o-till-code-msg")))
          .isEqualTo("Till code \"store.server\" is already used by a user of this organisation");
      page.fill("#o-store-code", "store-zw-" + suffix);
      page.fill("#o-store-name", "High\u200BStreet");
      page.click("#o-add-store");
      assertThat(waitForText(page.locator("#o-store-name-msg")))
          .isEqualTo(
              "The store's name contains invisible or text-direction characters; retype it.");
      assertThat(page.locator("#o-till-code-msg").innerText()).isEmpty();
      AdminPageChecks.noApiFieldNames(page);

      // Filter by store, move the till, disable it.
      page.fill("#o-till-code", "");
      page.fill("#o-till-secret", "");
      page.fill("#o-store-code", "");
      page.fill("#o-store-name", "");
      page.fill("#o-till-filter", store);
      page.press("#o-till-filter", "Enter");
      page.locator("#o-store-name-msg")
          .waitFor(
              new Locator.WaitForOptions()
                  .setState(com.microsoft.playwright.options.WaitForSelectorState.HIDDEN));
      page.locator("#o-till-rows tr[data-till='store.server']")
          .waitFor(
              new Locator.WaitForOptions()
                  .setState(com.microsoft.playwright.options.WaitForSelectorState.DETACHED));
      row.locator("input.move").fill("store-002");
      // Every high-impact action asks first, naming the consequence; dismissed, nothing changes.
      String api = "/admin/realms/" + REALM;
      String moveQuestion =
          "Move till "
              + till
              + " from store "
              + store
              + " to store store-002? From its next login its tokens carry store store-002.";
      assertThat(dismissed(page, () -> row.locator("button.move-button").click()))
          .isEqualTo(moveQuestion);
      assertThat(admin.getJson(api + "/tills/" + till).path("store").asText()).isEqualTo(store);
      assertThat(accepted(page, () -> row.locator("button.move-button").click()))
          .isEqualTo(moveQuestion);
      // Moved out of the store shown: the message is on the list.
      waitForText(page.locator("#o-till-msg"), "moved to store store-002");
      assertThat(Jwt.claims(tillLogin(http, REALM, till, digest).accessToken()))
          .containsEntry("store_code", "store-002");
      page.fill("#o-till-filter", "");
      page.press("#o-till-filter", "Enter");
      Locator moved = page.locator("#o-till-rows tr[data-till='" + till + "']");
      moved.waitFor();
      assertThat(dismissed(page, () -> moved.locator("button.toggle").click()))
          .isEqualTo(
              "Disable till " + till + "? Its logins are refused until it is enabled again.");
      assertThat(admin.getJson(api + "/tills/" + till).path("enabled").asBoolean()).isTrue();
      assertThat(tillLogin(http, REALM, till, digest).status()).isEqualTo(200);
      accepted(page, () -> moved.locator("button.toggle").click());
      waitForText(moved.locator(".actions-cell .msg"), "disabled");
      assertThat(admin.getJson(api + "/tills/" + till).path("enabled").asBoolean()).isFalse();
      assertThat(tillLogin(http, REALM, till, digest).status()).isEqualTo(400);
      moved.locator("button.toggle").click();
      waitForText(moved.locator(".actions-cell .msg"), "enabled");
      assertThat(tillLogin(http, REALM, till, digest).status()).isEqualTo(200);

      // Settings: the switch off, a till login refused; on again.
      page.click("#nav a[href='#/settings']");
      page.locator("#view-settings").waitFor();
      assertThat(page.locator("#o-basic-state").innerText()).isEqualTo("On");
      assertThat(page.locator("#o-ceiling-current").innerText()).isEqualTo("60 minutes");
      String basicQuestion =
          "Turn off basic authentication? Every till login of "
              + REALM
              + " will be refused until it is turned on again.";
      assertThat(dismissed(page, () -> page.click("#o-basic-toggle"))).isEqualTo(basicQuestion);
      assertThat(
              admin.getJson(api + "/organisation-settings").path("basicAuthentication").asBoolean())
          .isTrue();
      assertThat(page.locator("#o-basic-state").innerText()).isEqualTo("On");
      assertThat(tillLogin(http, REALM, till, digest).status()).isEqualTo(200);
      assertThat(accepted(page, () -> page.click("#o-basic-toggle"))).isEqualTo(basicQuestion);
      page.locator("#o-basic-state.off").waitFor();
      waitForText(page.locator("#o-basic-msg"), "Basic authentication is now off");
      assertThat(
              admin.getJson(api + "/organisation-settings").path("basicAuthentication").asBoolean())
          .isFalse();
      Http.Result refused = tillLogin(http, REALM, till, digest);
      assertThat(refused.status()).isEqualTo(400);
      assertThat(refused.json().path("error").asText()).isEqualTo("unauthorized_client");
      page.click("#o-basic-toggle");
      page.locator("#o-basic-state.on").waitFor();
      assertThat(tillLogin(http, REALM, till, digest).status()).isEqualTo(200);

      // Outside 1 minute ... 30 days: said beside the field, Save blocked, nothing sent.
      sent = writes.size();
      page.fill("#o-ceiling-amount", "31");
      page.selectOption("#o-ceiling-unit", "d");
      assertThat(waitForText(page.locator("#o-ceiling-msg")))
          .isEqualTo("The new maximum can be at most 30 days.");
      assertThat(page.isDisabled("#o-ceiling-save")).isTrue();
      AdminPageChecks.besideItsControl(page, "#o-ceiling-msg", "#o-ceiling-amount");
      AdminPageChecks.noHorizontalScroll(page, "settings, refused");
      assertThat(writes).hasSize(sent);

      // The ceiling to 2 hours, with the platform's warning.
      page.fill("#o-ceiling-amount", "2");
      page.selectOption("#o-ceiling-unit", "h");
      assertThat(page.locator("#o-ceiling-warning").isVisible()).isTrue();
      assertThat(page.locator("#o-ceiling-warning").innerText())
          .contains("more than 60 minutes is not recommended");
      page.click("#o-ceiling-save");
      waitForText(page.locator("#o-ceiling-current"), "2 hours");
      waitForText(page.locator("#o-ceiling-msg"), "Token lifespan ceiling is now 2 hours");
      assertThat(page.locator("#o-basic-msg").innerText()).as("a new action clears it").isEmpty();
      AdminPageChecks.screenshot(page, "admin-settings");

      // A 2-hour API client on the registration form.
      page.click("#nav a[href='#/api-clients']");
      page.locator("#view-list").waitFor();
      page.click("#new-client");
      page.locator("#view-form").waitFor();
      assertThat(page.locator("#expiry-hint").innerText()).contains("2 hours");
      page.fill("#f-name", "Two-hour sync " + suffix);
      page.fill("#f-expiry", "2");
      page.selectOption("#f-expiry-unit", "h");
      page.fill("#f-till", "store.server");
      page.selectOption("#f-group", "POS");
      page.click("#next");
      page.locator("#view-secret").waitFor();
      String key = page.inputValue("#out-key");
      String secret = page.inputValue("#out-secret");
      assertThat(
              http.clientCredentials(REALM, key, secret, Map.of())
                  .json()
                  .path("expires_in")
                  .asLong())
          .isBetween(7199L, 7200L); // expires_in is counted from the response, a second may pass
      page.click("#done");
      page.locator("#view-list").waitFor();

      // Lowered again: the client is listed as clamped at issue.
      page.click("#nav a[href='#/settings']");
      page.locator("#view-settings").waitFor();
      page.fill("#o-ceiling-amount", "60");
      page.selectOption("#o-ceiling-unit", "m");
      assertThat(page.locator("#o-ceiling-warning").isVisible()).isFalse();
      page.click("#o-ceiling-save");
      waitForText(page.locator("#o-ceiling-current"), "60 minutes");
      page.locator("#o-clamped-box").waitFor();
      assertThat(page.locator("#o-clamped").innerText()).contains(key, "2h", "clamped at issue");
      AdminPageChecks.noHorizontalScroll(page, "settings, API clients above the ceiling");
      AdminPageChecks.screenshot(page, "admin-settings-clamped");
      assertThat(
              http.clientCredentials(REALM, key, secret, Map.of())
                  .json()
                  .path("expires_in")
                  .asLong())
          .isBetween(3599L, 3600L); // clamped at issue; a second may pass before the response
    } finally {
      page.context().close();
    }
  }

  /**
   * Settings (with an API client above a lowered ceiling) and the till forms on a small phone and a
   * phone: no sideways scroll, the page's own checks beside their fields before any request.
   */
  @ParameterizedTest(name = "{0} px")
  @ValueSource(ints = {360, 375})
  void settingsAndTillFormsOnAPhone(int width, Http http, AdminApi admin) {
    String api = "/admin/realms/" + REALM;
    OrganisationFixtures.expect(
        admin.put(api + "/organisation-settings", Map.of("tokenLifespanCeiling", "2h")), 200);
    Http.Result client =
        admin.post(
            api + "/api-clients",
            Map.of(
                "name", "Phone clamp " + width + " " + UUID.randomUUID().toString().substring(0, 6),
                "tokenExpiry", "2h",
                "defaultTill", "store.server",
                "accessGroup", "POS"));
    assertThat(client.status()).as(client.body()).isEqualTo(201);
    OrganisationFixtures.expect(
        admin.put(api + "/organisation-settings", Map.of("tokenLifespanCeiling", "60m")), 200);
    Page page = chromium.newPage(width, 812);
    page.setDefaultTimeout(TIMEOUT);
    List<String> refusals = AdminPageChecks.policyRefusals(page);
    try {
      page.navigate(
          http.url("/realms/master/till-admin/?realm=" + REALM + "#/settings").toString());
      page.fill("#username", KeycloakServer.ADMIN_USERNAME);
      page.fill("#password", KeycloakServer.ADMIN_PASSWORD);
      page.click("#kc-login");
      page.locator("#view-settings").waitFor();
      page.locator("#o-clamped-box").waitFor();
      AdminPageChecks.patternFlyApplied(page, "#o-ceiling-save");
      AdminPageChecks.noHorizontalScroll(page, "settings with clamped API clients");
      List<String> writes = AdminPageChecks.writes(page);
      page.fill("#o-ceiling-amount", "0");
      assertThat(waitForText(page.locator("#o-ceiling-msg")))
          .isEqualTo(
              "The new maximum is a whole number of minutes, hours or days, at least 1 minute.");
      assertThat(page.isDisabled("#o-ceiling-save")).isTrue();
      AdminPageChecks.noHorizontalScroll(page, "settings, refused");

      page.click("#nav-toggle");
      page.click("#nav a[href='#/stores']");
      page.locator("#view-stores").waitFor();
      page.locator("#o-till-rows tr[data-till='store.server']").waitFor();
      AdminPageChecks.noHorizontalScroll(page, "stores and tills");
      page.fill("#o-till-code", "ab");
      page.fill("#o-till-store", "store 001");
      page.click("#o-add-till");
      assertThat(waitForText(page.locator("#o-till-code-msg")))
          .startsWith("A till code is 3 to 64");
      assertThat(page.locator("#o-till-store-msg").innerText())
          .startsWith("A store code is 1 to 64");
      assertThat(page.locator("#o-till-secret-msg").innerText())
          .isEqualTo("Type the till's password.");
      AdminPageChecks.besideItsControl(page, "#o-till-code-msg", "#o-till-code");
      AdminPageChecks.besideItsControl(page, "#o-till-store-msg", "#o-till-store");
      AdminPageChecks.noHorizontalScroll(page, "add till, refused");
      page.locator("#o-till-rows tr[data-till='store.server'] button.reset").click();
      page.locator("#o-reset").waitFor();
      page.selectOption("#o-reset-kind", "md5Digest");
      page.fill("#o-reset-secret", "not a digest");
      page.click("#o-reset-save");
      assertThat(waitForText(page.locator("#o-reset-msg"))).startsWith("An MD5 digest is 32");
      AdminPageChecks.noHorizontalScroll(page, "reset password, refused");
      assertThat(writes).isEmpty();
      AdminPageChecks.noApiFieldNames(page);
      assertThat(refusals).isEmpty();
    } finally {
      page.context().close();
      admin.delete(api + "/api-clients/" + client.json().path("id").asText());
    }
  }

  private static String waitForText(Locator locator) {
    locator.page().waitForCondition(() -> !locator.innerText().isBlank());
    return locator.innerText().trim();
  }

  /** Runs the action, dismisses the confirmation it asks, and returns its question. */
  private static String dismissed(Page page, Runnable action) {
    return answer(page, action, false);
  }

  /** Runs the action, accepts the confirmation it asks, and returns its question. */
  private static String accepted(Page page, Runnable action) {
    return answer(page, action, true);
  }

  private static String answer(Page page, Runnable action, boolean accept) {
    AtomicReference<String> asked = new AtomicReference<>();
    page.onceDialog(
        dialog -> {
          asked.set(dialog.message());
          if (accept) {
            dialog.accept();
          } else {
            dialog.dismiss();
          }
        });
    action.run();
    page.waitForCondition(() -> asked.get() != null);
    return asked.get();
  }

  private static void waitForText(Locator locator, String part) {
    locator.page().waitForCondition(() -> locator.innerText().contains(part));
  }
}
