package org.tillauth.keycloak.internals;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.keycloak.OAuthErrorException;
import org.keycloak.models.KeycloakSession;
import org.keycloak.representations.idm.OAuth2ErrorRepresentation;
import org.keycloak.services.error.KeycloakErrorHandler;
import org.keycloak.utils.KeycloakSessionUtil;
import org.tillauth.keycloak.gateway.VerifyResource;
import org.tillauth.keycloak.request.AdminContentTypeFilter;
import org.tillauth.keycloak.request.TokenEndpointPaths;
import org.tillauth.keycloak.support.PlatformEnvelope;

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
 *
 * <p>Mirrors the RESTEasy Reactive form parser of the Quarkus inside Keycloak 26.4 to 26.7 (its
 * class names, matched in stack frames) and falls back to {@code KeycloakErrorHandler.getResponse}
 * (keycloak-services, since 26.0). If the parser's classes are renamed, a broken form body gets
 * Keycloak's own 500 again; {@code MalformedBodiesIT} fails on such a version.
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
    return Boundary.call(
        "KeycloakErrorHandler.getResponse (Keycloak 26.0)", () -> answer(injected, error));
  }

  private static Response answer(KeycloakSession injected, Throwable error) {
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
      return PlatformEnvelope.noStore(Response.status(Response.Status.BAD_REQUEST))
          .type(MediaType.APPLICATION_JSON_TYPE)
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
