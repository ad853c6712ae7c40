package org.tillauth.keycloak.support;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.IntPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The extension's one reader of JSON request bodies: strict UTF-8 ({@link StrictUtf8}), one JSON
 * value, each field once, nothing after it, and one rule for the {@code Content-Type} ({@link
 * #isJsonType}, {@link #isUtf8Charset}). The admin endpoints and the JSON token endpoint take the
 * raw bytes, so a body is read one way only, whatever the framework's charset handling would make
 * of it; the admin endpoints turn {@link InvalidBodyException} into their error answer, the token
 * endpoint uses the pieces with its own error codes.
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

  // Immutable and thread-safe. Duplicate keys and trailing content are errors: a body that two
  // parsers could read differently must not be acted on.
  private static final ObjectReader JSON =
      new ObjectMapper()
          .reader()
          .with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  private static final Pattern DUPLICATE_FIELD = Pattern.compile("Duplicate field '(.*)'");

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
    if (!isUtf8Charset(contentType)) {
      throw new InvalidBodyException(CHARSET, 415);
    }
    if (body == null) {
      return "";
    }
    return StrictUtf8.decode(body).orElseThrow(() -> new InvalidBodyException(NOT_UTF8, 400));
  }

  /**
   * Whether every {@code charset} parameter names UTF-8 ({@code UTF-8} or {@code utf8}, any case,
   * quoted or not); no parameter means UTF-8.
   */
  public static boolean isUtf8Charset(String contentType) {
    if (contentType == null) {
      return true;
    }
    for (String parameter : contentType.split(";")) {
      String[] pair = parameter.split("=", 2);
      if (pair.length == 2 && pair[0].strip().equalsIgnoreCase("charset")) {
        String value = pair[1].strip();
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
          value = value.substring(1, value.length() - 1);
        }
        if (!value.equalsIgnoreCase("utf-8") && !value.equalsIgnoreCase("utf8")) {
          return false;
        }
      }
    }
    return true;
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
  public static boolean isJsonType(String contentType) {
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
      node = tree(text);
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
   * The one strict JSON reader: any JSON value, each field once, nothing after it. Whatever is not
   * such a value throws; an empty text is a missing node.
   */
  public static JsonNode tree(String text) throws JsonProcessingException {
    return JSON.readTree(text);
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
