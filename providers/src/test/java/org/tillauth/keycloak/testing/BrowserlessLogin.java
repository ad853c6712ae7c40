package org.tillauth.keycloak.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Drives Keycloak's login pages over plain HTTP like a browser without JavaScript: one cookie jar,
 * no automatic redirects, the login form's action parsed from the HTML. For flows where the page
 * content matters, the Playwright browser test looks at the rendered page instead.
 *
 * <p>The jar is deliberately simple: one server, one realm path. It keeps Keycloak's {@code Secure}
 * cookies over http://127.0.0.1 the way browsers treat loopback as a secure context ({@link
 * java.net.CookieManager} would drop them).
 *
 * <p>Hand-written because no library of the test classpath drives an HTML login form: Nimbus
 * oauth2-oidc-sdk covers the protocol messages, not Keycloak's pages, and an HTML engine (HtmlUnit)
 * would replace one regular expression and a cookie map with a second browser next to Playwright.
 */
public final class BrowserlessLogin {

  private static final Pattern FORM_ACTION =
      Pattern.compile("<form[^>]*id=\"kc-form-login\"[^>]*action=\"([^\"]+)\"");

  private static final Pattern EXPIRED =
      Pattern.compile("(?i);\\s*(Max-Age=0\\s*(;|$)|Expires=Thu, 01[ -]Jan[ -]1970)");

  private final HttpClient client =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(10))
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();
  private final Map<String, String> cookies = new LinkedHashMap<>();
  private final UnaryOperator<URI> route;
  private Http.Result lastPage;

  public BrowserlessLogin() {
    this(UnaryOperator.identity());
  }

  /**
   * {@code route} maps the login form's action before it is posted: behind a load balancer the form
   * names the public URL, and a cluster test chooses the node that answers it.
   */
  public BrowserlessLogin(UnaryOperator<URI> route) {
    this.route = route;
  }

  /** GET a URL in this cookie jar (no redirects followed). */
  public Http.Result get(URI uri) {
    Http.Result result = send(HttpRequest.newBuilder(uri).GET());
    lastPage = result;
    return result;
  }

  /**
   * Posts username and password to the login form of the last page. Returns the response: a 302 to
   * the client's redirect URI on success, otherwise the page Keycloak rendered.
   */
  public Http.Result submitCredentials(String username, String password) {
    if (lastPage == null) {
      throw new IllegalStateException("Open an authorization URL first");
    }
    Matcher action = FORM_ACTION.matcher(lastPage.body());
    if (!action.find()) {
      throw new AssertionError("No login form on the page: " + lastPage);
    }
    Map<String, String> form = new LinkedHashMap<>();
    form.put("username", username);
    form.put("password", password);
    form.put("credentialId", "");
    Http.Result result =
        send(
            HttpRequest.newBuilder(route.apply(URI.create(unescapeHtml(action.group(1)))))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(Http.formBody(form))));
    lastPage = result;
    return result;
  }

  private Http.Result send(HttpRequest.Builder request) {
    if (!cookies.isEmpty()) {
      request.header(
          "Cookie",
          cookies.entrySet().stream()
              .map(e -> e.getKey() + "=" + e.getValue())
              .collect(Collectors.joining("; ")));
    }
    try {
      HttpResponse<String> response =
          client.send(
              request.timeout(Duration.ofSeconds(60)).build(),
              HttpResponse.BodyHandlers.ofString());
      response.headers().allValues("Set-Cookie").forEach(this::remember);
      return new Http.Result(response.statusCode(), response.headers(), response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private void remember(String setCookie) {
    String[] parts = setCookie.split(";");
    int eq = parts[0].indexOf('=');
    if (eq <= 0) {
      return;
    }
    String name = parts[0].substring(0, eq).trim();
    String value = parts[0].substring(eq + 1).trim();
    boolean expired = value.isEmpty() || EXPIRED.matcher(setCookie).find();
    if (expired) {
      cookies.remove(name);
    } else {
      cookies.put(name, value);
    }
  }

  static String unescapeHtml(String value) {
    return value
        .replace("&amp;", "&")
        .replace("&#x3D;", "=")
        .replace("&#61;", "=")
        .replace("&quot;", "\"")
        .replace("&#39;", "'");
  }
}
