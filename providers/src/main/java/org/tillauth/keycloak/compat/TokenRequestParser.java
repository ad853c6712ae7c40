package org.tillauth.keycloak.compat;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;

/**
 * Validates the transport and the body of a token request: JSON content type, bounded size, a JSON
 * object with non-empty string fields {@code key} and {@code secret}. Other fields are ignored so
 * that clients sending extra platform fields keep working.
 */
final class TokenRequestParser {

  /** Far above any real key + secret (client ids are at most 255 characters). */
  static final int MAX_BODY_BYTES = 8192;

  static final String FIELD_KEY = "key";
  static final String FIELD_SECRET = "secret";

  // Immutable and thread-safe. Duplicate keys and trailing content are errors: a body that two
  // parsers could read differently must not authenticate.
  private static final ObjectReader READER =
      new ObjectMapper()
          .reader()
          .with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private TokenRequestParser() {}

  /** True for {@code application/json} with any parameters (charset); case-insensitive. */
  static boolean isJsonContentType(String contentType) {
    if (contentType == null) {
      return false;
    }
    int semicolon = contentType.indexOf(';');
    String mediaType = semicolon < 0 ? contentType : contentType.substring(0, semicolon);
    return mediaType.trim().toLowerCase(Locale.ROOT).equals("application/json");
  }

  /** Fails fast on a declared length above the limit, before reading anything. */
  static void checkDeclaredLength(String contentLength) {
    if (contentLength == null) {
      return;
    }
    try {
      if (Long.parseLong(contentLength.trim()) > MAX_BODY_BYTES) {
        throw new CompatException(CompatError.BODY_TOO_LARGE);
      }
    } catch (NumberFormatException e) {
      // The HTTP layer owns Content-Length syntax; the bounded read below still applies.
    }
  }

  /** Reads at most {@link #MAX_BODY_BYTES}; more is an error (chunked bodies have no length). */
  static byte[] readBounded(InputStream body) {
    if (body == null) {
      return new byte[0];
    }
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buffer = new byte[1024];
      int read;
      while ((read = body.read(buffer)) != -1) {
        out.write(buffer, 0, read);
        if (out.size() > MAX_BODY_BYTES) {
          throw new CompatException(CompatError.BODY_TOO_LARGE);
        }
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new CompatException(CompatError.BODY_MALFORMED);
    }
  }

  static TokenRequest parse(byte[] body) {
    if (isBlank(body)) {
      throw new CompatException(CompatError.BODY_EMPTY);
    }
    JsonNode root;
    try {
      root = READER.readTree(body);
    } catch (IOException e) {
      throw new CompatException(CompatError.BODY_MALFORMED);
    }
    if (root == null || !root.isObject()) {
      throw new CompatException(CompatError.BODY_NOT_OBJECT);
    }
    return new TokenRequest(field(root, FIELD_KEY), field(root, FIELD_SECRET));
  }

  private static String field(JsonNode root, String name) {
    JsonNode value = root.get(name);
    if (value == null) {
      throw new CompatException(CompatError.FIELD_MISSING.forField(name));
    }
    if (!value.isTextual() || value.textValue().isBlank()) {
      throw new CompatException(CompatError.FIELD_INVALID.forField(name));
    }
    return value.textValue();
  }

  private static boolean isBlank(byte[] body) {
    for (byte b : body) {
      if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
        return false;
      }
    }
    return true;
  }
}
