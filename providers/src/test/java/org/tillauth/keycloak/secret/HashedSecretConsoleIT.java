package org.tillauth.keycloak.secret;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.tillauth.keycloak.testing.AdminApi;
import org.tillauth.keycloak.testing.HeadlessChromium;
import org.tillauth.keycloak.testing.Http;
import org.tillauth.keycloak.testing.KeycloakIT;
import org.tillauth.keycloak.testing.KeycloakServer;

/**
 * The console's Credentials tab of a hashed-secret client says where its secret is managed and that
 * the tab's Regenerate button is the registration access token's. The tab renders the per-client
 * properties of the client's authenticator, which the console reads from the server info; the test
 * reads them there, at the older per-client description endpoint, and on the tab in Chromium, and
 * checks that saving the tab stores nothing on the client.
 */
@KeycloakIT
class HashedSecretConsoleIT {

  private static final String REALM = "demo-org";
  private static final String WHERE = "Issue a new secret on the till-auth administration page";
  private static final String REGENERATE =
      "The Regenerate button under Registration access token renews the token for dynamic client"
          + " registration, not this client's secret.";

  private static HeadlessChromium chromium;

  @AfterAll
  static void closeBrowser() {
    if (chromium != null) {
      chromium.close();
      chromium = null;
    }
  }

  private static List<JsonNode> list(JsonNode array) {
    List<JsonNode> items = new ArrayList<>();
    array.forEach(items::add);
    return items;
  }

  private static void assertNotes(JsonNode properties) {
    List<JsonNode> notes = list(properties);
    assertThat(notes)
        .extracting(p -> p.path("label").asText())
        .containsExactly("Client secret", "Regenerate below");
    // Display only: no input the tab would save as a client attribute.
    assertThat(notes).allSatisfy(p -> assertThat(p.path("type").asText()).isEqualTo("Url"));
    String first = notes.get(0).path("helpText").asText();
    assertThat(first)
        .contains(
            "Kept only as a hash, so it is never shown here",
            WHERE,
            "/realms/{realm}/till-admin/",
            "POST /admin/realms/{realm}/api-clients/{id}/secret");
    assertThat(notes.get(1).path("helpText").asText()).contains(REGENERATE);
    // The console passes these through its translation function, where ':' would split a key.
    assertThat(notes).allSatisfy(p -> assertThat(p.path("helpText").asText()).doesNotContain(":"));
  }

  @Test
  void theServerInfoTheConsoleReadsCarriesTheNotes(AdminApi admin) {
    JsonNode authenticators =
        admin
            .getJson("/admin/serverinfo")
            .path("componentTypes")
            .path("org.keycloak.authentication.ClientAuthenticator");
    JsonNode hashed =
        list(authenticators).stream()
            .filter(a -> HashedClientSecretAuthenticator.PROVIDER_ID.equals(a.path("id").asText()))
            .findFirst()
            .orElseThrow();
    assertNotes(hashed.path("clientProperties"));
    // Keycloak's own authenticator is untouched (the control: the notes are ours only).
    JsonNode stock =
        list(authenticators).stream()
            .filter(a -> "client-secret".equals(a.path("id").asText()))
            .findFirst()
            .orElseThrow();
    assertThat(stock.path("clientProperties").toString()).doesNotContain(WHERE);
  }

  @Test
  void thePerClientDescriptionCarriesTheNotes(AdminApi admin) {
    JsonNode description =
        admin.getJson("/admin/realms/" + REALM + "/authentication/per-client-config-description");
    assertNotes(description.path(HashedClientSecretAuthenticator.PROVIDER_ID));
  }

  @Test
  void theCredentialsTabShowsWhereTheSecretIsManaged(Http http, AdminApi admin) {
    String uuid = admin.clientUuid(REALM, "demo-integration");
    String clientUrl = "/admin/realms/" + REALM + "/clients/" + uuid;
    JsonNode before = admin.getJson(clientUrl).path("attributes");
    chromium = HeadlessChromium.launchOrSkip();
    Page page = chromium.newPage(1280, 900);
    page.setDefaultTimeout(90_000);
    try {
      page.navigate(
          http.url("/admin/master/console/#/" + REALM + "/clients/" + uuid + "/credentials")
              .toString());
      page.fill("#username", KeycloakServer.ADMIN_USERNAME);
      page.fill("#password", KeycloakServer.ADMIN_PASSWORD);
      page.click("#kc-login");
      Locator where = page.getByText(WHERE);
      where.waitFor();
      Locator regenerate = page.getByText(REGENERATE);
      regenerate.waitFor();
      String tab = page.locator("main").innerText();
      assertThat(tab).contains("Client secret", "Regenerate below", "Registration access token");
      // The notes stand above the registration access token's Regenerate button.
      double notesBottom = regenerate.boundingBox().y;
      double tokenButton =
          page.locator("#kc-access-token")
              .locator("xpath=ancestor::*[contains(@class,'pf-v5-c-form__group')][1]")
              .boundingBox()
              .y;
      assertThat(notesBottom).isLessThan(tokenButton);
      HeadlessChromium.screenshot(page, "console-hashed-secret-credentials");
    } catch (RuntimeException | AssertionError e) {
      HeadlessChromium.screenshot(page, "console-hashed-secret-credentials-failure");
      throw e;
    } finally {
      page.context().close();
    }
    // Nothing of the notes was stored on the client.
    JsonNode after = admin.getJson(clientUrl).path("attributes");
    assertThat(after).isEqualTo(before);
    assertThat(after.toString()).doesNotContain("tillauth.hashed-secret");
  }
}
