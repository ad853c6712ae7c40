package org.tillauth.keycloak.request;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;

/**
 * A {@code Content-Type} that is not a media type at all ({@code ${jndi:...}}, a bare number, a
 * list) makes Keycloak's security-headers response filter fail after the endpoint has answered, so
 * the caller gets a 500 instead of the endpoint's own error. On the token endpoint such a header is
 * replaced by {@code application/octet-stream} before matching: the request then fails as any
 * request without a form body does ({@code 400 invalid_request}). The JSON token endpoint handles
 * its own path (see the compat package).
 */
@Provider
@PreMatching
public final class ContentTypeFilter implements ContainerRequestFilter {

  static final String NOT_A_MEDIA_TYPE = MediaType.APPLICATION_OCTET_STREAM;

  @Override
  public void filter(ContainerRequestContext request) {
    if (!TokenEndpointPaths.isTokenEndpoint(request.getUriInfo().getPath())) {
      return;
    }
    String contentType = request.getHeaderString(HttpHeaders.CONTENT_TYPE);
    if (contentType != null && !isMediaType(contentType)) {
      request.getHeaders().putSingle(HttpHeaders.CONTENT_TYPE, NOT_A_MEDIA_TYPE);
    }
  }

  /** Whether JAX-RS can parse the header value as one media type. */
  public static boolean isMediaType(String contentType) {
    try {
      MediaType.valueOf(contentType);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
