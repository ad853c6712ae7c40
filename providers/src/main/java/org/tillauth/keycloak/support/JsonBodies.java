package org.tillauth.keycloak.support;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.function.IntPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Request bodies of the extension's admin endpoints: strict UTF-8, one JSON object, each field
 * once, nothing after it. The endpoints take the raw bytes, so a body is read one way only,
 * whatever the framework's charset handling would make of it; each endpoint turns {@link
 * InvalidBodyException} into its own error answer.
 */
public final class JsonBodies {

  public static final String NOT_JSON = "Request body must be a JSON object";
  public static final String NOT_UTF8 = "Request body must be UTF-8 encoded";
  public static final String CHARSET = "Content-Type charset must be UTF-8";
  public static final String NOT_JSON_TYPE = "Content-Type must be application/json";
  public static final String INVISIBLE =
      "Field '%s' must not contain invisible or bidirectional control characters"
          + " (U+200B to U+200F, U+202A to U+202E, U+2066 to U+2069, U+FEFF)";
  public static final String DUPLICATE = "Field '%s' must appear only once";
  public static final String NOT_TEXT =
      "Field '%s' must not contain control characters or unpaired surrogates";

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  private static final Pattern DUPLICATE_FIELD = Pattern.compile("Duplicate field '(.*)'");
  private static final Pattern UTF8 = Pattern.compile("\"?utf-?8\"?");

  /** A refused body: the message for {@code error_description} and the status to answer with. */
  public static final class InvalidBodyException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final int status;

    InvalidBodyException(String message, int status) {
      super(message);
      this.status = status;
    }

    public int status() {
      return status;
    }
  }

  private JsonBodies() {}

  /**
   * The body as text. Only UTF-8 is read (a {@code charset} parameter naming anything else is a
   * 415), and strictly: invalid, overlong or surrogate byte sequences are refused rather than
   * replaced, so one text has exactly one byte form.
   */
  public static String text(byte[] body, String contentType) {
    if (contentType != null) {
      for (String parameter : contentType.split(";")) {
        String[] pair = parameter.split("=", 2);
        if (pair.length == 2 && pair[0].strip().equalsIgnoreCase("charset")) {
          if (!UTF8.matcher(pair[1].strip().toLowerCase(Locale.ROOT)).matches()) {
            throw new InvalidBodyException(CHARSET, 415);
          }
        }
      }
    }
    if (body == null) {
      return "";
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(body))
          .toString();
    } catch (CharacterCodingException e) {
      throw new InvalidBodyException(NOT_UTF8, 400);
    }
  }

  /**
   * The body of a write that takes JSON: as {@link #text}, after checking that the request says it
   * is JSON. The framework matches {@code @Consumes(application/json)} for a request without a
   * {@code Content-Type} and for {@code *}{@code /*} too; both get the 415 other types get.
   */
  public static String jsonText(byte[] body, String contentType) {
    if (!isJsonType(contentType)) {
      throw new InvalidBodyException(NOT_JSON_TYPE, 415);
    }
    return text(body, contentType);
  }

  /** {@code application/json}, any case, with or without parameters; no wildcards. */
  static boolean isJsonType(String contentType) {
    if (contentType == null) {
      return false;
    }
    int parameters = contentType.indexOf(';');
    String type = parameters < 0 ? contentType : contentType.substring(0, parameters);
    return type.strip().equalsIgnoreCase("application/json");
  }

  /** One JSON object, each field once, nothing after it. */
  public static ObjectNode object(String text) {
    if (text == null || text.isBlank()) {
      throw new InvalidBodyException(NOT_JSON, 400);
    }
    JsonNode node;
    try {
      node = JSON.readTree(text);
    } catch (JsonParseException e) {
      Matcher duplicate = DUPLICATE_FIELD.matcher(String.valueOf(e.getOriginalMessage()));
      if (duplicate.matches()) {
        throw new InvalidBodyException(String.format(DUPLICATE, duplicate.group(1)), 400);
      }
      throw new InvalidBodyException(NOT_JSON, 400);
    } catch (JsonProcessingException e) {
      throw new InvalidBodyException(NOT_JSON, 400);
    }
    if (node == null || !node.isObject()) {
      throw new InvalidBodyException(NOT_JSON, 400);
    }
    return (ObjectNode) node;
  }

  /**
   * An identifier that can be looked up as it is: at most {@code maxLength} characters, no NUL
   * (PostgreSQL refuses the whole query) and no unpaired surrogate (which UTF-8 cannot encode). No
   * stored name can be anything else, so refusing it is the same as not finding it.
   */
  public static boolean isLookupSafe(String value, int maxLength) {
    return value.length() <= maxLength && encodable(value, c -> c == '\0');
  }

  /**
   * Text that can be stored and shown as it is: no control characters (a NUL is refused by
   * PostgreSQL at commit) and no unpaired surrogates (which UTF-8 cannot encode).
   */
  public static boolean isCleanText(String value) {
    return encodable(value, Character::isISOControl);
  }

  /**
   * Whether a name shows what it is: no zero-width characters (U+200B to U+200F, U+FEFF) and no
   * bidirectional controls (U+202A to U+202E, U+2066 to U+2069), with which one name can look like
   * another ({@code "store\u202E100-"} shows as {@code store-001}) or hide a difference.
   */
  public static boolean isVisibleName(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if ((c >= '\u200B' && c <= '\u200F')
          || (c >= '\u202A' && c <= '\u202E')
          || (c >= '\u2066' && c <= '\u2069')
          || c == '\uFEFF') {
        return false;
      }
    }
    return true;
  }

  /** No character {@code refused} and no unpaired surrogate. */
  private static boolean encodable(String value, IntPredicate refused) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (refused.test(c)) {
        return false;
      }
      if (Character.isHighSurrogate(c)) {
        if (i + 1 >= value.length() || !Character.isLowSurrogate(value.charAt(i + 1))) {
          return false;
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        return false;
      }
    }
    return true;
  }
}
