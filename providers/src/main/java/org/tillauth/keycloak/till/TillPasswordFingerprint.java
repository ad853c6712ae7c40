package org.tillauth.keycloak.till;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.PasswordCredentialModel;

/**
 * Identifies the exact stored password of a till (credential id, creation time and a hash of the
 * stored hash), so that a cached "this digest verified" can be checked against the current
 * credential without another password hash. Any password change, reset or re-hash changes it.
 */
public final class TillPasswordFingerprint {

  private TillPasswordFingerprint() {}

  public static Optional<String> of(UserModel till) {
    return till.credentialManager()
        .getStoredCredentialsByTypeStream(PasswordCredentialModel.TYPE)
        .findFirst()
        .map(
            credential ->
                credential.getId()
                    + ":"
                    + credential.getCreatedDate()
                    + ":"
                    + sha256(credential.getSecretData() + "\n" + credential.getCredentialData()));
  }

  private static String sha256(String value) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 not available in this JVM", e);
    }
  }
}
