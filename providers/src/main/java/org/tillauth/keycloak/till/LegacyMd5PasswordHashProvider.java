package org.tillauth.keycloak.till;

import org.keycloak.credential.hash.PasswordHashProvider;
import org.keycloak.models.ModelException;
import org.keycloak.models.PasswordPolicy;
import org.keycloak.models.credential.PasswordCredentialModel;

/**
 * Reads credentials imported from a legacy system as unsalted MD5 hex ({@code "algorithm":"md5"}).
 * It never writes one: {@link #policyCheck} always fails, so Keycloak re-hashes such a credential
 * with the realm's policy algorithm on the first successful plain-password login, and the till
 * authenticator does the same on the first successful digest login.
 */
public final class LegacyMd5PasswordHashProvider implements PasswordHashProvider {

  public static final String ID = "md5";

  @Override
  public boolean policyCheck(PasswordPolicy policy, PasswordCredentialModel credential) {
    return false;
  }

  @Override
  public PasswordCredentialModel encodedCredential(String rawPassword, int iterations) {
    throw new ModelException(
        "Unsalted MD5 is accepted only for imported legacy credentials; set the realm password"
            + " policy's hash algorithm to "
            + Md5PrehashPasswordHashProvider.ID);
  }

  @Override
  public boolean verify(String rawPassword, PasswordCredentialModel credential) {
    return verifyDigest(Md5Digest.of(rawPassword), credential);
  }

  /** Constant-time comparison of a (normalized) digest with the stored legacy digest. */
  public boolean verifyDigest(String digest, PasswordCredentialModel credential) {
    return Md5Digest.matches(credential.getPasswordSecretData().getValue(), digest);
  }

  @Override
  public void close() {}
}
