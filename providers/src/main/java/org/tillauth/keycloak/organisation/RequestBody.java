package org.tillauth.keycloak.organisation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Iterator;
import java.util.Set;

/** A JSON object body with a fixed set of fields; every refusal is a 400 with its text. */
final class RequestBody {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_TEXT = 255;

  private final JsonNode node;

  private RequestBody(JsonNode node) {
    this.node = node;
  }

  static RequestBody parse(String body, Set<String> fields) {
    JsonNode node;
    try {
      node = body == null || body.isBlank() ? null : JSON.readTree(body);
    } catch (JsonProcessingException e) {
      node = null;
    }
    if (node == null || !node.isObject()) {
      throw OrganisationErrors.badRequest(OrganisationErrors.NOT_JSON);
    }
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String field = names.next();
      if (!fields.contains(field)) {
        throw OrganisationErrors.badRequest(String.format(OrganisationErrors.UNKNOWN_FIELD, field));
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
      throw OrganisationErrors.badRequest(String.format(OrganisationErrors.NOT_STRING, field));
    }
    if (value.asText().length() > MAX_TEXT) {
      throw OrganisationErrors.badRequest(
          String.format(OrganisationErrors.TOO_LONG, field, MAX_TEXT));
    }
    return value.asText();
  }

  /** A non-blank string, stripped. */
  String required(String field) {
    String value = text(field);
    if (value == null || value.isBlank()) {
      throw OrganisationErrors.badRequest(String.format(OrganisationErrors.REQUIRED, field));
    }
    return value.strip();
  }

  Boolean bool(String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isBoolean()) {
      throw OrganisationErrors.badRequest(String.format(OrganisationErrors.NOT_BOOLEAN, field));
    }
    return value.asBoolean();
  }
}
