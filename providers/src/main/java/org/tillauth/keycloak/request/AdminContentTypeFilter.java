package org.tillauth.keycloak.request;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The extension's admin endpoints read JSON bodies themselves. Two kinds of {@code Content-Type}
 * would otherwise get a 500 from the framework before or after the endpoint runs: one that is not a
 * media type at all (Keycloak's security-headers filter fails to parse it, see {@link
 * ContentTypeFilter}), and a form or multipart type. On these paths both are replaced by {@code
 * application/octet-stream} before matching: endpoints that take JSON then answer Keycloak's 415,
 * and the optional body of the secret endpoint is read as JSON like any other. The replacement does
 * not stop Keycloak's own form parsing of a POST, PUT or PATCH without {@code @Consumes}, which
 * reads the header of the HTTP request itself: a body it cannot parse is answered by {@link
 * MalformedFormBodies}.
 */
@Provider
@PreMatching
public final class AdminContentTypeFilter implements ContainerRequestFilter {

  private static final Pattern PATHS =
      Pattern.compile(
          "/?admin/realms/[^/]+/(api-clients|stores|tills|organisation-settings|access-groups|organisation-import|organisation-export)(/.*)?");

  @Override
  public void filter(ContainerRequestContext request) {
    if (!isExtensionAdminPath(request.getUriInfo().getPath())) {
      return;
    }
    String contentType = request.getHeaderString(HttpHeaders.CONTENT_TYPE);
    if (contentType != null
        && (!ContentTypeFilter.isMediaType(contentType) || isForm(contentType))) {
      request.getHeaders().putSingle(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_OCTET_STREAM);
    }
  }

  public static boolean isExtensionAdminPath(String path) {
    return path != null && PATHS.matcher(path).matches();
  }

  private static boolean isForm(String contentType) {
    String type = contentType.strip().toLowerCase(Locale.ROOT);
    return type.startsWith("multipart/") || type.startsWith("application/x-www-form-urlencoded");
  }
}
