package org.tillauth.keycloak.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;

/**
 * Keycloak's brute-force status of a user. Keycloak counts failures on a background executor, so a
 * read right after a failed login can come too early: {@link #await} polls until the status shows
 * what the test expects (or fails after 15 s with the last status).
 */
public final class BruteForce {

  private BruteForce() {}

  public static JsonNode status(AdminApi admin, String realm, String userId) {
    return admin.getJson(
        "/admin/realms/" + realm + "/attack-detection/brute-force/users/" + userId);
  }

  public static JsonNode await(
      AdminApi admin, String realm, String userId, String what, Predicate<JsonNode> expected) {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(15));
    JsonNode status = status(admin, realm, userId);
    while (!expected.test(status)) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("Brute-force status never showed " + what + ": " + status);
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      status = status(admin, realm, userId);
    }
    return status;
  }

  public static JsonNode awaitFailures(AdminApi admin, String realm, String userId, int failures) {
    return await(
        admin,
        realm,
        userId,
        "numFailures " + failures,
        s -> s.path("numFailures").asInt() == failures);
  }

  public static JsonNode awaitLocked(AdminApi admin, String realm, String userId) {
    return await(admin, realm, userId, "disabled", s -> s.path("disabled").asBoolean());
  }

  /**
   * The demo realm keeps Keycloak's default quick-login check (a login within 1 s of a failure
   * locks the user for a minute); tests that follow a failure with a success wait it out.
   */
  public static void outlastQuickLoginCheck() {
    try {
      Thread.sleep(1_100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
