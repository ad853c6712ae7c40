package org.tillauth.keycloak.admin;

import jakarta.ws.rs.core.HttpHeaders;
import java.util.Set;
import java.util.function.Supplier;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.ErrorResponseException;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;
import org.tillauth.keycloak.internals.jpa.RowLocks;
import org.tillauth.keycloak.support.JsonBodies;

/**
 * The base of the extension's admin REST resources, as p2-inc/keycloak-orgs' {@code
 * AbstractAdminResource} is of theirs: what Keycloak hands the request ({@link AdminRequest}), the
 * body read strictly ({@link JsonBodies}) with every refusal translated to Keycloak's admin error
 * format ({@link AdminErrors}), row locks whose timeout is a 409, the admin event, and the
 * not-found that does not tell a caller without view permission what exists.
 */
public abstract class AdminResource {

  protected final KeycloakSession session;
  protected final RealmModel realm;
  protected final AdminPermissionEvaluator auth;
  protected final AdminEventBuilder adminEvent;

  protected AdminResource(AdminRequest request) {
    this.session = request.session();
    this.realm = request.realm();
    this.auth = request.auth();
    this.adminEvent = request.adminEvent();
  }

  /** The request's declared content type, or null. */
  protected final String contentType() {
    return session.getContext().getRequestHeaders().getHeaderString(HttpHeaders.CONTENT_TYPE);
  }

  /** The raw body of a write that takes JSON: declared as JSON (else 415), strict UTF-8. */
  protected final String jsonText(byte[] body) {
    return read(() -> JsonBodies.jsonText(body, contentType()));
  }

  /** The raw body as text, whatever its declared type: strict UTF-8; a refusal is a 400 or 415. */
  protected final String text(byte[] body) {
    return read(() -> JsonBodies.text(body, contentType()));
  }

  /** A JSON object body with only these fields (see {@link JsonFields}). */
  protected final JsonFields fields(byte[] body, Set<String> allowed) {
    return read(() -> JsonFields.of(JsonBodies.jsonText(body, contentType()), allowed))
        .answeringBadRequest();
  }

  /**
   * Reads request input: a body refused by {@link JsonBodies} keeps its status (400 or 415), a
   * field refused by {@link InvalidFieldException} is a 400 with its message.
   */
  protected static <T> T read(Supplier<T> input) {
    try {
      return input.get();
    } catch (JsonBodies.InvalidBodyException e) {
      throw AdminErrors.invalidRequest(e.getMessage(), e.status());
    } catch (InvalidFieldException e) {
      throw AdminErrors.badRequest(e.getMessage());
    }
  }

  /** A step that takes or writes locked rows ({@link RowLocks}). */
  @FunctionalInterface
  public interface Locked<T> {
    T run();
  }

  /**
   * Runs a step under row locks; a lock not had in time, or a write that lost a race, is a 409
   * saying someone else changed {@code what}.
   */
  public static <T> T locked(String what, Locked<T> step) {
    try {
      return step.run();
    } catch (RowLocks.Conflict e) {
      throw AdminErrors.conflict(what);
    }
  }

  /** Writes the pending changes now, so that a lost race is a 409 here rather than at commit. */
  protected final void flush(String what) {
    locked(
        what,
        () -> {
          RowLocks.flush(session);
          return null;
        });
  }

  /**
   * The admin event of a change, ready for its representation or details and {@code success()}:
   * recorded as Keycloak records its own, and read back by the organisation's audit trail.
   */
  protected final AdminEventBuilder event(
      OperationType operation, ResourceType resource, String... path) {
    return adminEvent.operation(operation).resource(resource).resourcePath(path);
  }

  /**
   * A 404 for something not found, after {@code requireView}: a caller who may not view such things
   * gets the 403 it would get if the thing existed, so the difference does not list what exists.
   */
  protected static ErrorResponseException notFound(Runnable requireView, String description) {
    requireView.run();
    return AdminErrors.notFound(description);
  }
}
