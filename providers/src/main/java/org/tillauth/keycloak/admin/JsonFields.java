package org.tillauth.keycloak.admin;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Set;
import java.util.function.Function;
import org.tillauth.keycloak.support.JsonBodies;

/**
 * The fields of a JSON object body (or of an object inside one): only the allowed fields, each read
 * with the texts every admin endpoint answers with ({@link AdminErrors}). Every refusal is an
 * {@link InvalidFieldException}. A field is named in a refusal by its path ({@code
 * administrator.email}).
 */
public final class JsonFields {

  /** What an admin text field holds at most unless a field says otherwise: Keycloak's columns. */
  public static final int MAX_TEXT = 255;

  private final JsonNode node;
  private final String prefix;
  private final Function<String, ? extends RuntimeException> refusal;

  private JsonFields(
      JsonNode node, String prefix, Function<String, ? extends RuntimeException> refusal) {
    this.node = node;
    this.prefix = prefix;
    this.refusal = refusal;
  }

  /** One JSON object (strict, see {@link JsonBodies#object}) with only these fields. */
  public static JsonFields of(String text, Set<String> allowed) {
    JsonNode node;
    try {
      node = JsonBodies.object(text);
    } catch (JsonBodies.InvalidBodyException e) {
      throw new InvalidFieldException(e.getMessage());
    }
    return of(node, allowed, "", InvalidFieldException::new);
  }

  /** This object with only these fields; its fields are named {@code prefix + field}. */
  static JsonFields of(
      JsonNode node,
      Set<String> allowed,
      String prefix,
      Function<String, ? extends RuntimeException> refusal) {
    JsonFields fields = new JsonFields(node, prefix, refusal);
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String field = names.next();
      if (!allowed.contains(field)) {
        throw fields.refuse(AdminErrors.UNKNOWN_FIELD, field);
      }
    }
    return fields;
  }

  /** These fields refused as a resource answers: a 400 {@code invalid_request}. */
  JsonFields answeringBadRequest() {
    return new JsonFields(node, prefix, AdminErrors::badRequest);
  }

  /** The object in this field, with only these fields; required. */
  public JsonFields object(String field, Set<String> allowed) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      throw refuse(AdminErrors.REQUIRED, field);
    }
    if (!value.isObject()) {
      throw refuse(AdminErrors.NOT_OBJECT, field);
    }
    return of(value, allowed, label(field) + ".", refusal);
  }

  /** Present and not null. */
  public boolean has(String field) {
    return node.hasNonNull(field);
  }

  /** The raw value, or null when absent; for fields of their own shape. */
  public JsonNode get(String field) {
    return node.get(field);
  }

  /** The string as sent (at most {@link #MAX_TEXT}, no controls), or null when absent or null. */
  public String text(String field) {
    return text(field, MAX_TEXT);
  }

  /** The string as sent (at most {@code max} characters, no controls), or null. */
  public String text(String field, int max) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      throw refuse(AdminErrors.NOT_STRING, field);
    }
    String text = value.asText();
    if (text.length() > max) {
      throw refuse(AdminErrors.TOO_LONG, field, max);
    }
    if (!JsonBodies.isCleanText(text)) {
      throw refuse(JsonBodies.NOT_TEXT, field);
    }
    return text;
  }

  /** A non-blank string ({@link #text(String)}), stripped. */
  public String required(String field) {
    return required(field, MAX_TEXT);
  }

  /** A non-blank string ({@link #text(String, int)}), stripped. */
  public String required(String field, int max) {
    String value = text(field, max);
    if (value == null || value.isBlank()) {
      throw refuse(AdminErrors.REQUIRED, field);
    }
    return value.strip();
  }

  /** True or false, or null when absent or null. */
  public Boolean bool(String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isBoolean()) {
      throw refuse(AdminErrors.NOT_BOOLEAN, field);
    }
    return value.asBoolean();
  }

  /** A refusal with this text about this field (named by its path), and further arguments. */
  public RuntimeException refuse(String text, String field, Object... more) {
    Object[] arguments = new Object[more.length + 1];
    arguments[0] = label(field);
    System.arraycopy(more, 0, arguments, 1, more.length);
    return refusal.apply(String.format(text, arguments));
  }

  private String label(String field) {
    return prefix + field;
  }
}
