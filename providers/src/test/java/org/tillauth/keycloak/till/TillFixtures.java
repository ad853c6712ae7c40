package org.tillauth.keycloak.till;

import java.util.List;
import org.tillauth.keycloak.testing.AdminApi;
import org.tillauth.keycloak.testing.BruteForce;
import org.tillauth.keycloak.testing.Http;
import org.tillauth.keycloak.testing.RealmFixtures;
import org.tillauth.keycloak.testing.UniqueNames;

/**
 * Former till helpers, now delegates.
 *
 * @deprecated create tills and users with {@link RealmFixtures#till} / {@link RealmFixtures#user},
 *     which delete them again on close; these static variants leave them in the realm.
 */
@Deprecated
final class TillFixtures {

  private TillFixtures() {}

  /** See {@link UniqueNames#of}. */
  static String uniqueCode(String prefix) {
    return UniqueNames.of(prefix);
  }

  /** A till with a plain-text password set by the admin; never deleted. */
  static String createTill(AdminApi admin, String realm, String code, String password) {
    return new RealmFixtures(admin, realm, "till").till(code, password);
  }

  /** A user; never deleted. */
  static String createUser(
      AdminApi admin,
      String realm,
      String username,
      String password,
      List<String> realmRoles,
      List<String> groups) {
    return new RealmFixtures(admin, realm, "user")
        .user(username, password, true, realmRoles, groups);
  }

  /** See {@link BruteForce#outlastQuickLoginCheck}. */
  static void outlastQuickLoginCheck() {
    BruteForce.outlastQuickLoginCheck();
  }

  /** See {@link RealmFixtures#expect}. */
  static void expectStatus(Http.Result result, int status) {
    RealmFixtures.expect(result, status);
  }
}
