package org.tillauth.keycloak.tokenjson;

import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.util.regex.Pattern;
import org.tillauth.keycloak.request.ContentTypeFilter;

/**
 * Answers what the HTTP stack would otherwise answer outside the envelope, before JAX-RS matching:
 * methods the resource does not declare ({@code TRACE}, {@code PROPFIND}, made-up ones) would get
 * Keycloak's generic {@code {"error":"HTTP 405 ..."}} without {@code Allow}, and a form or
 * multipart body would be parsed by the framework (a 500 when broken) before the resource could
 * refuse it. Pre-matching filters see every request of the server, so the path test comes first and
 * is cheap; no Keycloak session exists yet and none is needed. This is the one place that decides
 * the endpoint's methods: {@link TokenGenerateResource} declares only {@code POST}.
 */
@Provider
@PreMatching
public final class CompatRequestFilter implements ContainerRequestFilter {

  private static final Pattern ENDPOINT =
      Pattern.compile("/?realms/[^/]+/v3/" + TokenGenerateResource.PATH + "/?");

  @Override
  public void filter(ContainerRequestContext request) {
    if (!ENDPOINT.matcher(request.getUriInfo().getPath()).matches()) {
      return;
    }
    String method = request.getMethod();
    if (HttpMethod.POST.equals(method)) {
      String contentType = request.getHeaderString(HttpHeaders.CONTENT_TYPE);
      if (!TokenRequestParser.isJsonContentType(contentType)) {
        if (contentType != null && !ContentTypeFilter.isMediaType(contentType)) {
          // Keycloak's response filters parse the request's Content-Type again and would fail.
          request
              .getHeaders()
              .putSingle(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_OCTET_STREAM);
        }
        request.abortWith(envelope(CompatError.UNSUPPORTED_MEDIA_TYPE).build());
      }
      return;
    }
    if (HttpMethod.OPTIONS.equals(method)) {
      request.abortWith(
          Response.noContent()
              .header(HttpHeaders.ALLOW, TokenGenerateResource.ALLOW)
              .header(HttpHeaders.CACHE_CONTROL, "no-store")
              .build());
      return;
    }
    Response.ResponseBuilder answer =
        envelope(CompatError.METHOD_NOT_ALLOWED)
            .header(HttpHeaders.ALLOW, TokenGenerateResource.ALLOW);
    if (HttpMethod.HEAD.equals(method)) {
      answer.entity(null);
    }
    request.abortWith(answer.build());
  }

  private static Response.ResponseBuilder envelope(CompatError error) {
    return Envelope.errorEnvelope(error).into(Response.status(error.status()));
  }
}
