package org.tillauth.keycloak.till;

import org.keycloak.credential.hash.PasswordHashProvider;
import org.keycloak.models.PasswordPolicy;
import org.keycloak.models.credential.PasswordCredentialModel;
import org.keycloak.models.credential.dto.PasswordCredentialData;
import org.keycloak.models.credential.dto.PasswordSecretData;

/**
 * Stores {@code argon2(md5hex(password))}: salted and memory-hard at rest, yet verifiable from the
 * MD5 digest a legacy till sends. Plain-password logins (browser, admin reset) work unchanged
 * because the raw value is MD5-hexed before Argon2; tills skip that step through {@link
 * #verifyDigest}.
 */
public final class Md5PrehashPasswordHashProvider implements PasswordHashProvider {

  public static final String ID = "till-md5-argon2";

  private final PasswordHashProvider argon2;

  Md5PrehashPasswordHashProvider(PasswordHashProvider argon2) {
    this.argon2 = argon2;
  }

  @Override
  public boolean policyCheck(PasswordPolicy policy, PasswordCredentialModel credential) {
    return ID.equals(credential.getPasswordCredentialData().getAlgorithm())
        && argon2.policyCheck(policy, credential);
  }

  @Override
  public PasswordCredentialModel encodedCredential(String rawPassword, int iterations) {
    return encodeDigest(Md5Digest.of(rawPassword), iterations);
  }

  @Override
  public boolean verify(String rawPassword, PasswordCredentialModel credential) {
    return verifyDigest(Md5Digest.of(rawPassword), credential);
  }

  /** Hashes an already-computed (normalized) MD5 digest; used when migrating legacy digests. */
  public PasswordCredentialModel encodeDigest(String digest, int iterations) {
    PasswordCredentialModel inner = argon2.encodedCredential(digest, iterations);
    PasswordCredentialData data = inner.getPasswordCredentialData();
    PasswordSecretData secret = inner.getPasswordSecretData();
    return PasswordCredentialModel.createFromValues(
        ID,
        secret.getSalt(),
        data.getHashIterations(),
        data.getAdditionalParameters(),
        secret.getValue());
  }

  /** Verifies a (normalized) MD5 digest against a credential stored by this provider. */
  public boolean verifyDigest(String digest, PasswordCredentialModel credential) {
    return argon2.verify(digest, credential);
  }

  @Override
  public void close() {}
}
