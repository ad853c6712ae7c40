package org.tillauth.keycloak.apiclient;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.WaitForSelectorState;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tillauth.keycloak.testing.AdminApi;
import org.tillauth.keycloak.testing.AdminPageChecks;
import org.tillauth.keycloak.testing.HeadlessChromium;
import org.tillauth.keycloak.testing.Http;
import org.tillauth.keycloak.testing.Jwt;
import org.tillauth.keycloak.testing.KeycloakIT;
import org.tillauth.keycloak.testing.KeycloakServer;

/**
 * The administration page in a real headless Chromium: an administrator signs in with Keycloak,
 * registers an API client in one form, sees key and secret once, and afterwards the secret is
 * nowhere to be found while it keeps working; regenerate and delete from the list. The form checks
 * what it can before sending (required fields, the expiry against the ceiling) and shows every
 * message beside its field in plain words. Every screen at 360, 375 and 1400 px without sideways
 * scroll, on PatternFly. Screenshots land in target/screenshots/, and in docs/ with {@code
 * -Dscreenshots.docs=true}.
 */
@KeycloakIT
class ApiClientPageBrowserIT {

  private static final String REALM = "demo-org";
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

  @Test
  void registerOnceSeeTheSecretOnceUseItRegenerateAndDelete(
      Http http, AdminApi admin, KeycloakServer server) {
    String name = "Loyalty sync " + UUID.randomUUID().toString().substring(0, 6);
    Page page = chromium.newPage(1400, 900);
    page.setDefaultTimeout(TIMEOUT);
    List<String> refusals = AdminPageChecks.policyRefusals(page);
    page.context()
        .grantPermissions(
            List.of("clipboard-read", "clipboard-write"),
            new com.microsoft.playwright.BrowserContext.GrantPermissionsOptions()
                .setOrigin(http.baseUrl().toString()));
    try {
      // Reachable from the console: the page's sign-in client carries the page as Home URL.
      JsonNode pageClient =
          admin.getJson("/admin/realms/master/clients?clientId=till-admin").get(0);
      assertThat(pageClient.path("baseUrl").asText()).isEqualTo("/realms/master/till-admin/");
      assertThat(pageClient.path("publicClient").asBoolean()).isTrue();

      // Sign in with Keycloak (master administrator) and pick the organisation by URL.
      page.navigate(http.url("/realms/master/till-admin/?realm=" + REALM).toString());
      page.fill("#username", KeycloakServer.ADMIN_USERNAME);
      page.fill("#password", KeycloakServer.ADMIN_PASSWORD);
      page.click("#kc-login");
      page.locator("#view-list").waitFor();
      assertThat(page.locator("#who-realm").innerText()).isEqualTo(REALM);
      assertThat(page.locator("#limit-hint").innerText()).contains("of 15 API clients");

      // Keycloak's look: PatternFly from this Keycloak, applied, nothing refused by the policy.
      AdminPageChecks.patternFlyApplied(page, "#new-client");

      // The form: Validate, the access group drop-down, the 60-minute ceiling shown.
      List<String> writes = AdminPageChecks.writes(page);
      page.click("#new-client");
      page.locator("#view-form").waitFor();
      assertThat(page.locator("#expiry-hint").innerText())
          .isEqualTo("At most 60 minutes (the organisation's limit).");
      assertThat(page.locator("#f-group option").allInnerTexts()).contains("POS", "Admin");
      // Next with nothing typed: each required field says so beside itself; nothing is sent.
      page.fill("#f-expiry", "");
      page.click("#next");
      assertThat(waitForText(page.locator("#f-name-msg")))
          .isEqualTo("Type a name for the API client.");
      assertThat(page.locator("#f-expiry-msg").innerText())
          .isEqualTo("Type the token expiry: a whole number of minutes, hours or days.");
      assertThat(page.locator("#till-result").innerText()).isEqualTo("Type the default till code.");
      assertThat(page.locator("#f-group-msg").innerText()).isEqualTo("Choose an access group.");
      assertThat(page.locator("#f-name-msg").getAttribute("class")).contains("bad");
      assertThat(page.locator("#f-name").getAttribute("aria-invalid")).isEqualTo("true");
      AdminPageChecks.besideItsControl(page, "#f-name-msg", "#f-name");
      AdminPageChecks.besideItsControl(page, "#till-result", "#f-till");
      AdminPageChecks.besideItsControl(page, "#f-group-msg", "#f-group");
      assertThat(writes).isEmpty();
      page.fill("#f-name", name);
      assertThat(page.locator("#f-name-msg").isVisible()).as("typing clears it").isFalse();
      page.fill("#f-description", "Nightly points sync from the CRM");
      page.fill("#f-expiry", "45");
      page.fill("#f-till", "nope");
      page.click("#validate-till");
      assertThat(waitForText(page.locator("#till-result")))
          .isEqualTo("Default till code \"nope\" is not an enabled till of realm demo-org");
      page.fill("#f-till", "store.server");
      page.click("#validate-till");
      page.locator("#till-result.ok").waitFor();
      assertThat(page.locator("#till-result").innerText()).contains("store-001");
      page.check("#f-fallback");
      page.selectOption("#f-group", "POS");
      // Above the ceiling: the hint under the field turns into the error and Next cannot be
      // pressed, before any request.
      page.fill("#f-expiry", "2");
      page.selectOption("#f-expiry-unit", "h");
      page.locator("#expiry-hint.bad").waitFor();
      assertThat(page.locator("#expiry-hint").innerText())
          .isEqualTo("Longer than the organisation's limit: a token expiry is at most 60 minutes.");
      AdminPageChecks.besideItsControl(page, "#expiry-hint", "#f-expiry");
      assertThat(page.isDisabled("#next")).isTrue();
      assertThat(writes).isEmpty();
      page.fill("#f-expiry", "45");
      page.selectOption("#f-expiry-unit", "m");
      assertThat(page.locator("#expiry-hint").innerText())
          .isEqualTo("At most 60 minutes (the organisation's limit).");
      assertThat(page.isDisabled("#next")).isFalse();
      // A refusal only the server can make, beside its field; the next action cleared the green
      // line of Validate, so no old success stays under a new error.
      page.fill("#f-name", "demo api integration");
      page.click("#next");
      assertThat(waitForText(page.locator("#f-name-msg")))
          .isEqualTo("An API client named \"demo api integration\" already exists");
      assertThat(page.locator("#till-result").innerText()).isEmpty();
      assertThat(page.locator("#f-form-msg").innerText()).isEmpty();
      AdminPageChecks.noApiFieldNames(page);
      page.fill("#f-name", name);
      page.click("#validate-till");
      page.locator("#till-result.ok").waitFor();
      AdminPageChecks.screenshot(page, "api-client-registration-form");

      // Next: key and secret, once, with copy buttons and the warning.
      page.click("#next");
      page.locator("#view-secret").waitFor();
      String key = page.inputValue("#out-key");
      String secret = page.inputValue("#out-secret");
      assertThat(key).matches("[a-z0-9]{20}");
      assertThat(secret).hasSize(43);
      assertThat(page.locator("#secret-warning").innerText())
          .contains("you cannot access the client secret again");
      page.click("button.copy[data-copy=out-secret]");
      assertThat(waitForText(page.locator("#copied"))).contains("Client secret copied");
      assertThat(page.evaluate("navigator.clipboard.readText()")).isEqualTo(secret);
      AdminPageChecks.screenshot(page, "api-client-registration-secret");

      // Done: the secret leaves the page; the list shows the client.
      page.click("#done");
      page.locator("#view-list").waitFor();
      Locator row = page.locator("tr[data-client-key='" + key + "']");
      row.waitFor();
      assertThat(row.innerText()).contains(name, "45m", "store.server", "POS");
      assertThat(page.content()).doesNotContain(secret);
      page.reload();
      page.locator("#view-list").waitFor();
      assertThat(page.content()).doesNotContain(secret);

      // Visible nowhere else: console's Credentials tab, client-secret endpoint, export, log.
      String uuid = admin.clientUuid(REALM, key);
      Page console = page.context().newPage();
      console.setDefaultTimeout(TIMEOUT);
      console.navigate(
          http.url("/admin/master/console/#/" + REALM + "/clients/" + uuid + "/credentials")
              .toString());
      console.getByText("Client Id and Secret (hashed)").first().waitFor();
      assertThat(console.content()).doesNotContain(secret);
      console.close();
      assertThat(admin.get("/admin/realms/" + REALM + "/clients/" + uuid).body())
          .doesNotContain(secret);
      assertThat(admin.get("/admin/realms/" + REALM + "/clients/" + uuid + "/client-secret").body())
          .doesNotContain(secret);
      Http.Result export =
          admin.post("/admin/realms/" + REALM + "/partial-export?exportClients=true", "");
      assertThat(export.status()).isEqualTo(200);
      assertThat(export.body()).contains(key).doesNotContain(secret);

      // The secret works with the registered attribution, access group and lifespan.
      Http.Result token =
          http.clientCredentials(
              REALM, key, secret, Map.of("X-CAP-API-ATTRIBUTION-ENTITY-CODE", "till-002"));
      Map<String, Object> claims = Jwt.claims(token.accessToken());
      assertThat(claims)
          .containsEntry("till_code", "till-002")
          .containsEntry("access_group", "POS");
      assertThat(claims.get("till_attribution")).isEqualTo("header");
      assertThat(token.json().path("expires_in").asLong()).isBetween(2699L, 2700L);
      assertThat(
              Jwt.claims(
                      http.clientCredentials(
                              REALM,
                              key,
                              secret,
                              Map.of("X-CAP-API-ATTRIBUTION-ENTITY-CODE", "nope"))
                          .accessToken())
                  .get("till_attribution"))
          .isEqualTo("fallback");

      Http.Result compat =
          http.postJson(
              "/realms/" + REALM + "/v3/oauth/token/generate",
              Http.toJson(Map.of("key", key, "secret", secret)),
              Map.of("X-CAP-API-ATTRIBUTION-ENTITY-CODE", "till-002"));
      assertThat(compat.status()).as(compat.body()).isEqualTo(200);
      assertThat(compat.json().path("data").path("ttlSeconds").asLong()).isEqualTo(2700);
      assertThat(Jwt.claims(compat.json().path("data").path("accessToken").asText()))
          .containsEntry("till_code", "till-002")
          .containsEntry("access_group", "POS");

      // Regenerate from the list: a new secret shown once; the old one stops working.
      row.locator("text=Regenerate secret").click();
      page.locator("#view-regenerate").waitFor();
      page.selectOption("#f-grace", "0");
      // The confirmation names the consequence; dismissed, the secret still works.
      java.util.concurrent.atomic.AtomicReference<String> asked =
          new java.util.concurrent.atomic.AtomicReference<>();
      page.onceDialog(
          dialog -> {
            asked.set(dialog.message());
            dialog.dismiss();
          });
      page.click("#confirm-regenerate");
      page.waitForCondition(() -> asked.get() != null);
      assertThat(asked.get())
          .startsWith("Regenerate the secret of \"" + name + "\"?")
          .contains("The current secret stops working immediately");
      assertThat(page.locator("#view-regenerate").isVisible()).isTrue();
      assertThat(http.clientCredentials(REALM, key, secret, Map.of()).status()).isEqualTo(200);
      page.onceDialog(dialog -> dialog.accept());
      page.click("#confirm-regenerate");
      page.locator("#view-secret").waitFor();
      String renewed = page.inputValue("#out-secret");
      assertThat(renewed).hasSize(43).isNotEqualTo(secret);
      assertThat(page.inputValue("#out-key")).isEqualTo(key);
      // Leaving the shown-once secret through the nav asks first; dismissed, it stays on screen.
      AtomicReference<String> leaving = new AtomicReference<>();
      page.onceDialog(
          dialog -> {
            leaving.set(dialog.message());
            dialog.dismiss();
          });
      page.click("#nav a[href='#/access-groups']");
      page.waitForCondition(() -> leaving.get() != null);
      assertThat(leaving.get()).contains("cannot be shown again");
      assertThat(page.locator("#view-secret").isVisible()).isTrue();
      assertThat(page.inputValue("#out-secret")).isEqualTo(renewed);
      // "New API client" straight from the credentials screen; the secret leaves the page.
      page.click("#done-new");
      page.locator("#view-form").waitFor();
      assertThat(page.inputValue("#f-name")).isEmpty();
      assertThat(page.content()).doesNotContain(renewed);
      page.click("#cancel-form");
      page.locator("#view-list").waitFor();
      assertThat(http.clientCredentials(REALM, key, secret, Map.of()).status()).isEqualTo(401);
      assertThat(
              http.postJson(
                      "/realms/" + REALM + "/v3/oauth/token/generate",
                      Http.toJson(Map.of("key", key, "secret", secret)),
                      Map.of())
                  .status())
          .isEqualTo(401);
      assertThat(http.clientCredentials(REALM, key, renewed, Map.of()).status()).isEqualTo(200);

      assertThat(server.readLog()).doesNotContain(secret).doesNotContain(renewed);

      // Delete from the list (confirmation dialog).
      page.onDialog(dialog -> dialog.accept());
      page.locator("tr[data-client-key='" + key + "']").locator("text=Delete").click();
      page.locator("tr[data-client-key='" + key + "']")
          .waitFor(new Locator.WaitForOptions().setState(WaitForSelectorState.DETACHED));
      assertThat(http.clientCredentials(REALM, key, renewed, Map.of()).status()).isEqualTo(401);
      waitForText(page.locator("#list-msg"));
      assertThat(page.locator("#list-msg").innerText()).contains("deleted");
      assertThat(refusals).isEmpty();
    } finally {
      page.context().close();
    }
  }

  @Test
  void modifyAnApiClientOnThePageWithoutSeeingItsSecret(Http http, AdminApi admin) {
    String name = "Modify me " + UUID.randomUUID().toString().substring(0, 6);
    Http.Result created =
        admin.post(
            "/admin/realms/" + REALM + "/api-clients",
            Map.of(
                "name", name,
                "description", "Before",
                "tokenExpiry", "30m",
                "defaultTill", "store.server",
                "useDefaultTillForInvalidTill", false,
                "accessGroup", "POS"));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    String id = created.json().path("id").asText();
    String key = created.json().path("clientKey").asText();
    String secret = created.json().path("clientSecret").asText();
    Page page = signedIn(http, 1400, 900);
    try {
      List<String> writes = AdminPageChecks.writes(page);
      Locator row = page.locator("tr[data-client-key='" + key + "']");
      row.locator("button.modify").click();
      page.locator("#view-form").waitFor();
      assertThat(page.locator("#form-title").innerText()).isEqualTo("Modify API client");
      assertThat(page.inputValue("#f-name")).isEqualTo(name);
      assertThat(page.inputValue("#f-description")).isEqualTo("Before");
      assertThat(page.inputValue("#f-expiry")).isEqualTo("30");
      assertThat(page.inputValue("#f-expiry-unit")).isEqualTo("m");
      assertThat(page.inputValue("#f-till")).isEqualTo("store.server");
      assertThat(page.isChecked("#f-fallback")).isFalse();
      assertThat(page.inputValue("#f-group")).isEqualTo("POS");
      page.click("#validate-till");
      page.locator("#till-result.ok").waitFor();

      // Refused before the round trip: expiry above the ceiling, said beside the field, Save
      // blocked, nothing sent and nothing saved.
      page.fill("#f-expiry", "2");
      page.selectOption("#f-expiry-unit", "h");
      page.locator("#expiry-hint.bad").waitFor();
      assertThat(page.locator("#expiry-hint").innerText()).contains("at most 60 minutes");
      assertThat(page.isDisabled("#next")).isTrue();
      assertThat(page.locator("#next").innerText()).isEqualTo("Save");
      assertThat(writes).isEmpty();
      JsonNode unchanged = admin.getJson("/admin/realms/" + REALM + "/api-clients/" + id);
      assertThat(unchanged.path("tokenExpiry").asText()).isEqualTo("30m");
      AdminPageChecks.screenshot(page, "admin-api-client-modify");

      // Saved: expiry, description and fallback.
      page.fill("#f-expiry", "45");
      page.selectOption("#f-expiry-unit", "m");
      page.fill("#f-description", "After");
      page.check("#f-fallback");
      page.click("#next");
      page.locator("#view-list").waitFor();
      assertThat(waitForText(page.locator("#list-msg"))).contains("saved");
      assertThat(writes).hasSize(1);
      JsonNode saved = admin.getJson("/admin/realms/" + REALM + "/api-clients/" + id);
      assertThat(saved.path("tokenExpiry").asText()).isEqualTo("45m");
      assertThat(saved.path("description").asText()).isEqualTo("After");
      assertThat(saved.path("useDefaultTillForInvalidTill").asBoolean()).isTrue();
      assertThat(saved.path("accessGroup").asText()).isEqualTo("POS");

      // Reloaded: the list and the form show the new values; the secret is nowhere.
      page.reload();
      page.locator("#view-list").waitFor();
      row.waitFor();
      assertThat(row.innerText()).contains(name, "45m");
      row.locator("button.modify").click();
      page.locator("#view-form").waitFor();
      assertThat(page.inputValue("#f-expiry")).isEqualTo("45");
      assertThat(page.inputValue("#f-description")).isEqualTo("After");
      assertThat(page.isChecked("#f-fallback")).isTrue();
      assertThat(page.content()).doesNotContain(secret);
      assertThat(http.clientCredentials(REALM, key, secret, Map.of()).status()).isEqualTo(200);
    } finally {
      page.context().close();
      admin.delete("/admin/realms/" + REALM + "/api-clients/" + id);
    }
  }

  @Test
  void backForwardAndReloadLandOnWorkingScreens(Http http) {
    Page page = signedIn(http, 1400, 900);
    try {
      page.click("#nav a[href='#/settings']");
      page.locator("#view-settings").waitFor();
      // Back once: the previous screen of the page.
      page.goBack();
      page.locator("#view-list").waitFor();
      assertWorking(page, "#view-list");
      // Back again: Keycloak's sign-in request, answered at once for a state the page has spent.
      // The page signs in again on its own, back in the organisation.
      page.goBack();
      assertWorking(page, "#view-list");
      page.reload();
      assertWorking(page, "#view-list");
      page.click("#nav a[href='#/settings']");
      assertWorking(page, "#view-settings");
      page.reload();
      assertWorking(page, "#view-settings");
      page.goBack();
      assertWorking(page, "#view-list");
      page.goForward();
      assertWorking(page, "#view-settings");
      // An old sign-in answer opened directly (a bookmark, another tab): a fresh sign-in as well,
      // back on the screen the administrator was last on, in the same organisation.
      page.navigate(http.url("/realms/master/till-admin/?code=spent&state=old").toString());
      assertWorking(page, "#view-settings");
    } finally {
      page.context().close();
    }
  }

  /** The screen shows, signed in to the organisation, with no error and no code in the address. */
  private static void assertWorking(Page page, String view) {
    page.locator("#who-realm:text-is('" + REALM + "')").waitFor();
    page.locator(view).waitFor();
    assertThat(page.locator("#error").isHidden()).as(page.locator("#error").innerText()).isTrue();
    assertThat(page.url()).doesNotContain("code=").doesNotContain("state=");
  }

  /**
   * Every screen of API clients and access groups at a small phone (360), a phone (375) and a desk
   * (1400): no sideways scroll, PatternFly applied, the sidebar behind the Menu button below 1200
   * px, and the page's own checks beside their fields before any request.
   */
  @ParameterizedTest(name = "{0} px")
  @ValueSource(ints = {360, 375, 1400})
  void everyScreenFitsTheWidthWithItsMessagesBesideTheFields(int width, Http http, AdminApi admin) {
    boolean narrow = width < 1200;
    String name = "Fits " + width + " " + UUID.randomUUID().toString().substring(0, 6);
    Page page = chromium.newPage(width, narrow ? 812 : 900);
    page.setDefaultTimeout(TIMEOUT);
    List<String> refusals = AdminPageChecks.policyRefusals(page);
    String id = null;
    try {
      // The landing of a master administrator: the organisations to choose from.
      page.navigate(http.url("/realms/master/till-admin/").toString());
      page.fill("#username", KeycloakServer.ADMIN_USERNAME);
      page.fill("#password", KeycloakServer.ADMIN_PASSWORD);
      page.click("#kc-login");
      page.locator("#view-platform").waitFor();
      page.locator("#p-rows tr a.administer").first().waitFor();
      AdminPageChecks.noHorizontalScroll(page, "choose an organisation");

      // API clients (signed in already: Keycloak's session answers at once).
      page.navigate(http.url("/realms/master/till-admin/?realm=" + REALM).toString());
      page.locator("#client-rows tr").first().waitFor();
      assertThat(page.locator("#nav").isVisible()).isEqualTo(!narrow);
      assertThat(page.locator("#nav-toggle").isVisible()).isEqualTo(narrow);
      AdminPageChecks.patternFlyApplied(page, "#new-client");
      AdminPageChecks.noHorizontalScroll(page, "API clients");

      // Register: the page's own checks beside their fields, before any request.
      List<String> writes = AdminPageChecks.writes(page);
      page.click("#new-client");
      page.locator("#view-form").waitFor();
      page.fill("#f-expiry", "31");
      page.selectOption("#f-expiry-unit", "d");
      page.locator("#expiry-hint.bad").waitFor();
      assertThat(page.isDisabled("#next")).isTrue();
      page.fill("#f-expiry", "30");
      page.selectOption("#f-expiry-unit", "m");
      page.click("#next");
      assertThat(waitForText(page.locator("#f-name-msg")))
          .isEqualTo("Type a name for the API client.");
      assertThat(page.locator("#till-result").innerText()).isEqualTo("Type the default till code.");
      assertThat(page.locator("#f-group-msg").innerText()).isEqualTo("Choose an access group.");
      AdminPageChecks.besideItsControl(page, "#f-name-msg", "#f-name");
      AdminPageChecks.besideItsControl(page, "#till-result", "#f-till");
      assertThat(writes).isEmpty();
      AdminPageChecks.noHorizontalScroll(page, "register API client, refused");
      AdminPageChecks.noApiFieldNames(page);
      page.fill("#f-name", name);
      page.fill("#f-till", "store.server");
      page.selectOption("#f-group", "POS");
      page.click("#next");
      page.locator("#view-secret").waitFor();
      AdminPageChecks.noHorizontalScroll(page, "API credentials");
      String key = page.inputValue("#out-key");
      id = admin.clientUuid(REALM, key);
      page.click("#done");
      page.locator("#view-list").waitFor();
      Locator row = page.locator("tr[data-client-key='" + key + "']");
      row.waitFor();
      AdminPageChecks.noHorizontalScroll(page, "API clients with the new one");
      if (!narrow) {
        AdminPageChecks.screenshot(page, "admin-api-clients");
      }

      // Modify and regenerate.
      row.locator("button.modify").click();
      page.locator("#view-form").waitFor();
      assertThat(page.inputValue("#f-name")).isEqualTo(name);
      AdminPageChecks.noHorizontalScroll(page, "modify API client");
      page.click("#cancel-form");
      page.locator("#view-list").waitFor();
      row.locator("button.regenerate").click();
      page.locator("#view-regenerate").waitFor();
      AdminPageChecks.noHorizontalScroll(page, "regenerate secret");
      page.click("#cancel-regenerate");
      page.locator("#view-list").waitFor();

      // Access groups, through the menu below 1200 px, which closes again on navigation.
      if (narrow) {
        page.click("#nav-toggle");
        page.locator("#nav").waitFor();
        AdminPageChecks.noHorizontalScroll(page, "menu open");
      }
      page.click("#nav a[href='#/access-groups']");
      page.locator("#view-access-groups").waitFor();
      page.locator("#ag-rows tr").first().waitFor();
      if (narrow) { // the menu slides away (PatternFly's transition)
        page.locator("#nav")
            .waitFor(new Locator.WaitForOptions().setState(WaitForSelectorState.HIDDEN));
      }
      assertThat(page.locator("#nav").isVisible()).isEqualTo(!narrow);
      AdminPageChecks.noHorizontalScroll(page, "access groups");
      page.click("#ag-new");
      page.locator("#view-access-group-form").waitFor();
      page.locator("#ag-matrix tr").first().waitFor();
      AdminPageChecks.noHorizontalScroll(page, "create access group");
      int sent = writes.size();
      page.fill("#ag-name", "POS/2");
      page.click("#ag-save");
      assertThat(waitForText(page.locator("#ag-name-msg"))).startsWith("A name is 1 to 64");
      assertThat(writes).hasSize(sent);
      AdminPageChecks.noHorizontalScroll(page, "create access group, refused");
      AdminPageChecks.noApiFieldNames(page);
      assertThat(refusals).isEmpty();
    } finally {
      page.context().close();
      if (id != null) {
        admin.delete("/admin/realms/" + REALM + "/api-clients/" + id);
      }
    }
  }

  static Page signedIn(Http http, int width, int height) {
    Page page = chromium.newPage(width, height);
    page.setDefaultTimeout(TIMEOUT);
    page.navigate(http.url("/realms/master/till-admin/?realm=" + REALM).toString());
    page.fill("#username", KeycloakServer.ADMIN_USERNAME);
    page.fill("#password", KeycloakServer.ADMIN_PASSWORD);
    page.click("#kc-login");
    page.locator("#view-list").waitFor();
    return page;
  }

  private static String waitForText(Locator locator) {
    locator.page().waitForCondition(() -> !locator.innerText().isBlank());
    return locator.innerText().trim();
  }
}
