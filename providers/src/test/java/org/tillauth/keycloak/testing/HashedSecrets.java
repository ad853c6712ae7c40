package org.tillauth.keycloak.testing;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The documented storage format of hashed client secrets ({@code hmac-sha256:<salt>:<mac>},
 * base64url), computed independently of the extension so tests can seed clients with a known
 * secret.
 */
public final class HashedSecrets {

  public static final String AUTHENTICATOR = "client-secret-hashed";
  public static final String HASH_ATTRIBUTE = "tillauth.secret.hash";
  public static final String PREVIOUS_HASH_ATTRIBUTE = "tillauth.secret.previous.hash";
  public static final String PREVIOUS_EXPIRES_ATTRIBUTE = "tillauth.secret.previous.expires";

  private HashedSecrets() {}

  public static String hash(String secret) {
    byte[] salt = new byte[16];
    new SecureRandom().nextBytes(salt);
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(salt, "HmacSHA256"));
      Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
      return "hmac-sha256:"
          + b64.encodeToString(salt)
          + ":"
          + b64.encodeToString(mac.doFinal(secret.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
