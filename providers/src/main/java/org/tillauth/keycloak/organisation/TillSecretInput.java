package org.tillauth.keycloak.organisation;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.tillauth.keycloak.admin.AdminErrors;
import org.tillauth.keycloak.admin.JsonFields;
import org.tillauth.keycloak.till.Md5Digest;
import org.tillauth.keycloak.till.TillPassword;

/**
 * The secret of a till's create or password reset: exactly one of {@code password} (checked against
 * the realm's password policy) or {@code md5Digest} (a legacy till's stored digest), turned into
 * the MD5 digest the till logs in with.
 */
final class TillSecretInput {

  private TillSecretInput() {}

  /** The digest the till will log in with, from exactly one of a password or a legacy digest. */
  static String digest(JsonFields request) {
    String password = request.text("password");
    String md5 = request.text("md5Digest");
    if ((password == null) == (md5 == null)) {
      throw OrganisationErrors.badRequest(OrganisationErrors.ONE_SECRET);
    }
    if (md5 != null) {
      return Md5Digest.normalize(md5.strip())
          .orElseThrow(() -> OrganisationErrors.badRequest(OrganisationErrors.BAD_DIGEST));
    }
    if (password.isEmpty()) {
      throw OrganisationErrors.badRequest(String.format(AdminErrors.REQUIRED, "password"));
    }
    if (Md5Digest.normalize(password).isPresent()) {
      throw OrganisationErrors.badRequest(OrganisationErrors.PASSWORD_IS_DIGEST);
    }
    return Md5Digest.of(password);
  }

  /** The realm's password policy for a plain password; nothing to check for a legacy digest. */
  static void requireAllowed(
      KeycloakSession session, RealmModel realm, UserModel till, String password) {
    if (password != null) {
      TillPassword.policyViolation(session, realm, till, password)
          .ifPresent(
              message -> {
                throw OrganisationErrors.badRequest(message);
              });
    }
  }
}
