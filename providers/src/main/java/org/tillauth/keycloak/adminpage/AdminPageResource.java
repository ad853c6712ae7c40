package org.tillauth.keycloak.adminpage;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.keycloak.common.Version;
import org.keycloak.headers.SecurityHeadersProvider;
import org.keycloak.models.KeycloakSession;

/**
 * Serves the page's files (index, DOM helpers, app and page modules) from the JAR (no CDN, no
 * inline script or style), with a strict content security policy. The page holds no data: it signs
 * the administrator in with Keycloak and calls {@code /admin/realms/{realm}/api-clients} with the
 * administrator's token. It looks like Keycloak's admin console because it uses the same PatternFly
 * 5 stylesheet, as this Keycloak serves it to its own themes (same origin: {@code style-src
 * 'self'}, and {@code font-src 'self'} for PatternFly's Red Hat fonts next to it).
 */
public final class AdminPageResource {

  static final String CSP =
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
          + " font-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none';"
          + " frame-ancestors 'none'";

  /**
   * PatternFly 5 in Keycloak's common theme ({@code keycloak-themes-vendor}, the stylesheet of the
   * {@code keycloak.v2} login theme), under {@code /resources/{resources version}/}: Keycloak
   * answers 404 for any other version, and the version is chosen by the server (kept in its
   * database, the same on every node), so the page's HTML gets the path when it is served.
   */
  static final String PATTERNFLY = "common/keycloak/vendor/patternfly-v5/patternfly.min.css";

  private static final String PATTERNFLY_PLACEHOLDER = "${patternfly}";

  // Page modules are plain files next to index.html; the name pattern keeps lookups inside it.
  private static final Pattern FILE_NAME = Pattern.compile("[a-z][a-z0-9-]{0,63}\\.(html|js|css)");

  private static final Map<String, String> TYPES =
      Map.of(
          "html", "text/html; charset=utf-8",
          "js", "text/javascript; charset=utf-8",
          "css", "text/css; charset=utf-8");

  private final KeycloakSession session;

  AdminPageResource(KeycloakSession session) {
    this.session = session;
  }

  @GET
  public Response index() {
    // Without the trailing slash the page's relative asset URLs would resolve one level up.
    if (!session.getContext().getUri().getRequestUri().getPath().endsWith("/")) {
      return Response.seeOther(
              session
                  .getContext()
                  .getUri()
                  .getRequestUriBuilder()
                  .replacePath(session.getContext().getUri().getRequestUri().getPath() + "/")
                  .build())
          .build();
    }
    return file("index.html");
  }

  @GET
  @Path("{file}")
  public Response asset(@PathParam("file") String name) {
    return file(name);
  }

  private Response file(String name) {
    Matcher valid = FILE_NAME.matcher(name);
    if (!valid.matches()) {
      throw new NotFoundException();
    }
    String type = TYPES.get(valid.group(1));
    try (InputStream in = AdminPageResource.class.getResourceAsStream("/till-admin/" + name)) {
      if (in == null) {
        throw new NotFoundException();
      }
      // Keycloak's security-headers filter would replace the policy of an HTML answer with the
      // realm's browser defaults (frame-ancestors 'self', SAMEORIGIN); this page sets all of them.
      session.getProvider(SecurityHeadersProvider.class).options().skipHeaders();
      byte[] body = in.readAllBytes();
      if ("index.html".equals(name)) {
        body =
            new String(body, StandardCharsets.UTF_8)
                .replace(PATTERNFLY_PLACEHOLDER, attribute(patternflyPath()))
                .getBytes(StandardCharsets.UTF_8);
      }
      return Response.ok(body, type)
          .header("Content-Security-Policy", CSP)
          .header("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
          .header("X-Robots-Tag", "none")
          .header("X-Content-Type-Options", "nosniff")
          .header("Referrer-Policy", "no-referrer")
          .header("X-Frame-Options", "DENY")
          .header("Cache-Control", "no-cache")
          .build();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The stylesheet's path on this server (under its root, {@code /} or a relative path such as
   * {@code /auth/}), for a same-origin link.
   */
  private String patternflyPath() {
    String root = session.getContext().getUri().getBaseUri().getPath();
    return (root.endsWith("/") ? root : root + "/")
        + "resources/"
        + Version.RESOURCES_VERSION
        + "/"
        + PATTERNFLY;
  }

  private static String attribute(String value) {
    return value
        .replace("&", "&amp;")
        .replace("\"", "&quot;")
        .replace("<", "&lt;")
        .replace(">", "&gt;");
  }
}
