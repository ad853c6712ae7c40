package org.tillauth.keycloak.testing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * A PKCE pair (RFC 7636): a random verifier and its S256 challenge, as a public client makes them.
 */
public record Pkce(String verifier, String challenge) {

  private static final SecureRandom RANDOM = new SecureRandom();

  public static Pkce s256() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    String verifier = base64Url(bytes);
    return new Pkce(verifier, challengeOf(verifier));
  }

  public static String challengeOf(String verifier) {
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      return base64Url(sha256.digest(verifier.getBytes(StandardCharsets.US_ASCII)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A random value for state / nonce. */
  public static String randomToken() {
    byte[] bytes = new byte[16];
    RANDOM.nextBytes(bytes);
    return base64Url(bytes);
  }

  private static String base64Url(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
