package org.tillauth.keycloak.till;

import java.util.Optional;
import org.keycloak.credential.CredentialModel;
import org.keycloak.credential.hash.PasswordHashProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.PasswordCredentialModel;

/**
 * Sets a till's password from the MD5 digest the POS will send, stored the way the till login
 * verifies it ({@code till-md5-argon2}), whatever the realm's hashing policy: a plain password is
 * digested first, a legacy digest is hashed as it is, and the digest itself is never stored.
 */
public final class TillPassword {

  /** What a till's stored password means for its digest login. */
  public enum State {
    /** Argon2id over the digest: the till logs in with its digest. */
    MD5_PREHASH,
    /** An imported unsalted MD5 digest: works, upgraded at the first login. */
    LEGACY_MD5,
    /** Another algorithm: cannot be verified from a digest; reset the password. */
    UNUSABLE,
    NONE
  }

  private TillPassword() {}

  /** Replaces the till's password with one verifiable from this (normalized) digest. */
  public static void setDigest(
      KeycloakSession session, RealmModel realm, UserModel till, String digest) {
    Md5PrehashPasswordHashProvider prehash =
        (Md5PrehashPasswordHashProvider)
            session.getProvider(PasswordHashProvider.class, Md5PrehashPasswordHashProvider.ID);
    PasswordCredentialModel encoded =
        prehash.encodeDigest(digest, realm.getPasswordPolicy().getHashIterations());
    Optional<CredentialModel> existing =
        till.credentialManager()
            .getStoredCredentialsByTypeStream(PasswordCredentialModel.TYPE)
            .findFirst();
    if (existing.isPresent()) {
      encoded.setId(existing.get().getId());
      encoded.setUserLabel(existing.get().getUserLabel());
      till.credentialManager().updateStoredCredential(encoded);
    } else {
      encoded.setCreatedDate(System.currentTimeMillis());
      till.credentialManager().createStoredCredential(encoded);
    }
  }

  public static State state(UserModel till) {
    return till.credentialManager()
        .getStoredCredentialsByTypeStream(PasswordCredentialModel.TYPE)
        .findFirst()
        .map(PasswordCredentialModel::createFromCredentialModel)
        .map(c -> c.getPasswordCredentialData().getAlgorithm())
        .map(
            algorithm ->
                Md5PrehashPasswordHashProvider.ID.equals(algorithm)
                    ? State.MD5_PREHASH
                    : LegacyMd5PasswordHashProvider.ID.equals(algorithm)
                        ? State.LEGACY_MD5
                        : State.UNUSABLE)
        .orElse(State.NONE);
  }
}
