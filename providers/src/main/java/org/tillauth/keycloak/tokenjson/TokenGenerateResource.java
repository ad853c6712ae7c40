package org.tillauth.keycloak.tokenjson;

import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * {@code POST /realms/{realm}/v3/oauth/token/generate}: the platform's JSON token contract in front
 * of Keycloak's client-credentials grant. Every answer, errors included, is the platform's envelope
 * with {@code Cache-Control: no-store}.
 */
public final class TokenGenerateResource {

  static final String PATH = "oauth/token/generate";

  /** The methods answered; {@link CompatRequestFilter} answers every other one, before this. */
  static final String ALLOW = "POST, OPTIONS";

  private static final Logger LOG = Logger.getLogger(TokenGenerateResource.class);

  private final KeycloakSession session;

  TokenGenerateResource(KeycloakSession session) {
    this.session = session;
  }

  @POST
  @Path(PATH)
  public Response generate(InputStream body) {
    try {
      // TokenEndpoint's order: transport and realm checks before looking at credentials.
      checkSslAndRealm();
      HttpHeaders headers = session.getContext().getRequestHeaders();
      String contentType = headers.getHeaderString(HttpHeaders.CONTENT_TYPE);
      if (!TokenRequestParser.isJsonContentType(contentType)) {
        throw new CompatException(CompatError.UNSUPPORTED_MEDIA_TYPE);
      }
      TokenRequestParser.checkCharset(contentType);
      TokenRequestParser.checkDeclaredLength(headers.getHeaderString(HttpHeaders.CONTENT_LENGTH));
      TokenRequest request = TokenRequestParser.parse(TokenRequestParser.readBounded(body));
      ClientCredentialsBridge.IssuedToken token =
          new ClientCredentialsBridge(session).issue(request);
      return Envelope.successEnvelope(token.accessToken(), token.ttlSeconds())
          .into(Response.ok())
          .build();
    } catch (CompatException e) {
      return failure(e.error(), e);
    } catch (RuntimeException e) {
      // A changed Keycloak internal arrives here already named and logged by internals/Boundary.
      return failure(CompatError.INTERNAL_ERROR, e);
    }
  }

  private void checkSslAndRealm() {
    KeycloakContext context = session.getContext();
    RealmModel realm = context.getRealm();
    boolean https = "https".equals(context.getUri().getBaseUri().getScheme());
    if (!https && realm.getSslRequired().isRequired(context.getConnection())) {
      throw new CompatException(CompatError.HTTPS_REQUIRED);
    }
    if (!realm.isEnabled()) {
      throw new CompatException(CompatError.REALM_DISABLED);
    }
  }

  private Response failure(CompatError error, Throwable failure) {
    // Like Keycloak's error handler: nothing of a failed request is committed (error events are
    // stored in their own transaction).
    session.getTransactionManager().setRollbackOnly();
    CompatError answer = error.status() >= 500 ? logged(error, failure) : error;
    return Envelope.errorEnvelope(answer).into(Response.status(answer.status())).build();
  }

  /**
   * A server error is logged once, with a reference that the envelope's message repeats, so that
   * "see the server log" leads to exactly one line.
   */
  private CompatError logged(CompatError error, Throwable failure) {
    String reference = UUID.randomUUID().toString();
    RealmModel realm = session.getContext().getRealm();
    Throwable cause = failure instanceof CompatException compat ? compat.getCause() : failure;
    String detail =
        failure instanceof CompatException compat && compat.detail() != null
            ? ": " + compat.detail()
            : "";
    LOG.errorf(
        cause,
        "JSON token endpoint failed in realm '%s' (ref %s)%s",
        realm == null ? "?" : realm.getName(),
        reference,
        detail);
    return error.withReference(reference);
  }
}
