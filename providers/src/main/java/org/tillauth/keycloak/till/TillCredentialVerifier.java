package org.tillauth.keycloak.till;

import java.util.Optional;
import org.jboss.logging.Logger;
import org.keycloak.credential.hash.PasswordHashProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.PasswordCredentialModel;
import org.tillauth.keycloak.support.WarningThrottle;

/**
 * Verifies an MD5 digest against a till's stored password without hashing it twice (Keycloak's
 * {@code isValid} would treat the digest as a plain password and may re-encode it). Legacy unsalted
 * MD5 credentials are upgraded to {@link Md5PrehashPasswordHashProvider} on the first success.
 */
final class TillCredentialVerifier {

  private static final Logger LOG = Logger.getLogger(TillCredentialVerifier.class);

  private final KeycloakSession session;
  private final RealmModel realm;
  private final WarningThrottle warnings;

  TillCredentialVerifier(KeycloakSession session, RealmModel realm, WarningThrottle warnings) {
    this.session = session;
    this.realm = realm;
    this.warnings = warnings;
  }

  /** True when the digest matches; every failing path spends one password hash (no timing leak). */
  boolean verify(UserModel user, String digest) {
    Optional<PasswordCredentialModel> stored = storedPassword(user);
    if (stored.isEmpty()) {
      spendDummyHash(digest);
      return false;
    }
    PasswordCredentialModel credential = stored.get();
    String algorithm = credential.getPasswordCredentialData().getAlgorithm();
    if (Md5PrehashPasswordHashProvider.ID.equals(algorithm)) {
      return prehash().verifyDigest(digest, credential);
    }
    if (LegacyMd5PasswordHashProvider.ID.equals(algorithm)) {
      return verifyLegacy(user, credential, digest);
    }
    // Every login of this till meets the same stored credential: one line per credential and
    // interval is enough to find it.
    warnings.warn(
        realm.getId() + "/" + credential.getId(),
        String.format(
            "Till '%s' in realm '%s' has a password hashed with '%s' (credential %s), which"
                + " cannot be verified from an MD5 digest. Set the realm password policy's hash"
                + " algorithm to '%s' and reset the till's password (or import its legacy MD5"
                + " digest with algorithm 'md5').",
            user.getUsername(),
            realm.getName(),
            algorithm,
            credential.getId(),
            Md5PrehashPasswordHashProvider.ID));
    spendDummyHash(digest);
    return false;
  }

  private boolean verifyLegacy(UserModel user, PasswordCredentialModel legacy, String digest) {
    if (!new LegacyMd5PasswordHashProvider().verifyDigest(digest, legacy)) {
      spendDummyHash(digest);
      return false;
    }
    PasswordCredentialModel upgraded =
        prehash().encodeDigest(digest, realm.getPasswordPolicy().getHashIterations());
    upgraded.setId(legacy.getId());
    upgraded.setCreatedDate(legacy.getCreatedDate());
    upgraded.setUserLabel(legacy.getUserLabel());
    user.credentialManager().updateStoredCredential(upgraded);
    LOG.debugf(
        "Upgraded the legacy MD5 password (credential %s) of till '%s' to %s",
        upgraded.getId(), user.getUsername(), Md5PrehashPasswordHashProvider.ID);
    return true;
  }

  /** Costs what a real verification costs, for callers with nothing to verify. */
  void spendDummyHash(String digest) {
    prehash().encodeDigest(digest, realm.getPasswordPolicy().getHashIterations());
  }

  private Md5PrehashPasswordHashProvider prehash() {
    return (Md5PrehashPasswordHashProvider)
        session.getProvider(PasswordHashProvider.class, Md5PrehashPasswordHashProvider.ID);
  }

  private static Optional<PasswordCredentialModel> storedPassword(UserModel user) {
    return user.credentialManager()
        .getStoredCredentialsByTypeStream(PasswordCredentialModel.TYPE)
        .findFirst()
        .map(PasswordCredentialModel::createFromCredentialModel);
  }
}
