package org.tillauth.keycloak.apiclient;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Set;
import org.tillauth.keycloak.lifespan.LifespanDuration;
import org.tillauth.keycloak.support.AdminErrors;
import org.tillauth.keycloak.support.JsonBodies;

/**
 * The register/update body: {@code name}, {@code description}, {@code tokenExpiry} ({@code 60m},
 * {@code 2h}, {@code 30d}), {@code defaultTill}, {@code useDefaultTillForInvalidTill}, {@code
 * accessGroup} (and {@code enabled} on update). Absent fields are null: required on register,
 * unchanged on update. Only syntax is checked here; tills, groups and the ceiling are checked
 * against the realm by the resource.
 */
record ApiClientRequest(
    String name,
    String description,
    Long tokenExpirySeconds,
    String defaultTill,
    Boolean useDefaultTillForInvalidTill,
    String accessGroup,
    Boolean enabled) {

  static final int NAME_MAX = 255;
  static final int DESCRIPTION_MAX = 255;
  static final int CODE_MAX = 255;

  private static final Set<String> FIELDS =
      Set.of(
          "name",
          "description",
          "tokenExpiry",
          "defaultTill",
          "useDefaultTillForInvalidTill",
          "accessGroup",
          "enabled");

  /** One JSON object, each field once, nothing after it (see {@link JsonBodies}). */
  static JsonNode object(String body) {
    try {
      return JsonBodies.object(body);
    } catch (JsonBodies.InvalidBodyException e) {
      throw new InvalidInputException(e.getMessage());
    }
  }

  static ApiClientRequest parse(String body, boolean register) {
    JsonNode node = object(body);
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String field = names.next();
      if (!FIELDS.contains(field) || (register && "enabled".equals(field))) {
        throw new InvalidInputException(String.format(AdminErrors.UNKNOWN_FIELD, field));
      }
    }
    String name = text(node, "name", NAME_MAX, register);
    if (name != null && name.isBlank()) {
      throw new InvalidInputException(String.format(AdminErrors.REQUIRED, "name"));
    }
    if (name != null && !JsonBodies.isVisibleName(name)) {
      throw new InvalidInputException(String.format(JsonBodies.INVISIBLE, "name"));
    }
    String expiry = text(node, "tokenExpiry", 20, register);
    return new ApiClientRequest(
        name == null ? null : name.strip(),
        text(node, "description", DESCRIPTION_MAX, false),
        expiry == null ? null : expirySeconds(expiry),
        stripped(text(node, "defaultTill", CODE_MAX, register)),
        bool(node, "useDefaultTillForInvalidTill"),
        stripped(text(node, "accessGroup", CODE_MAX, register)),
        bool(node, "enabled"));
  }

  /** Seconds of a token expiry such as {@code 60m}; the ceiling itself is the policy's to judge. */
  static long expirySeconds(String text) {
    LifespanDuration duration =
        LifespanDuration.parse(text)
            .orElseThrow(() -> new InvalidInputException(ApiClientErrors.EXPIRY_SYNTAX));
    if (duration.seconds() < 60) {
      throw new InvalidInputException(ApiClientErrors.EXPIRY_TOO_SHORT);
    }
    return duration.seconds();
  }

  private static String text(JsonNode node, String field, int max, boolean required) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      if (required) {
        throw new InvalidInputException(String.format(AdminErrors.REQUIRED, field));
      }
      return null;
    }
    if (!value.isTextual()) {
      throw new InvalidInputException(String.format(AdminErrors.NOT_STRING, field));
    }
    if (required && value.asText().isBlank()) {
      throw new InvalidInputException(String.format(AdminErrors.REQUIRED, field));
    }
    if (value.asText().length() > max) {
      throw new InvalidInputException(String.format(AdminErrors.TOO_LONG, field, max));
    }
    if (!JsonBodies.isCleanText(value.asText())) {
      throw new InvalidInputException(String.format(JsonBodies.NOT_TEXT, field));
    }
    return value.asText();
  }

  private static String stripped(String value) {
    return value == null ? null : value.strip();
  }

  private static Boolean bool(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isBoolean()) {
      throw new InvalidInputException(String.format(AdminErrors.NOT_BOOLEAN, field));
    }
    return value.asBoolean();
  }
}
