package org.tillauth.keycloak.internals;

import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.io.IOException;
import org.keycloak.models.KeycloakSession;

/** Truncated or broken multipart form bodies; see {@link MalformedFormBodies}. */
@Provider
public final class MalformedMultipartMapper implements ExceptionMapper<IOException> {

  @Context KeycloakSession session;

  @Override
  public Response toResponse(IOException error) {
    return MalformedFormBodies.toResponse(session, error);
  }
}
