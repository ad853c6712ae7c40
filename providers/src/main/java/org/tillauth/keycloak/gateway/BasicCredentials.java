package org.tillauth.keycloak.gateway;

import java.util.Base64;
import java.util.Optional;
import org.tillauth.keycloak.support.StrictUtf8;

/**
 * RFC 7617 Basic credentials: {@code base64(user-id ":" password)}, UTF-8, split at the first
 * colon. Anything that is not exactly that (bad base64, invalid or overlong UTF-8, no colon,
 * control characters, oversize values) is refused as a whole.
 */
record BasicCredentials(String userId, String password) {

  /** Longer than any till code plus a 32-character digest; bounds the work done on junk. */
  static final int MAX_ENCODED_LENGTH = 512;

  static Optional<BasicCredentials> parse(String encoded) {
    if (encoded == null || encoded.isEmpty() || encoded.length() > MAX_ENCODED_LENGTH) {
      return Optional.empty();
    }
    byte[] raw;
    try {
      raw = Base64.getDecoder().decode(encoded);
    } catch (IllegalArgumentException notBase64) {
      return Optional.empty();
    }
    Optional<String> text = StrictUtf8.decode(raw);
    if (text.isEmpty()) {
      return Optional.empty();
    }
    String decoded = text.get();
    int colon = decoded.indexOf(':');
    if (colon <= 0 || hasControlCharacter(decoded)) {
      return Optional.empty();
    }
    return Optional.of(
        new BasicCredentials(decoded.substring(0, colon), decoded.substring(colon + 1)));
  }

  /** C0 controls, DEL and C1 controls (RFC 7617 forbids them in user-id and password). */
  static boolean hasControlCharacter(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return "BasicCredentials[userId=" + userId + ", password=***]";
  }
}
