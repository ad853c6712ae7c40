package org.tillauth.keycloak.till;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

/** The legacy POS wire format: a password sent as the hex MD5 digest of its UTF-8 bytes. */
public final class Md5Digest {

  public static final int HEX_LENGTH = 32;

  private Md5Digest() {}

  /** Lowercase hex MD5 of the password's UTF-8 bytes, as legacy tills compute it. */
  public static String of(String password) {
    try {
      byte[] digest =
          MessageDigest.getInstance("MD5").digest(password.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("MD5 not available in this JVM", e);
    }
  }

  /**
   * The digest in canonical (lowercase) form, or empty when the value is not exactly 32 hex
   * characters. Upper-case hex is accepted because some POS software sends it.
   */
  public static Optional<String> normalize(String value) {
    if (value == null || value.length() != HEX_LENGTH) {
      return Optional.empty();
    }
    for (int i = 0; i < HEX_LENGTH; i++) {
      if (!isAsciiHex(value.charAt(i))) {
        return Optional.empty();
      }
    }
    return Optional.of(value.toLowerCase(Locale.ROOT));
  }

  private static boolean isAsciiHex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  /** Constant-time comparison of two digests (no early exit on the first differing byte). */
  public static boolean matches(String expected, String actual) {
    if (expected == null || actual == null) {
      return false;
    }
    return MessageDigest.isEqual(
        expected.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII),
        actual.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
  }
}
