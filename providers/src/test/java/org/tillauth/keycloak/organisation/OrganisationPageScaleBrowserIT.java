package org.tillauth.keycloak.organisation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.FilePayload;
import com.microsoft.playwright.options.WaitForSelectorState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.tillauth.keycloak.testing.AdminApi;
import org.tillauth.keycloak.testing.AdminPageChecks;
import org.tillauth.keycloak.testing.DemoRealm;
import org.tillauth.keycloak.testing.HeadlessChromium;
import org.tillauth.keycloak.testing.Http;
import org.tillauth.keycloak.testing.KeycloakIT;
import org.tillauth.keycloak.testing.KeycloakServer;
import org.tillauth.keycloak.testing.VersionIndependent;

/**
 * The stores and tills screen at more than a page of each, in a real headless Chromium: the demo
 * realm's 2 stores and 2 tills plus 105 stores ({@code branch-001} …, every 25th named "North
 * Mall") and 120 tills ({@code lane-001} … {@code lane-100} in branch-001, the rest in branch-002;
 * lane-005 and lane-006 disabled), made through the import API. Paging and its "n of N" line,
 * search, the store filter with its suggestions, deletes confirmed and dismissed, import with a row
 * report, export, and no horizontal scroll at 360, 375 or 1400 px. Screenshots land in
 * target/screenshots/, and in docs/ with {@code -Dscreenshots.docs=true}.
 */
@KeycloakIT
@VersionIndependent
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OrganisationPageScaleBrowserIT {

  private static final String REALM = "org-page-scale";
  private static final String API = "/admin/realms/" + REALM;
  private static final double TIMEOUT = 90_000;
  private static final int STORES = 105;
  private static final int TILLS = 120;

  private static HeadlessChromium chromium;

  @BeforeAll
  static void setUp(AdminApi admin) {
    chromium = HeadlessChromium.launchOrSkip();
    DemoRealm.createCopy(admin, REALM);
    // Through the import API: one request per list (POST /tills one by one is 0.1-1 s each).
    List<Map<String, String>> stores = new ArrayList<>();
    for (int i = 1; i <= STORES; i++) {
      String name = i % 25 == 0 ? "North Mall " + i : "Harbour " + i;
      stores.add(Map.of("code", String.format("branch-%03d", i), "name", name));
    }
    imported(admin, "stores", stores, STORES);
    List<Map<String, String>> tills = new ArrayList<>();
    for (int i = 1; i <= TILLS; i++) {
      String store = i <= 100 ? "branch-001" : "branch-002";
      tills.add(
          Map.of("code", String.format("lane-%03d", i), "store", store, "password", "p-" + i));
    }
    imported(admin, "tills", tills, TILLS);
    OrganisationFixtures.expect(admin.put(API + "/tills/lane-005", Map.of("enabled", false)), 200);
    OrganisationFixtures.expect(admin.put(API + "/tills/lane-006", Map.of("enabled", false)), 200);
  }

  /** Imports the rows as JSON and waits for the job to end with every row created. */
  private static void imported(
      AdminApi admin, String kind, List<Map<String, String>> rows, int expected) {
    Http.Result started = admin.post(API + "/organisation-import/" + kind, rows);
    assertThat(started.status()).as(started.body()).isIn(200, 202);
    JsonNode job = started.json();
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
    while ("running".equals(job.path("status").asText()) && System.nanoTime() < deadline) {
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      job = admin.getJson(API + "/organisation-import/" + job.path("id").asText());
    }
    assertThat(job.path("status").asText()).as(job.toString()).isEqualTo("done");
    assertThat(job.path("created").asInt()).as(job.toString()).isEqualTo(expected);
  }

  @AfterAll
  static void tearDown(AdminApi admin) {
    OrganisationFixtures.deleteRealm(admin, REALM);
    if (chromium != null) {
      chromium.close();
      chromium = null;
    }
  }

  private static Page signedIn(Http http, int width, int height) {
    Page page = chromium.newPage(width, height);
    page.setDefaultTimeout(TIMEOUT);
    page.navigate(http.url("/realms/master/till-admin/?realm=" + REALM + "#/stores").toString());
    page.fill("#username", KeycloakServer.ADMIN_USERNAME);
    page.fill("#password", KeycloakServer.ADMIN_PASSWORD);
    page.click("#kc-login");
    page.locator("#view-stores").waitFor();
    waitForText(page.locator("#o-store-count"), " stores");
    waitForText(page.locator("#o-till-count"), " tills");
    return page;
  }

  @Test
  @Order(1)
  void listsPageSearchAndFilter(Http http) {
    Page page = signedIn(http, 1400, 900);
    try {
      // The first page of each list, and where it stands in the total.
      assertThat(page.innerText("#o-store-count")).isEqualTo("1–100 of 107 stores");
      assertThat(page.locator("#o-store-rows tr").count()).isEqualTo(100);
      assertThat(page.innerText("#o-till-count")).isEqualTo("1–100 of 122 tills");
      assertThat(page.locator("#o-till-rows tr").count()).isEqualTo(100);
      assertThat(page.isDisabled("#o-stores-prev")).isTrue();

      page.click("#o-stores-next");
      waitForText(page.locator("#o-store-count"), "101–107 of 107 stores");
      assertThat(page.locator("#o-store-rows tr").count()).isEqualTo(7);
      assertThat(page.isDisabled("#o-stores-next")).isTrue();
      page.click("#o-stores-prev");
      waitForText(page.locator("#o-store-count"), "1–100 of 107 stores");

      page.click("#o-tills-next");
      waitForText(page.locator("#o-till-count"), "101–122 of 122 tills");
      assertThat(page.locator("#o-till-rows tr[data-till='lane-120']").count()).isEqualTo(1);

      // Search finds the text anywhere in the code or the name, as it is typed.
      page.locator("#o-store-search").pressSequentially("north");
      waitForText(page.locator("#o-store-count"), "1–4 of 4 stores");
      assertThat(storeCodes(page))
          .containsExactly("branch-025", "branch-050", "branch-075", "branch-100");
      page.fill("#o-store-search", "nothing-like-this");
      page.locator("#o-no-stores").waitFor();
      assertThat(page.innerText("#o-no-stores")).isEqualTo("No store matches “nothing-like-this”.");
      assertThat(page.locator("#o-store-rows tr").count()).isZero();
      assertThat(page.innerText("#o-store-count")).isEmpty();
      page.fill("#o-store-search", "");
      waitForText(page.locator("#o-store-count"), "1–100 of 107 stores");

      page.locator("#o-till-search").pressSequentially("ne-11");
      waitForText(page.locator("#o-till-count"), "1–10 of 10 tills");
      page.fill("#o-till-search", "");
      waitForText(page.locator("#o-till-count"), "1–100 of 122 tills");

      // The store filter: a text field with suggestions from the server.
      page.locator("#o-till-filter").pressSequentially("branch-00");
      page.waitForCondition(() -> page.locator("#o-store-options option").count() == 9);
      assertThat(page.locator("#o-store-options option").first().getAttribute("value"))
          .isEqualTo("branch-001");
      page.fill("#o-till-filter", "branch-002");
      page.press("#o-till-filter", "Enter");
      waitForText(page.locator("#o-till-count"), "1–20 of 20 tills of store branch-002");
      page.fill("#o-till-filter", "nowhere");
      page.press("#o-till-filter", "Enter");
      waitForText(page.locator("#o-filter-msg"), "Store \"nowhere\" does not exist");
      assertThat(page.locator("#o-filter-msg").getAttribute("class")).contains("bad");

      page.fill("#o-till-filter", "");
      page.selectOption("#o-till-status", "false");
      waitForText(page.locator("#o-till-count"), "1–2 of 2 tills");
      assertThat(page.locator("#o-filter-msg").isVisible()).isFalse(); // a new action clears it
      assertThat(tillCodes(page)).containsExactly("lane-005", "lane-006");
      page.selectOption("#o-till-status", "");

      // "Show tills" of a store row.
      page.locator("#o-store-rows tr[data-store='branch-002'] button.show-tills").click();
      waitForText(page.locator("#o-till-count"), "of store branch-002");
      assertThat(page.inputValue("#o-till-filter")).isEqualTo("branch-002");
    } finally {
      page.context().close();
    }
  }

  @Test
  @Order(2)
  void deletesAskFirstAndShowWhyTheyAreRefused(Http http, AdminApi admin) {
    Page page = signedIn(http, 1400, 900);
    try {
      page.fill("#o-till-search", "lane-120");
      waitForText(page.locator("#o-till-count"), "1–1 of 1 till");
      Locator row = page.locator("#o-till-rows tr[data-till='lane-120']");

      // Dismissed: nothing deleted.
      AtomicReference<String> asked = new AtomicReference<>();
      page.onceDialog(
          dialog -> {
            asked.set(dialog.message());
            dialog.dismiss();
          });
      row.locator("button.delete").click();
      page.waitForCondition(() -> asked.get() != null);
      assertThat(asked.get())
          .isEqualTo(
              "Delete till lane-120? Its user and password are removed; its logins stop at once.");
      assertThat(admin.get(API + "/tills/lane-120").status()).isEqualTo(200);
      assertThat(row.count()).isEqualTo(1);

      // Accepted: the till and its user are gone.
      page.onceDialog(dialog -> dialog.accept());
      row.locator("button.delete").click();
      waitForText(page.locator("#o-till-msg"), "Till lane-120 deleted.");
      row.waitFor(new Locator.WaitForOptions().setState(WaitForSelectorState.DETACHED));
      assertThat(admin.get(API + "/tills/lane-120").status()).isEqualTo(404);
      assertThat(OrganisationFixtures.userExists(admin, REALM, "lane-120")).isFalse();

      // A store with tills: the server's refusal beside its row.
      page.fill("#o-store-search", "branch-002");
      waitForText(page.locator("#o-store-count"), "1–1 of 1 store");
      Locator store = page.locator("#o-store-rows tr[data-store='branch-002']");
      asked.set(null);
      page.onceDialog(
          dialog -> {
            asked.set(dialog.message());
            dialog.accept();
          });
      store.locator("button.delete").click();
      waitForText(store.locator(".actions-cell .msg"), "still has 19 till(s)");
      assertThat(asked.get())
          .isEqualTo("Delete store branch-002? Only an empty store can be deleted.");
      assertThat(admin.get(API + "/stores/branch-002").status()).isEqualTo(200);

      // An empty store: dismissed, then accepted.
      page.fill("#o-store-search", "branch-105");
      waitForText(page.locator("#o-store-count"), "1–1 of 1 store");
      Locator empty = page.locator("#o-store-rows tr[data-store='branch-105']");
      page.onceDialog(dialog -> dialog.dismiss());
      empty.locator("button.delete").click();
      assertThat(admin.get(API + "/stores/branch-105").status()).isEqualTo(200);
      page.onceDialog(dialog -> dialog.accept());
      empty.locator("button.delete").click();
      waitForText(page.locator("#o-store-msg"), "Store branch-105 deleted.");
      assertThat(admin.get(API + "/stores/branch-105").status()).isEqualTo(404);
      page.locator("#o-no-stores").waitFor();

      // Move a till by typing its new store: unknown store refused beside the field.
      page.fill("#o-till-search", "lane-119");
      waitForText(page.locator("#o-till-count"), "1–1 of 1 till");
      Locator mover = page.locator("#o-till-rows tr[data-till='lane-119']");
      mover.locator("input.move").fill("nowhere");
      page.onceDialog(dialog -> dialog.accept());
      mover.locator("button.move-button").click();
      waitForText(mover.locator(".move-form .msg"), "Store \"nowhere\" does not exist");
      mover.locator("input.move").fill("branch-003");
      page.onceDialog(dialog -> dialog.accept());
      mover.locator("button.move-button").click();
      waitForText(mover.locator(".actions-cell .msg"), "moved to store branch-003");
      assertThat(mover.locator(".move-form .msg").isVisible()).isFalse();
      assertThat(admin.getJson(API + "/tills/lane-119").path("store").asText())
          .isEqualTo("branch-003");
    } finally {
      page.context().close();
    }
  }

  @Test
  @Order(3)
  void importShowsTheRowReportThenCompletesAndExportDownloadsCsv(Http http, AdminApi admin) {
    Page page = signedIn(http, 1400, 900);
    try {
      // Over the server's 8 MB: refused in the browser, nothing sent.
      List<String> uploads = new ArrayList<>();
      page.onRequest(
          request -> {
            if (request.url().contains("/organisation-import/")
                && "POST".equals(request.method())) {
              uploads.add(request.url());
            }
          });
      page.selectOption("#o-import-kind", "stores");
      byte[] big = new byte[9 * 1024 * 1024];
      Arrays.fill(big, (byte) 'a');
      page.setInputFiles("#o-import-file", new FilePayload("huge.csv", "text/csv", big));
      page.click("#o-import-start");
      waitForText(page.locator("#o-import-msg"), "This file is 9.0 MB; at most 8 MB");
      assertThat(uploads).isEmpty();

      // One bad row: the report lists it by line; nothing is imported.
      page.setInputFiles(
          "#o-import-file",
          csv(
              "stores.csv",
              "code,name\nimp-01,Import One\nbad/code,Bad Code\nimp-03,Import Three\n"));
      page.click("#o-import-start");
      waitForText(page.locator("#o-import-msg"), "nothing was imported");
      page.locator("#o-import-report").waitFor();
      assertThat(page.innerText("#o-import-report-title")).isEqualTo("1 row cannot be imported");
      List<String> cells = page.locator("#o-import-errors tr td").allInnerTexts();
      assertThat(cells.get(0)).isEqualTo("3");
      assertThat(cells.get(1)).isEqualTo("bad/code");
      assertThat(cells.get(2)).contains("Store code must be");
      assertThat(admin.get(API + "/stores/imp-01").status()).isEqualTo(404);
      assertThat(page.locator("#o-import-progress").isVisible()).isFalse();

      // Validate only: checked, not imported.
      String good = "code,name\nimp-01,Import One\nimp-02,Import Two\nimp-03,Import Three\n";
      page.setInputFiles("#o-import-file", csv("stores.csv", good));
      assertThat(page.locator("#o-import-report").isVisible()).isFalse(); // a new file clears it
      page.check("#o-import-dry-run");
      page.click("#o-import-start");
      waitForText(page.locator("#o-import-msg"), "Nothing was imported (validate only)");
      assertThat(admin.get(API + "/stores/imp-01").status()).isEqualTo(404);

      // The good file: the job runs to the end, the progress bar full.
      page.uncheck("#o-import-dry-run");
      page.click("#o-import-start");
      waitForText(page.locator("#o-import-msg"), "finished");
      assertThat(page.innerText("#o-import-msg")).contains("3 created");
      assertThat(page.locator("#o-import-progress").isVisible()).isTrue();
      assertThat(page.locator("#o-import-progress").getAttribute("value")).isEqualTo("100");
      assertThat(admin.getJson(API + "/stores/imp-02").path("name").asText())
          .isEqualTo("Import Two");
      // The same file again changes nothing.
      page.click("#o-import-start");
      page.waitForCondition(() -> page.innerText("#o-import-msg").contains("3 unchanged"));

      // Tills, with one password each.
      page.selectOption("#o-import-kind", "tills");
      page.setInputFiles(
          "#o-import-file",
          csv(
              "tills.csv",
              "code,store,password,md5Digest\nimp-till-1,imp-01,pass-one-1,\nimp-till-2,imp-02,pass-two-2,\n"));
      page.click("#o-import-start");
      waitForText(page.locator("#o-import-msg"), "finished");
      assertThat(admin.getJson(API + "/tills/imp-till-2").path("store").asText())
          .isEqualTo("imp-02");

      // A job long enough to be polled: the bar and the count of rows written while it runs.
      StringBuilder fleet = new StringBuilder("code,store,password,md5Digest\n");
      for (int i = 1; i <= 80; i++) {
        fleet.append(String.format("bulk-%03d,imp-02,bulk-pass-%d,%n", i, i));
      }
      page.setInputFiles("#o-import-file", csv("fleet.csv", fleet.toString()));
      page.click("#o-import-start");
      waitForText(page.locator("#o-import-progress-text"), "Importing tills:");
      assertThat(page.innerText("#o-import-progress-text"))
          .containsPattern("[0-9,]+ of 80 written");
      waitForText(page.locator("#o-import-msg"), "finished");
      assertThat(page.innerText("#o-import-msg")).contains("80 created");
      assertThat(admin.getJson(API + "/tills/bulk-080").path("store").asText()).isEqualTo("imp-02");

      // Export: a CSV download fetched with the page's token.
      Download stores = page.waitForDownload(() -> page.click("#o-export-stores"));
      String storesCsv = read(stores);
      assertThat(stores.suggestedFilename()).endsWith(".csv");
      assertThat(storesCsv.lines().findFirst()).contains("code,name"); // after the byte-order mark
      assertThat(storesCsv).contains("imp-02,Import Two", "branch-001,Harbour 1");
      waitForText(page.locator("#o-export-msg"), "Downloaded");

      page.fill("#o-till-filter", "imp-01");
      page.press("#o-till-filter", "Enter");
      waitForText(page.locator("#o-till-count"), "1–1 of 1 till of store imp-01");
      Download tills = page.waitForDownload(() -> page.click("#o-export-tills"));
      List<String> lines = read(tills).lines().toList();
      assertThat(lines.get(0)).isEqualTo("code,store,password,md5Digest");
      assertThat(lines).hasSize(2);
      assertThat(lines.get(1)).startsWith("imp-till-1,imp-01,");
      assertThat(lines.get(1)).doesNotContain("pass-one-1");
    } finally {
      page.context().close();
    }
  }

  @Test
  @Order(4)
  void noHorizontalScrollOnAPhoneOrADesktop(Http http) {
    for (int[] size : new int[][] {{360, 740}, {375, 812}, {1400, 900}}) {
      Page page = signedIn(http, size[0], size[1]);
      String at = size[0] + " px: ";
      try {
        AdminPageChecks.noHorizontalScroll(page, at + "stores and tills, 100 of each");
        // A few rows of each list for the screenshot, the paging line still telling the total.
        page.fill("#o-store-search", "north");
        waitForText(page.locator("#o-store-count"), "of 4 stores");
        page.fill("#o-till-filter", "branch-002");
        page.press("#o-till-filter", "Enter");
        waitForText(page.locator("#o-till-count"), "of store branch-002");
        page.fill("#o-till-search", "lane-11");
        waitForText(page.locator("#o-till-count"), "1–9 of 9 tills");
        page.setInputFiles(
            "#o-import-file",
            csv("stores.csv", "code,name\nnew-1,New One\nbad code,Two\nnew-3,\n"));
        page.check("#o-import-dry-run");
        page.click("#o-import-start");
        page.locator("#o-import-report").waitFor();
        AdminPageChecks.noHorizontalScroll(page, at + "import report");
        page.evaluate("window.scrollTo(0, 0)");
        if (size[0] != 360) {
          AdminPageChecks.screenshot(
              page, size[0] < 600 ? "admin-stores-tills-phone" : "admin-stores-tills");
        }
      } finally {
        page.context().close();
      }
    }
  }

  private static FilePayload csv(String name, String text) {
    return new FilePayload(name, "text/csv", text.getBytes(StandardCharsets.UTF_8));
  }

  private static String read(Download download) {
    try {
      String text = Files.readString(download.path(), StandardCharsets.UTF_8);
      return text.startsWith("\uFEFF") ? text.substring(1) : text; // for spreadsheets
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> storeCodes(Page page) {
    return codes(page.locator("#o-store-rows tr"), "data-store");
  }

  private static List<String> tillCodes(Page page) {
    return codes(page.locator("#o-till-rows tr"), "data-till");
  }

  private static List<String> codes(Locator rows, String attribute) {
    List<String> codes = new ArrayList<>();
    for (int i = 0; i < rows.count(); i++) {
      codes.add(rows.nth(i).getAttribute(attribute));
    }
    return codes;
  }

  private static void waitForText(Locator locator, String part) {
    locator.page().waitForCondition(() -> locator.innerText().contains(part));
  }
}
