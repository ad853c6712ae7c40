package org.tillauth.keycloak.organisation;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.Iterator;
import java.util.Set;
import org.keycloak.OAuthErrorException;
import org.keycloak.models.KeycloakSession;
import org.keycloak.services.ErrorResponseException;
import org.tillauth.keycloak.support.AdminErrors;
import org.tillauth.keycloak.support.JsonBodies;

/** A JSON object body with a fixed set of fields; every refusal is a 400 with its text. */
final class RequestBody {

  private static final int MAX_TEXT = 255;

  private final JsonNode node;

  private RequestBody(JsonNode node) {
    this.node = node;
  }

  /**
   * The request's raw body (strict UTF-8, see {@link JsonBodies}) as an object with only these
   * fields.
   */
  static RequestBody parse(KeycloakSession session, byte[] body, Set<String> fields) {
    String contentType =
        session.getContext().getRequestHeaders().getHeaderString(HttpHeaders.CONTENT_TYPE);
    JsonNode node;
    try {
      node = JsonBodies.object(JsonBodies.jsonText(body, contentType));
    } catch (JsonBodies.InvalidBodyException e) {
      throw new ErrorResponseException(
          OAuthErrorException.INVALID_REQUEST,
          e.getMessage(),
          Response.Status.fromStatusCode(e.status()));
    }
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String field = names.next();
      if (!fields.contains(field)) {
        throw OrganisationErrors.badRequest(String.format(AdminErrors.UNKNOWN_FIELD, field));
      }
    }
    return new RequestBody(node);
  }

  boolean has(String field) {
    return node.hasNonNull(field);
  }

  /** The string, or null when absent or null. */
  String text(String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      throw OrganisationErrors.badRequest(String.format(AdminErrors.NOT_STRING, field));
    }
    if (value.asText().length() > MAX_TEXT) {
      throw OrganisationErrors.badRequest(String.format(AdminErrors.TOO_LONG, field, MAX_TEXT));
    }
    if (!JsonBodies.isCleanText(value.asText())) {
      throw OrganisationErrors.badRequest(String.format(JsonBodies.NOT_TEXT, field));
    }
    return value.asText();
  }

  /** A non-blank string, stripped. */
  String required(String field) {
    String value = text(field);
    if (value == null || value.isBlank()) {
      throw OrganisationErrors.badRequest(String.format(AdminErrors.REQUIRED, field));
    }
    return value.strip();
  }

  Boolean bool(String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isBoolean()) {
      throw OrganisationErrors.badRequest(String.format(AdminErrors.NOT_BOOLEAN, field));
    }
    return value.asBoolean();
  }
}
