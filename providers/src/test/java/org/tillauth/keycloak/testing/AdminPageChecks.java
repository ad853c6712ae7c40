package org.tillauth.keycloak.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

/**
 * What every screen of the administration page must hold in Chromium, shared by the page's browser
 * tests: no sideways scroll, PatternFly loaded and applied, no API field names in what the page
 * says, no request sent by a check the page makes itself, and no content-security-policy refusal.
 */
public final class AdminPageChecks {

  /**
   * The admin REST API's own words that must never reach an administrator: {@code Field 'code' is
   * required}, {@code md5Digest must be ...}, quoted JSON field names.
   */
  static final Pattern API_NAMES =
      Pattern.compile(
          "Field '|'[a-z][A-Za-z]+'|\\b(md5Digest|useDefaultTillForInvalidTill|tokenExpiry"
              + "|defaultTill|accessGroup|tokenLifespanCeiling|basicAuthentication|gracePeriod)\\b");

  private AdminPageChecks() {}

  /**
   * Signs in on the Keycloak login page the administration page sent the browser to, after checking
   * that it is Keycloak's own sign-in ({@code keycloak.v2}, as the admin console's), not the
   * realm's customer-branded theme. Returns the login page's stylesheets.
   */
  @SuppressWarnings("unchecked")
  public static List<String> signIn(Page page, String username, String password) {
    page.locator("#kc-login").waitFor();
    List<String> styles =
        (List<String>)
            page.evaluate(
                "[...document.querySelectorAll('link[rel=stylesheet]')].map(l => l.href)");
    assertThat(styles)
        .as("login page stylesheets")
        .anyMatch(s -> s.contains("/login/keycloak.v2/"));
    assertThat(styles).as("login page stylesheets").noneMatch(s -> s.contains("/login/till-auth/"));
    page.fill("#username", username);
    page.fill("#password", password);
    page.click("#kc-login");
    return styles;
  }

  /** The document is no wider than the window (a wide table scrolls inside its own box). */
  public static void noHorizontalScroll(Page page, String screen) {
    @SuppressWarnings("unchecked")
    List<Number> w =
        (List<Number>)
            page.evaluate(
                "[document.documentElement.scrollWidth, window.innerWidth,"
                    + " document.body.scrollWidth]");
    assertThat(w.get(0).intValue())
        .as("%s: document scroll width %s (scrollWidth, innerWidth, body)", screen, w)
        .isLessThanOrEqualTo(w.get(1).intValue());
    assertThat(w.get(2).intValue())
        .as("%s: body scroll width %s (scrollWidth, innerWidth, body)", screen, w)
        .isLessThanOrEqualTo(w.get(1).intValue());
  }

  /** Every message on the page (beside controls, and the alert above the screen). */
  public static String messages(Page page) {
    return (String)
        page.evaluate(
            "[...document.querySelectorAll('.msg, #error')].map(e => e.textContent).join('\\n')");
  }

  /** No message names an API field ({@code 'code'}, {@code md5Digest}, ...). */
  public static void noApiFieldNames(Page page) {
    assertThat(messages(page)).doesNotContainPattern(API_NAMES);
  }

  /**
   * The message shows right under its control (the field, or the field and its buttons): at most
   * one line of hint between them, the same left edge. That is where an administrator looks.
   */
  @SuppressWarnings("unchecked")
  public static void besideItsControl(Page page, String message, String control) {
    Map<String, Number> at =
        (Map<String, Number>)
            page.evaluate(
                "([message, control]) => {"
                    + " const m = document.querySelector(message).getBoundingClientRect();"
                    + " const field = document.querySelector(control);"
                    + " const c = (field.closest('.pf-v5-c-input-group, .move-form')"
                    + "   || field.closest('.pf-v5-c-form-control') || field).getBoundingClientRect();"
                    + " return { gap: m.top - c.bottom, left: m.left - c.left, height: m.height }; }",
                List.of(message, control));
    assertThat(at.get("height").doubleValue()).as("%s shown: %s", message, at).isPositive();
    assertThat(at.get("gap").doubleValue())
        .as("%s under %s: %s", message, control, at)
        .isBetween(0.0, 48.0);
    assertThat(at.get("left").doubleValue())
        .as("%s aligned with %s: %s", message, control, at)
        .isBetween(-1.0, 1.0);
  }

  /**
   * The page's requests that change something (not GET) under {@code /admin/realms/}, from now on:
   * a check the page makes itself sends none.
   */
  public static List<String> writes(Page page) {
    List<String> writes = new CopyOnWriteArrayList<>();
    page.onRequest(
        request -> {
          if (request.url().contains("/admin/realms/") && !"GET".equals(request.method())) {
            writes.add(request.method() + " " + request.url());
          }
        });
    return writes;
  }

  /**
   * What the browser refused under the page's content security policy (a blocked stylesheet, font,
   * script or inline style), from now on.
   */
  public static List<String> policyRefusals(Page page) {
    List<String> refusals = new CopyOnWriteArrayList<>();
    page.onConsoleMessage(
        message -> {
          if (message.text().contains("Content Security Policy")
              || message.text().startsWith("Refused to")) {
            refusals.add(message.text());
          }
        });
    return refusals;
  }

  /**
   * PatternFly 5 is loaded from this Keycloak's theme resources and applied: its variables, its
   * primary button colour and its Red Hat fonts, which only PatternFly gives this page.
   */
  @SuppressWarnings("unchecked")
  public static void patternFlyApplied(Page page, String primaryButton) {
    Map<String, Object> seen =
        (Map<String, Object>)
            page.evaluate(
                "async (selector) => { await document.fonts.ready;"
                    + " const link = document.getElementById('patternfly');"
                    + " const button = getComputedStyle(document.querySelector(selector));"
                    + " return { href: link.href,"
                    + "  rules: link.sheet ? link.sheet.cssRules.length : 0,"
                    + "  primary: getComputedStyle(document.documentElement)"
                    + "   .getPropertyValue('--pf-v5-global--primary-color--100').trim(),"
                    + "  background: button.backgroundColor, font: button.fontFamily,"
                    + "  fonts: [...document.fonts].filter(f => f.status === 'loaded')"
                    + "   .map(f => f.family).join(',') }; }",
                primaryButton);
    assertThat((String) seen.get("href"))
        .as("%s", seen)
        .matches(
            ".*/resources/[a-z0-9.-]+/common/keycloak/vendor/patternfly-v5/patternfly.min.css");
    assertThat(((Number) seen.get("rules")).intValue()).as("%s", seen).isGreaterThan(1000);
    assertThat(seen.get("primary")).as("%s", seen).isEqualTo("#06c");
    assertThat(seen.get("background")).as("%s", seen).isEqualTo("rgb(0, 102, 204)");
    assertThat((String) seen.get("font")).as("%s", seen).contains("RedHatText");
    assertThat((String) seen.get("fonts")).as("%s", seen).contains("RedHat");
  }

  /**
   * {@code target/screenshots/<name>.png} (full page), and with {@code -Dscreenshots.docs=true} a
   * copy in {@code docs/}, where the README and the docs show it.
   */
  public static Path screenshot(Page page, String name) {
    Path file = HeadlessChromium.screenshot(page, name);
    if (Boolean.getBoolean("screenshots.docs")) {
      try {
        Files.copy(file, Path.of("..", "docs", name + ".png"), StandardCopyOption.REPLACE_EXISTING);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return file;
  }
}
