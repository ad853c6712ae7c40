package org.tillauth.keycloak.request;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.keycloak.OAuthErrorException;
import org.keycloak.models.KeycloakSession;
import org.keycloak.representations.idm.OAuth2ErrorRepresentation;
import org.keycloak.services.error.KeycloakErrorHandler;
import org.keycloak.utils.KeycloakSessionUtil;
import org.tillauth.keycloak.gateway.VerifyResource;

/**
 * Tells a form body the HTTP stack could not parse (a broken {@code %} escape, a truncated
 * multipart body) from a server fault. The framework parses forms before any endpoint runs and
 * throws plain {@link IllegalArgumentException} / {@link java.io.IOException}s, which Keycloak
 * answers with 500 {@code unknown_error} and an ERROR line. Keycloak parses the form of every POST,
 * PUT and PATCH that has no form parameters too (its handler-chain customiser adds the framework's
 * form handler so that {@code getDecodedFormParameters()} works), and that handler reads the {@code
 * Content-Type} of the underlying HTTP request: a pre-matching filter that changes the header (see
 * {@link AdminContentTypeFilter}) cannot stop it. So the failure is answered here, per surface: the
 * OAuth {@code 400 invalid_request} at the token endpoint, the admin {@code 400 invalid_request} on
 * the extension's admin paths, and at the gateway, which never reads a body, the answer it gives
 * without one. Everything else keeps Keycloak's own answer.
 */
final class MalformedFormBodies {

  static final String DESCRIPTION =
      "Malformed form body: use application/x-www-form-urlencoded with valid %XX escapes";

  /** The framework's form parser; its frames are on the stack of every form parse failure. */
  private static final String FORM_PARSER_PACKAGE =
      "org.jboss.resteasy.reactive.server.core.multipart.";

  private static final String FORM_HANDLER =
      "org.jboss.resteasy.reactive.server.handlers.FormBodyHandler";

  private MalformedFormBodies() {}

  static Response toResponse(KeycloakSession injected, Throwable error) {
    KeycloakSession session =
        injected != null ? injected : KeycloakSessionUtil.getKeycloakSession();
    if (session == null || !isFormParseFailure(error)) {
      return KeycloakErrorHandler.getResponse(session, error);
    }
    String path = session.getContext().getUri().getPath();
    if (VerifyResource.PATH.matcher(path).matches()) {
      return VerifyResource.ignoringBody(session);
    }
    if (TokenEndpointPaths.isTokenEndpoint(path)
        || AdminContentTypeFilter.isExtensionAdminPath(path)) {
      session.getTransactionManager().setRollbackOnly();
      return Response.status(Response.Status.BAD_REQUEST)
          .type(MediaType.APPLICATION_JSON_TYPE)
          .header(HttpHeaders.CACHE_CONTROL, "no-store")
          .header("Pragma", "no-cache")
          .entity(new OAuth2ErrorRepresentation(OAuthErrorException.INVALID_REQUEST, DESCRIPTION))
          .build();
    }
    return KeycloakErrorHandler.getResponse(session, error);
  }

  static boolean isFormParseFailure(Throwable error) {
    for (StackTraceElement frame : error.getStackTrace()) {
      String type = frame.getClassName();
      if (type.startsWith(FORM_PARSER_PACKAGE) || type.equals(FORM_HANDLER)) {
        return true;
      }
    }
    return false;
  }
}
