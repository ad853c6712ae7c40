package org.tillauth.keycloak.secret;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.keycloak.common.util.SecretGenerator;

/**
 * Client secrets as the server keeps them: {@code hmac-sha256:<salt>:<mac>}, the MAC of the secret
 * keyed with a per-secret random salt. Issued secrets carry 256 random bits, so guessing one from
 * its hash is as hard as guessing it outright and a slow password hash would buy nothing but
 * latency on every token request; the salt keeps equal secrets (e.g. an imported demo secret) from
 * having equal hashes. Pure logic, no Keycloak state.
 */
final class SecretHash {

  static final String ALGORITHM = "hmac-sha256";
  static final int SECRET_BYTES = 32;
  static final int SALT_BYTES = 16;

  private static final String MAC = "HmacSHA256";
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  /** Spent on unknown clients and malformed hashes, so every failure costs one MAC. */
  private static final byte[] DUMMY_SALT = new byte[SALT_BYTES];

  private SecretHash() {}

  /** A new secret: 256 random bits, base64url without padding (43 characters). */
  static String newSecret() {
    return ENCODER.encodeToString(SecretGenerator.getInstance().randomBytes(SECRET_BYTES));
  }

  /** The stored form of a secret, with a fresh random salt. */
  static String hash(String secret) {
    byte[] salt = SecretGenerator.getInstance().randomBytes(SALT_BYTES);
    return ALGORITHM
        + ":"
        + ENCODER.encodeToString(salt)
        + ":"
        + ENCODER.encodeToString(mac(salt, secret));
  }

  /**
   * Whether {@code presented} is the secret {@code stored} was made from. Constant time in the
   * presented value; a missing or malformed stored hash costs the same MAC and never matches.
   */
  static boolean matches(String stored, String presented) {
    if (presented == null) {
      return false;
    }
    byte[][] parsed = parse(stored);
    if (parsed == null) {
      mac(DUMMY_SALT, presented);
      return false;
    }
    return MessageDigest.isEqual(parsed[1], mac(parsed[0], presented));
  }

  /** Does the work of one comparison without any stored hash (unknown client). */
  static void spendComparison(String presented) {
    mac(DUMMY_SALT, presented == null ? "" : presented);
  }

  static boolean isWellFormed(String stored) {
    return parse(stored) != null;
  }

  private static byte[][] parse(String stored) {
    if (stored == null) {
      return null;
    }
    String[] parts = stored.split(":", -1);
    if (parts.length != 3 || !ALGORITHM.equals(parts[0])) {
      return null;
    }
    try {
      byte[] salt = DECODER.decode(parts[1]);
      byte[] mac = DECODER.decode(parts[2]);
      return salt.length == 0 || mac.length != 32 ? null : new byte[][] {salt, mac};
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static byte[] mac(byte[] salt, String secret) {
    try {
      Mac mac = Mac.getInstance(MAC);
      mac.init(new SecretKeySpec(salt.length == 0 ? DUMMY_SALT : salt, MAC));
      return mac.doFinal(secret.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }
}
