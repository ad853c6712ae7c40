package org.tillauth.keycloak.testing;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The system's Chromium driven by Playwright for Java. Playwright never downloads a browser here
 * (PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD): it launches Debian's {@code /usr/bin/chromium} (or {@code
 * -Dchromium.path}/{@code CHROMIUM_PATH}). Without a browser the test is skipped locally, but under
 * {@code CI=true} that is a failure: CI must run the browser test.
 */
public final class HeadlessChromium implements AutoCloseable {

  /** Root in a container with a closed network: no sandbox, no GPU, no background traffic. */
  public static final List<String> LAUNCH_ARGS =
      List.of(
          "--no-sandbox",
          "--disable-gpu",
          "--disable-background-networking",
          "--disable-component-update",
          "--disable-sync",
          "--no-first-run");

  private static final List<String> CANDIDATES =
      List.of("/usr/bin/chromium", "/usr/bin/google-chrome", "/usr/bin/chromium-browser");

  private final Playwright playwright;
  private final Browser browser;

  private HeadlessChromium(Playwright playwright, Browser browser) {
    this.playwright = playwright;
    this.browser = browser;
  }

  /** Launches Chromium, or skips the calling test (fails it under CI=true) when there is none. */
  public static HeadlessChromium launchOrSkip() {
    Optional<Path> executable = executable();
    if (executable.isEmpty()) {
      String reason =
          "No Chromium executable at "
              + candidates()
              + " (install Debian's chromium package, or set -Dchromium.path / CHROMIUM_PATH)";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        Assertions.fail("CI=true but the browser test cannot run: " + reason);
      }
      Assumptions.abort(reason);
    }
    Playwright playwright =
        Playwright.create(
            new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
    try {
      Browser browser =
          playwright
              .chromium()
              .launch(
                  new BrowserType.LaunchOptions()
                      .setExecutablePath(executable.get())
                      .setHeadless(true)
                      .setArgs(LAUNCH_ARGS));
      return new HeadlessChromium(playwright, browser);
    } catch (RuntimeException e) {
      playwright.close();
      throw e;
    }
  }

  static Optional<Path> executable() {
    return candidates().stream().map(Path::of).filter(Files::isExecutable).findFirst();
  }

  /** An explicitly configured path is the only one tried; otherwise the usual install paths. */
  private static List<String> candidates() {
    return Stream.of(System.getProperty("chromium.path"), System.getenv("CHROMIUM_PATH"))
        .filter(p -> p != null && !p.isBlank())
        .findFirst()
        .map(List::of)
        .orElse(CANDIDATES);
  }

  /** A fresh browser context (own cookies) with one page of the given viewport. */
  public Page newPage(int width, int height) {
    BrowserContext context =
        browser.newContext(
            new Browser.NewContextOptions().setViewportSize(width, height).setLocale("en-GB"));
    return context.newPage();
  }

  /** {@code target/screenshots/<name>.png} (full page). */
  public static Path screenshot(Page page, String name) {
    Path dir = TestSettings.fromSystemProperties().outputDir().resolve("screenshots");
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Path file = dir.resolve(name + ".png");
    page.screenshot(new Page.ScreenshotOptions().setPath(file).setFullPage(true));
    return file;
  }

  @Override
  public void close() {
    try {
      browser.close();
    } finally {
      playwright.close();
    }
  }
}
