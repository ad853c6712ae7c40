package org.tillauth.keycloak.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.tillauth.keycloak.testing.AdminApi;
import org.tillauth.keycloak.testing.DemoRealm;
import org.tillauth.keycloak.testing.Http;
import org.tillauth.keycloak.testing.UniqueNames;
import org.tillauth.keycloak.till.Md5Digest;

/** Tills, clients and realm switches of the demo realm, set through one node's admin REST. */
final class ClusterFixtures {

  private ClusterFixtures() {}

  static String base(String realm) {
    return "/admin/realms/" + realm;
  }

  /**
   * A copy of the demo realm with three-strike brute-force detection and no quick-login lockout, so
   * that tests which follow a failure with a success control the count exactly.
   */
  static String tillRealm(AdminApi admin, String name) {
    DemoRealm.createCopy(admin, name);
    expect(
        admin.put(
            base(name),
            Map.of(
                "bruteForceProtected", true,
                "failureFactor", 3,
                "quickLoginCheckMilliSeconds", 1,
                "waitIncrementSeconds", 900,
                "maxFailureWaitSeconds", 900)),
        204);
    return name;
  }

  static String digest(String password) {
    return Md5Digest.of(password);
  }

  static String unique(String prefix) {
    return UniqueNames.of(prefix);
  }

  /** A till of store-001 with a plain-text password set by the admin; returns its id. */
  static String createTill(AdminApi admin, String realm, String code, String password) {
    Map<String, Object> user =
        Map.of(
            "username",
            code,
            "enabled",
            true,
            "realmRoles",
            List.of("till"),
            "groups",
            List.of("/stores/store-001"),
            "credentials",
            List.of(Map.of("type", "password", "value", password, "temporary", false)));
    expect(
        admin.post(
            base(realm) + "/partialImport",
            Map.of("ifResourceExists", "FAIL", "users", List.of(user))),
        200);
    return admin.userId(realm, code);
  }

  /** A till imported with its legacy unsalted MD5 digest (the documented migration format). */
  static String importLegacyTill(AdminApi admin, String realm, String code, String digest) {
    Map<String, Object> user =
        Map.of(
            "username",
            code,
            "enabled",
            true,
            "realmRoles",
            List.of("till"),
            "groups",
            List.of("/stores/store-001"),
            "credentials",
            List.of(
                Map.of(
                    "type", "password",
                    "secretData", "{\"value\":\"" + digest + "\",\"salt\":\"\"}",
                    "credentialData", "{\"hashIterations\":1,\"algorithm\":\"md5\"}")));
    expect(
        admin.post(
            base(realm) + "/partialImport",
            Map.of("ifResourceExists", "FAIL", "users", List.of(user))),
        200);
    return admin.userId(realm, code);
  }

  static JsonNode passwordCredential(AdminApi admin, String realm, String userId) {
    for (JsonNode credential : admin.getJson(base(realm) + "/users/" + userId + "/credentials")) {
      if ("password".equals(credential.path("type").asText())) {
        return credential;
      }
    }
    throw new AssertionError("No password credential for " + userId);
  }

  static String algorithm(AdminApi admin, String realm, String userId) {
    return credentialData(admin, realm, userId).path("algorithm").asText();
  }

  /** The stored password's {@code credentialData}: algorithm, iterations, Argon2 parameters. */
  static JsonNode credentialData(AdminApi admin, String realm, String userId) {
    try {
      return Http.JSON.readTree(
          passwordCredential(admin, realm, userId).path("credentialData").asText());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  static void resetPassword(AdminApi admin, String realm, String userId, String password) {
    expect(
        admin.put(
            base(realm) + "/users/" + userId + "/reset-password",
            Map.of("type", "password", "value", password, "temporary", false)),
        204);
  }

  static void setEnabled(AdminApi admin, String realm, String userId, boolean enabled) {
    ObjectNode user = (ObjectNode) admin.getJson(base(realm) + "/users/" + userId);
    user.put("enabled", enabled);
    expect(admin.put(base(realm) + "/users/" + userId, user), 204);
  }

  static void expect(Http.Result result, int status) {
    if (result.status() != status) {
      throw new AssertionError("Expected " + status + ", got " + result);
    }
  }

  /**
   * Polls until {@code condition} holds. Keycloak applies admin changes on other nodes through
   * cluster invalidation messages; they arrive within milliseconds, but a loaded machine can delay
   * them, so cross-node checks that are not guaranteed at the very next request get a few seconds.
   */
  static <T> T eventually(String what, Supplier<T> probe, java.util.function.Predicate<T> ok) {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
    T value = probe.get();
    while (!ok.test(value)) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError(what + " never held; last: " + value);
      }
      sleep(Duration.ofMillis(100));
      value = probe.get();
    }
    return value;
  }

  static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
