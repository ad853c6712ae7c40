package org.tillauth.keycloak.till;

import java.io.IOException;
import java.text.MessageFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;
import org.keycloak.credential.CredentialModel;
import org.keycloak.credential.hash.PasswordHashProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.PasswordCredentialModel;
import org.keycloak.policy.PasswordPolicyManagerProvider;
import org.keycloak.policy.PolicyError;
import org.keycloak.theme.Theme;

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
    PasswordCredentialModel encoded = encode(session, realm, digest);
    Optional<CredentialModel> existing =
        till.credentialManager()
            .getStoredCredentialsByTypeStream(PasswordCredentialModel.TYPE)
            .findFirst();
    if (existing.isPresent()) {
      encoded.setId(existing.get().getId());
      encoded.setUserLabel(existing.get().getUserLabel());
      till.credentialManager().updateStoredCredential(encoded);
    } else {
      storeNew(till, encoded);
    }
  }

  /**
   * The credential a till with this (normalized) digest gets: the Argon2 cost of creating a till.
   */
  public static PasswordCredentialModel encode(
      KeycloakSession session, RealmModel realm, String digest) {
    return encoder(session, realm).apply(digest);
  }

  /**
   * {@link #encode} for many digests: the hash provider is looked up once, and the function is
   * thread-safe, so an import can spread the hashing over the cores (a session is not).
   */
  public static Function<String, PasswordCredentialModel> encoder(
      KeycloakSession session, RealmModel realm) {
    Md5PrehashPasswordHashProvider prehash =
        (Md5PrehashPasswordHashProvider)
            session.getProvider(PasswordHashProvider.class, Md5PrehashPasswordHashProvider.ID);
    int iterations = realm.getPasswordPolicy().getHashIterations();
    return digest -> prehash.encodeDigest(digest, iterations);
  }

  /** Stores an encoded credential on a till that has no password yet. */
  public static void storeNew(UserModel till, PasswordCredentialModel encoded) {
    encoded.setCreatedDate(System.currentTimeMillis());
    till.credentialManager().createStoredCredential(encoded);
  }

  /**
   * Why the realm's password policy (length, digits, not the username, history, ...) refuses this
   * plain password for the till, in the words of the login theme; empty when it is accepted. A
   * legacy digest cannot be checked: its password is unknown.
   */
  public static Optional<String> policyViolation(
      KeycloakSession session, RealmModel realm, UserModel till, String password) {
    return message(
        session,
        session.getProvider(PasswordPolicyManagerProvider.class).validate(realm, till, password));
  }

  /** The same for a till that does not exist yet (an import checks before it creates). */
  public static Optional<String> policyViolation(
      KeycloakSession session, String code, String password) {
    return message(
        session, session.getProvider(PasswordPolicyManagerProvider.class).validate(code, password));
  }

  private static Optional<String> message(KeycloakSession session, PolicyError error) {
    if (error == null) {
      return Optional.empty();
    }
    try {
      Properties messages = session.theme().getTheme(Theme.Type.LOGIN).getMessages(Locale.ENGLISH);
      String pattern = messages.getProperty(error.getMessage());
      if (pattern != null) {
        return Optional.of(
            new MessageFormat(pattern, Locale.ENGLISH).format(error.getParameters()));
      }
    } catch (IOException | IllegalArgumentException e) {
      // fall through to the message key
    }
    return Optional.of("Password does not meet the password policy (" + error.getMessage() + ")");
  }

  public static State state(UserModel till) {
    return stateOf(
        till.credentialManager()
            .getStoredCredentialsByTypeStream(PasswordCredentialModel.TYPE)
            .findFirst()
            .map(PasswordCredentialModel::createFromCredentialModel)
            .map(c -> c.getPasswordCredentialData().getAlgorithm())
            .orElse(null));
  }

  /** The state of a password stored with this algorithm; null: no password at all. */
  public static State stateOf(String algorithm) {
    if (algorithm == null) {
      return State.NONE;
    }
    return Md5PrehashPasswordHashProvider.ID.equals(algorithm)
        ? State.MD5_PREHASH
        : LegacyMd5PasswordHashProvider.ID.equals(algorithm) ? State.LEGACY_MD5 : State.UNUSABLE;
  }
}
