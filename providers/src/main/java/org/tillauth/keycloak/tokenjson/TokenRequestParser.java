package org.tillauth.keycloak.tokenjson;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import org.tillauth.keycloak.support.JsonBodies;
import org.tillauth.keycloak.support.StrictUtf8;

/**
 * Validates the transport and the body of a token request: JSON content type, bounded size, a JSON
 * object with non-empty string fields {@code key} and {@code secret}. Other fields are ignored so
 * that clients sending extra platform fields keep working.
 *
 * <p>Read with the extension's one JSON reader ({@link JsonBodies}). The body must be UTF-8 (RFC
 * 8259), strictly: overlong forms, encoded surrogates, invalid bytes and a byte-order mark are
 * refused, so that one identifier has exactly one byte form. A {@code charset} parameter other than
 * UTF-8 is refused rather than honoured.
 */
final class TokenRequestParser {

  /** Far above any real key + secret (client ids are at most 255 characters). */
  static final int MAX_BODY_BYTES = 8192;

  /** Keycloak's client id column holds 255 characters. */
  static final int MAX_KEY_LENGTH = 255;

  static final String FIELD_KEY = "key";
  static final String FIELD_SECRET = "secret";

  private TokenRequestParser() {}

  /** True for {@code application/json} with any parameters (charset); case-insensitive. */
  static boolean isJsonContentType(String contentType) {
    return JsonBodies.isJsonType(contentType);
  }

  /**
   * Refuses a {@code charset} parameter naming anything but UTF-8 (quoted or not, any case); no
   * parameter means UTF-8.
   */
  static void checkCharset(String contentType) {
    if (!JsonBodies.isUtf8Charset(contentType)) {
      throw new CompatException(CompatError.UNSUPPORTED_CHARSET);
    }
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
      root = JsonBodies.tree(strictUtf8(body));
    } catch (IOException e) {
      throw new CompatException(CompatError.BODY_MALFORMED);
    }
    if (root == null || !root.isObject()) {
      throw new CompatException(CompatError.BODY_NOT_OBJECT);
    }
    TokenRequest request = new TokenRequest(field(root, FIELD_KEY), field(root, FIELD_SECRET));
    if (!JsonBodies.isLookupSafe(request.key(), MAX_KEY_LENGTH)) {
      // No client can have this id, and some databases refuse the query (PostgreSQL: NUL):
      // answered as an unknown key.
      throw new CompatException(CompatError.INVALID_CLIENT);
    }
    return request;
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

  /**
   * The body as text. Jackson's own UTF-8 reader decodes overlong forms ({@code C1 A4} as {@code
   * d}), which would let two byte strings name the same client; the JDK decoder refuses them.
   */
  private static String strictUtf8(byte[] body) {
    String text =
        StrictUtf8.decode(body).orElseThrow(() -> new CompatException(CompatError.BODY_MALFORMED));
    if (text.startsWith("\uFEFF")) {
      throw new CompatException(CompatError.BODY_MALFORMED);
    }
    return text;
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
