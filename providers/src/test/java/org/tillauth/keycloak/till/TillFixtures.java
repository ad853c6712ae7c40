package org.tillauth.keycloak.till;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.tillauth.keycloak.testing.AdminApi;

/** Creates tills and other users through admin REST, as an administrator would. */
final class TillFixtures {

  private TillFixtures() {}

  static String uniqueCode(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** A till with a plain-text password set by the admin (stored as till-md5-argon2). */
  static String createTill(AdminApi admin, String realm, String code, String password) {
    return createUser(admin, realm, code, password, List.of("till"), List.of("/stores/store-001"));
  }

  static String createUser(
      AdminApi admin,
      String realm,
      String username,
      String password,
      List<String> realmRoles,
      List<String> groups) {
    Map<String, Object> user =
        Map.of(
            "username",
            username,
            "enabled",
            true,
            "firstName",
            "Test",
            "lastName",
            "User",
            "email",
            username + "@example.org",
            "emailVerified",
            true,
            "groups",
            groups);
    String id = AdminApi.createdId(admin.post("/admin/realms/" + realm + "/users", user));
    if (password != null) {
      expectStatus(
          admin.put(
              "/admin/realms/" + realm + "/users/" + id + "/reset-password",
              Map.of("type", "password", "value", password, "temporary", false)),
          204);
    }
    for (String role : realmRoles) {
      Object roleRep = admin.getJson("/admin/realms/" + realm + "/roles/" + role);
      expectStatus(
          admin.post(
              "/admin/realms/" + realm + "/users/" + id + "/role-mappings/realm", List.of(roleRep)),
          204);
    }
    return id;
  }

  /**
   * The demo realm keeps Keycloak's default quick-login check (a login within 1 s of a failure
   * locks the user for a minute); tests that follow a failure with a success wait it out.
   */
  static void outlastQuickLoginCheck() {
    try {
      Thread.sleep(1_100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static void expectStatus(org.tillauth.keycloak.testing.Http.Result result, int status) {
    if (result.status() != status) {
      throw new AssertionError("Expected " + status + " but got " + result);
    }
  }
}
