package org.tillauth.keycloak.customer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tillauth.keycloak.customer.CustomerApps.CUSTOMER;
import static org.tillauth.keycloak.customer.CustomerApps.CUSTOMER_PASSWORD;
import static org.tillauth.keycloak.customer.CustomerApps.REALM;
import static org.tillauth.keycloak.customer.CustomerApps.message;

import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Request;
import com.microsoft.playwright.options.BoundingBox;
import com.nimbusds.jwt.JWTClaimsSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tillauth.keycloak.testing.AdminApi;
import org.tillauth.keycloak.testing.AuthorizationCodeClient;
import org.tillauth.keycloak.testing.HeadlessChromium;
import org.tillauth.keycloak.testing.Http;
import org.tillauth.keycloak.testing.IdTokenValidator;
import org.tillauth.keycloak.testing.KeycloakIT;
import org.tillauth.keycloak.testing.Pkce;
import org.tillauth.keycloak.testing.VersionIndependent;

/**
 * The customer web app's sign-in in a real headless Chromium against the real server: the branded
 * login page at desktop and phone width, authorization code + PKCE S256 end to end, the themed
 * wrong-password message and the themed refusal of tills. Screenshots land in target/screenshots/.
 */
@KeycloakIT
@VersionIndependent
class CustomerLoginBrowserIT {

  private static final int DESKTOP_WIDTH = 1280;
  private static final int DESKTOP_HEIGHT = 800;
  private static final int PHONE_WIDTH = 360;
  private static final int PHONE_HEIGHT = 740;

  private static HeadlessChromium chromium;

  /** Per test, so that each test reports the skip (or, under CI=true, the failure) itself. */
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
  void customerSignsInThroughTheBrandedPageAndTheAppGetsAValidIdToken(Http http) {
    AuthorizationCodeClient web = CustomerApps.web(http);
    Pkce pkce = Pkce.s256();
    String state = Pkce.randomToken();
    String nonce = Pkce.randomToken();
    Page page = chromium.newPage(DESKTOP_WIDTH, DESKTOP_HEIGHT);
    List<String> appRequests = interceptTheApp(page);
    try {
      page.navigate(web.authorizationUrl(web.authorizationParams(pkce, state, nonce)).toString());

      assertBrandedLoginPage(page);
      HeadlessChromium.screenshot(page, "login-desktop");

      page.fill("#username", CUSTOMER);
      page.fill("#password", CUSTOMER_PASSWORD);
      Request redirect =
          page.waitForRequest(
              request -> request.url().startsWith(CustomerApps.WEB_REDIRECT + "?"),
              () -> page.click("#kc-login"));

      assertThat(appRequests).containsExactly(redirect.url());
      Map<String, String> callback = AuthorizationCodeClient.responseParams(redirect.url());
      assertThat(callback).containsEntry("state", state).containsEntry("iss", web.issuer());
      assertThat(callback.get("code")).isNotBlank();

      Http.Result tokens = web.exchange(callback.get("code"), pkce.verifier());
      assertThat(tokens.status()).as(tokens.body()).isEqualTo(200);
      JWTClaimsSet idToken =
          IdTokenValidator.validate(
              http,
              REALM,
              tokens.json().path("id_token").asText(),
              web.issuer(),
              web.clientId(),
              nonce);
      assertThat(idToken.getClaim("preferred_username")).isEqualTo(CUSTOMER);
      assertThat(idToken.getAudience()).containsExactly(web.clientId());
    } finally {
      page.context().close();
    }
  }

  @Test
  void loginPageFitsAPhoneScreen(Http http) {
    AuthorizationCodeClient web = CustomerApps.web(http);
    Page page = chromium.newPage(PHONE_WIDTH, PHONE_HEIGHT);
    try {
      page.navigate(
          web.authorizationUrl(web.authorizationParams(Pkce.s256(), "s", "n")).toString());

      assertBrandedLoginPage(page);
      assertThat(((Number) page.evaluate("document.documentElement.scrollWidth")).intValue())
          .as("no horizontal scrolling at %d px", PHONE_WIDTH)
          .isLessThanOrEqualTo(PHONE_WIDTH);
      for (String selector :
          List.of("#kc-header-wrapper .kc-logo-text", "#username", "#kc-login")) {
        BoundingBox box = page.locator(selector).boundingBox();
        assertThat(box.x).as(selector).isGreaterThanOrEqualTo(0);
        assertThat(box.x + box.width).as(selector).isLessThanOrEqualTo(PHONE_WIDTH);
      }
      HeadlessChromium.screenshot(page, "login-phone");
    } finally {
      page.context().close();
    }
  }

  @Test
  void wrongPasswordShowsTheThemedErrorAtBothWidths(AdminApi admin, Http http) {
    String username = "browser-customer-" + UUID.randomUUID();
    String userId = CustomerApps.createCustomer(admin, username, "Right-Password-1");
    try {
      for (int[] size :
          new int[][] {{DESKTOP_WIDTH, DESKTOP_HEIGHT}, {PHONE_WIDTH, PHONE_HEIGHT}}) {
        AuthorizationCodeClient web = CustomerApps.web(http);
        Page page = chromium.newPage(size[0], size[1]);
        List<String> appRequests = interceptTheApp(page);
        try {
          page.navigate(
              web.authorizationUrl(web.authorizationParams(Pkce.s256(), "s", "n")).toString());
          page.fill("#username", username);
          page.fill("#password", "Wrong-Password-" + size[0]);
          page.click("#kc-login");

          Locator error = page.locator("#input-error-username");
          error.waitFor();
          assertThat(error.innerText().trim()).isEqualTo(message("invalidUserMessage"));
          assertThat(page.locator("#kc-form-login").isVisible()).isTrue();
          assertThat(page.locator("#kc-header-wrapper .kc-logo-text").isVisible()).isTrue();
          assertThat(appRequests).isEmpty();
          HeadlessChromium.screenshot(
              page, "wrong-password-" + (size[0] == PHONE_WIDTH ? "phone" : "desktop"));
        } finally {
          page.context().close();
        }
      }
    } finally {
      CustomerApps.deleteUser(admin, userId);
    }
  }

  @Test
  void tillIsRefusedWithTheThemedErrorPageAtBothWidths(AdminApi admin, Http http) {
    for (int[] size : new int[][] {{DESKTOP_WIDTH, DESKTOP_HEIGHT}, {PHONE_WIDTH, PHONE_HEIGHT}}) {
      String till = "browser-till-" + UUID.randomUUID();
      String tillId = CustomerApps.createTill(admin, till, "Till-Password-1");
      AuthorizationCodeClient web = CustomerApps.web(http);
      Page page = chromium.newPage(size[0], size[1]);
      List<String> appRequests = interceptTheApp(page);
      try {
        page.navigate(
            web.authorizationUrl(web.authorizationParams(Pkce.s256(), "s", "n")).toString());
        page.fill("#username", till);
        page.fill("#password", "Till-Password-1");
        page.click("#kc-login");

        Locator error = page.locator("#kc-error-message .instruction").first();
        error.waitFor();
        assertThat(error.innerText().trim())
            .isEqualTo(message("tillAuthTillNotAllowedInCustomerApps"));
        assertThat(page.locator("#kc-page-title").innerText().trim())
            .isEqualTo(message("errorTitle"));
        assertThat(page.locator("#kc-header-wrapper .kc-logo-text").isVisible()).isTrue();
        assertThat(appRequests).isEmpty();
        HeadlessChromium.screenshot(
            page, "till-refused-" + (size[0] == PHONE_WIDTH ? "phone" : "desktop"));
      } finally {
        page.context().close();
        CustomerApps.deleteUser(admin, tillId);
      }
    }
  }

  /** The logo, the title, the copy and the brand stylesheet of the till-auth theme. */
  private static void assertBrandedLoginPage(Page page) {
    assertThat(page.title()).isEqualTo(message("loginTitle"));
    assertThat(page.locator("#kc-page-title").innerText().trim())
        .isEqualTo(message("loginAccountTitle"));
    assertThat(page.locator("label[for=username]").innerText().trim())
        .isEqualTo(message("usernameOrEmail"));
    assertThat(page.locator("#kc-login").innerText().trim()).isEqualTo(message("doLogIn"));
    assertThat(page.locator("#till-auth-footer").innerText()).contains("Demo Retail");

    Locator logo = page.locator("#kc-header-wrapper .kc-logo-text");
    assertThat(logo.isVisible()).isTrue();
    BoundingBox box = logo.boundingBox();
    assertThat(box.width).isGreaterThan(150);
    assertThat(box.height).isGreaterThan(40);
    String background = (String) logo.evaluate("e => getComputedStyle(e).backgroundImage");
    assertThat(background).contains("/login/till-auth/img/logo.svg");
    String logoUrl = background.replaceFirst("^url\\(\"?", "").replaceFirst("\"?\\)$", "");
    APIResponse svg = page.request().get(logoUrl);
    assertThat(svg.status()).isEqualTo(200);
    assertThat(svg.headers().get("content-type")).startsWith("image/svg+xml");
    assertThat(svg.text()).contains("<title id=\"title\">Demo Retail Rewards</title>");

    String primary =
        (String) page.locator("#kc-login").evaluate("e => getComputedStyle(e).backgroundColor");
    assertThat(primary).isEqualTo("rgb(11, 79, 92)");
  }

  /**
   * Records every request the browser makes to the web app. Nothing listens on localhost:3000 and
   * Playwright cannot route the target of a redirect, so the code is read from the request itself
   * (the navigation then ends on Chromium's connection-refused page, which the test ignores).
   */
  private static List<String> interceptTheApp(Page page) {
    List<String> requests = new CopyOnWriteArrayList<>();
    page.context()
        .onRequest(
            request -> {
              if (request.url().startsWith("http://localhost:3000/")) {
                requests.add(request.url());
              }
            });
    return requests;
  }
}
