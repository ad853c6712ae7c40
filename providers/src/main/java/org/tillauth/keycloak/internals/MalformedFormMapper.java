package org.tillauth.keycloak.internals;

import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import org.keycloak.models.KeycloakSession;

/** Broken {@code %} escapes in a form body; see {@link MalformedFormBodies}. */
@Provider
public final class MalformedFormMapper implements ExceptionMapper<IllegalArgumentException> {

  @Context KeycloakSession session;

  @Override
  public Response toResponse(IllegalArgumentException error) {
    return MalformedFormBodies.toResponse(session, error);
  }
}
