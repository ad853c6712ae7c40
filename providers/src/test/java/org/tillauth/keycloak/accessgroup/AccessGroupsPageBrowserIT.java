package org.tillauth.keycloak.accessgroup;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tillauth.keycloak.testing.AdminApi;
import org.tillauth.keycloak.testing.AdminPageChecks;
import org.tillauth.keycloak.testing.HeadlessChromium;
import org.tillauth.keycloak.testing.Http;
import org.tillauth.keycloak.testing.Jwt;
import org.tillauth.keycloak.testing.KeycloakIT;
import org.tillauth.keycloak.testing.KeycloakServer;
import org.tillauth.keycloak.testing.RealmFixtures;
import org.tillauth.keycloak.testing.VersionIndependent;

/**
 * The administration page's Access groups screen in a real headless Chromium: the list with
 * built-in, usage and hand-edited problems; a group created with a permission matrix, chosen for an
 * API client registered on the page, and its permissions in that client's token; an edit on the
 * page shows in the next token; an invalid edit through the REST API is refused with 400.
 * Screenshots land in target/screenshots/, and in docs/ with {@code -Dscreenshots.docs=true}.
 */
@KeycloakIT
@VersionIndependent
class AccessGroupsPageBrowserIT {

  private static final String REALM = "demo-org";
  private static final String API = "/admin/realms/" + REALM + "/access-groups";
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
  void createAGroupWithAMatrixUseItInATokenAndRefuseAnInvalidEdit(Http http, AdminApi admin) {
    RealmFixtures fixtures = new RealmFixtures(admin, REALM, "agpage");
    String name = "Loyalty sync " + UUID.randomUUID().toString().substring(0, 6);
    String clientName = "Points sync " + UUID.randomUUID().toString().substring(0, 6);
    String sloppy = "Legacy CRM " + UUID.randomUUID().toString().substring(0, 6);
    fixtures.childGroup(
        "/access-groups",
        sloppy,
        Map.of(
            "data.loyalty", List.of("full"),
            "data.points", List.of("read"),
            "description", List.of("Edited by hand in the admin console")));
    Page page = chromium.newPage(1400, 900);
    page.setDefaultTimeout(TIMEOUT);
    String clientId = null;
    try {
      // Sign in with Keycloak (master administrator) straight onto the screen.
      page.navigate(
          http.url("/realms/master/till-admin/?realm=" + REALM + "#/access-groups").toString());
      page.fill("#username", KeycloakServer.ADMIN_USERNAME);
      page.fill("#password", KeycloakServer.ADMIN_PASSWORD);
      page.click("#kc-login");
      page.locator("#view-access-groups").waitFor();
      assertThat(page.locator("#nav a.active").innerText()).isEqualTo("Access groups");

      // Built-ins: badge, read-only, in use; the hand-edited group: its offending entry flagged.
      Locator pos = row(page, "POS");
      assertThat(pos.locator(".badge.builtin").innerText()).isEqualTo("Built-in");
      assertThat(pos.locator(".ag-usage").innerText()).contains("Demo API integration");
      assertThat(pos.locator(".ag-usage span").first().getAttribute("title"))
          .isEqualTo("Client key demo-integration");
      assertThat(pos.locator("button.ag-delete").isDisabled()).isTrue();
      assertThat(pos.locator("button.ag-toggle").isDisabled()).isTrue();
      assertThat(pos.locator(".reason").innerText())
          .isEqualTo("Built-in access groups cannot be changed.");
      assertThat(row(page, "Instore").locator(".badge.builtin").isVisible()).isTrue();
      Locator flagged = row(page, sloppy);
      assertThat(flagged.locator(".problems").innerText())
          .contains("attribute data.loyalty: unknown resource 'loyalty' ignored");
      assertThat(flagged.locator(".ag-summary").innerText())
          .isEqualTo("Data API: 1 of 22\nConfig API: nothing");

      // Built-in groups open read-only.
      pos.locator("button.ag-edit").click();
      page.locator("#view-access-group-form").waitFor();
      assertThat(page.locator("#ag-readonly").isVisible()).isTrue();
      assertThat(page.locator("#ag-save").isVisible()).isFalse();
      assertThat(page.locator("#ag-shortcuts").isVisible()).as("no shortcuts read-only").isFalse();
      assertThat(page.locator("select[data-api=data][data-resource=customer]").inputValue())
          .isEqualTo("write");
      assertThat(page.locator("select[data-api=data][data-resource=customer]").isDisabled())
          .isTrue();
      page.click("#ag-cancel");
      page.locator("#view-access-groups").waitFor();

      // Create with a permission matrix; the page's own check and the server's refusal first.
      page.click("#ag-new");
      page.locator("#view-access-group-form").waitFor();
      assertThat(page.locator("#ag-matrix tr").count()).isEqualTo(22);
      assertThat(page.locator("#ag-matrix-head th").allInnerTexts())
          .containsExactly("Resource", "Data API", "Config API");
      assertThat(
              page.locator("select[data-api=config][data-resource=points] option").allInnerTexts())
          .containsExactly("None", "Read", "Write");
      // Both beside the name: the page's own check (nothing sent), then the server's refusal.
      List<String> writes = AdminPageChecks.writes(page);
      page.fill("#ag-name", "POS/2");
      page.click("#ag-save");
      assertThat(waitForText(page.locator("#ag-name-msg")))
          .isEqualTo(
              "A name is 1 to 64 letters, digits, spaces, dots, hyphens or underscores, starting"
                  + " with a letter or digit.");
      AdminPageChecks.besideItsControl(page, "#ag-name-msg", "#ag-name");
      assertThat(writes).isEmpty();
      page.fill("#ag-name", "pos");
      page.click("#ag-save");
      page.waitForCondition(
          () -> page.locator("#ag-name-msg").innerText().contains("already exists"));
      assertThat(page.locator("#ag-name-msg").innerText())
          .isEqualTo("An access group named \"POS\" already exists");
      assertThat(page.locator("#error").isHidden()).isTrue();
      AdminPageChecks.noApiFieldNames(page);
      page.fill("#ag-name", name);
      assertThat(page.locator("#ag-name-msg").isVisible()).as("cleared on input").isFalse();
      page.fill("#ag-description", "Nightly points sync from the CRM");
      // The shortcuts set all 44 cells at once; each cell can still be changed after.
      page.click("#ag-all-read");
      assertThat(matrixValues(page)).hasSize(44).containsOnly("read");
      page.click("#ag-all-write");
      assertThat(matrixValues(page)).hasSize(44).containsOnly("write");
      page.click("#ag-clear");
      assertThat(matrixValues(page)).hasSize(44).containsOnly("none");
      page.selectOption("select[data-api=data][data-resource=customer]", "read");
      page.selectOption("select[data-api=data][data-resource=points]", "write");
      page.selectOption("select[data-api=data][data-resource=transaction]", "read");
      page.selectOption("select[data-api=config][data-resource=points]", "read");
      AdminPageChecks.screenshot(page, "admin-access-group-edit");
      page.click("#ag-save");
      page.locator("#view-access-groups").waitFor();
      Locator created = row(page, name);
      assertThat(created.locator(".ag-summary").innerText())
          .isEqualTo("Data API: 3 of 22\nConfig API: 1 of 22");
      assertThat(created.locator(".badge.active").innerText()).isEqualTo("Active");
      assertThat(created.locator("button.ag-delete").isDisabled()).isFalse();

      // Register an API client with it on the page; its token carries the matrix.
      page.click("#nav a[href='#/api-clients']");
      page.locator("#view-list").waitFor();
      page.click("#new-client");
      page.locator("#view-form").waitFor();
      assertThat(page.locator("#f-group option").allInnerTexts()).contains(name, "POS");
      page.fill("#f-name", clientName);
      page.fill("#f-expiry", "30");
      page.fill("#f-till", "store.server");
      page.selectOption("#f-group", name);
      page.click("#next");
      page.locator("#view-secret").waitFor();
      String key = page.inputValue("#out-key");
      String secret = page.inputValue("#out-secret");
      clientId = admin.clientUuid(REALM, key);
      page.click("#done");
      page.locator("#view-list").waitFor();
      Map<String, Object> claims =
          Jwt.claims(http.clientCredentials(REALM, key, secret, Map.of()).accessToken());
      assertThat(claims.get("access_group")).isEqualTo(name);
      assertThat(claims.get("access_group_permissions"))
          .isEqualTo(
              List.of(
                  "config:points:read",
                  "data:customer:read",
                  "data:points:write",
                  "data:transaction:read"));

      // Now in use: named in the list, delete and deactivate disabled with the reason.
      page.click("#nav a[href='#/access-groups']");
      page.locator("#view-access-groups").waitFor();
      Locator used = row(page, name);
      assertThat(used.locator(".ag-usage").innerText()).isEqualTo(clientName);
      assertThat(used.locator("button.ag-delete").isDisabled()).isTrue();
      assertThat(used.locator("button.ag-toggle").isDisabled()).isTrue();
      assertThat(used.locator(".reason").innerText())
          .isEqualTo("In use by API clients: give them another access group first.");
      AdminPageChecks.screenshot(page, "admin-access-groups");

      // An invalid edit through the REST API: 400, nothing saved.
      Http.Result invalid =
          admin.put(
              API + "/" + encode(name),
              Map.of(
                  "description",
                  "sneaky",
                  "permissions",
                  Map.of("data", Map.of("loyalty", "full"))));
      assertThat(invalid.status()).isEqualTo(400);
      assertThat(invalid.json().path("error_description").asText())
          .isEqualTo(
              "Unknown resource 'loyalty' in permissions.data (the resources are listed by GET"
                  + " /access-groups/resources)");
      JsonNode unchanged = admin.getJson(API + "/" + encode(name));
      assertThat(unchanged.path("description").asText())
          .isEqualTo("Nightly points sync from the CRM");

      // Edit on the page: the next token shows it.
      used.locator("button.ag-edit").click();
      page.locator("#view-access-group-form").waitFor();
      assertThat(page.locator("#ag-name").isDisabled()).as("names cannot change").isTrue();
      assertThat(page.locator("select[data-api=data][data-resource=points]").inputValue())
          .isEqualTo("write");
      page.selectOption("select[data-api=data][data-resource=points]", "read");
      page.selectOption("select[data-api=config][data-resource=points]", "none");
      page.click("#ag-save");
      page.locator("#view-access-groups").waitFor();
      assertThat(row(page, name).locator(".ag-summary").innerText())
          .isEqualTo("Data API: 3 of 22\nConfig API: nothing");
      assertThat(
              Jwt.claims(http.clientCredentials(REALM, key, secret, Map.of()).accessToken())
                  .get("access_group_permissions"))
          .isEqualTo(List.of("data:customer:read", "data:points:read", "data:transaction:read"));

      // Unused again: deactivate (no longer offered), activate, delete from the page.
      RealmFixtures.expect(
          admin.delete("/admin/realms/" + REALM + "/api-clients/" + clientId), 204);
      clientId = null;
      page.reload();
      page.locator("#view-access-groups").waitFor();
      row(page, name).locator("button.ag-toggle").click();
      page.waitForCondition(() -> row(page, name).locator(".badge.inactive").count() == 1);
      assertThat(
              admin
                  .getJson("/admin/realms/" + REALM + "/api-clients/access-groups")
                  .findValuesAsText("name"))
          .doesNotContain(name);
      row(page, name).locator("button.ag-toggle").click();
      page.waitForCondition(() -> row(page, name).locator(".badge.active").count() == 1);
      page.onDialog(dialog -> dialog.accept());
      row(page, name).locator("button.ag-delete").click();
      page.waitForCondition(() -> page.locator("tr[data-group='" + name + "']").count() == 0);
      assertThat(waitForText(page.locator("#ag-list-msg")))
          .isEqualTo("Access group \"" + name + "\" deleted.");
      assertThat(admin.get(API + "/" + encode(name)).status()).isEqualTo(404);
    } finally {
      if (clientId != null) {
        admin.delete("/admin/realms/" + REALM + "/api-clients/" + clientId);
      }
      Http.Result left =
          admin.get("/admin/realms/" + REALM + "/group-by-path/access-groups/" + encode(name));
      if (left.status() == 200) {
        admin.delete("/admin/realms/" + REALM + "/groups/" + left.json().path("id").asText());
      }
      fixtures.close();
      page.context().close();
    }
  }

  private static Locator row(Page page, String group) {
    Locator row = page.locator("tr[data-group='" + group + "']");
    row.waitFor();
    return row;
  }

  private static String waitForText(Locator locator) {
    locator.page().waitForCondition(() -> !locator.innerText().isBlank());
    return locator.innerText().trim();
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static List<Object> matrixValues(Page page) {
    @SuppressWarnings("unchecked")
    List<Object> values =
        (List<Object>)
            page.evaluate(
                "Array.from(document.querySelectorAll('#ag-matrix select')).map(s => s.value)");
    return values;
  }
}
