package org.tillauth.keycloak.testing;

import java.net.URI;
import java.util.List;

/** A running Keycloak with this project's JAR deployed and realm-export imported. */
public interface KeycloakServer extends AutoCloseable {

  String ADMIN_USERNAME = "admin";
  String ADMIN_PASSWORD = "admin";

  /**
   * The test server fails onboarding of organisations whose code starts with this after their realm
   * was created (OrganisationsResourceProviderFactory's test-only option): OnboardingIT.
   */
  String ONBOARDING_FAILURE_PREFIX = "late-failure-";

  /**
   * Keycloak's {@code argon2} password hash on the test server: one pass ({@code iterations})
   * instead of Keycloak's default five, over the same 7168 KiB. Every till login, till save and
   * imported till hashes once: 23 ms of CPU at the defaults on the 2-core CI machine, 5 ms at one
   * pass, which counts where CI's two streams compete for the cores (docs/testing.md). Nothing a
   * test checks depends on the cost: till passwords still go through Keycloak's Argon2id provider,
   * and the test of how long an unknown till takes runs in a realm whose policy ({@code
   * hashIterations(5)}) restores production's cost. What production stores, Keycloak's defaults, is
   * checked on the cluster suite's nodes, which run without these options ({@code TillClusterIT}).
   */
  int ARGON2_ITERATIONS = 1;

  int ARGON2_MEMORY_KIB = 7168;

  /** Keycloak's own default Argon2id parameters: what a production server stores. */
  int PRODUCTION_ARGON2_ITERATIONS = 5;

  int PRODUCTION_ARGON2_MEMORY_KIB = 7168;

  /**
   * The {@code kc.sh} options that set {@link #ARGON2_ITERATIONS} and {@link #ARGON2_MEMORY_KIB}.
   */
  static List<String> argon2Options() {
    return List.of(
        "--spi-password-hashing--argon2--iterations=" + ARGON2_ITERATIONS,
        "--spi-password-hashing--argon2--memory=" + ARGON2_MEMORY_KIB);
  }

  /** Base URL without trailing slash, e.g. {@code http://127.0.0.1:34567}. */
  URI baseUrl();

  /**
   * The management interface ({@code /metrics}, {@code /health}), e.g. {@code
   * http://127.0.0.1:45678}; null where the server kind does not expose it.
   */
  default URI managementUrl() {
    return null;
  }

  /** Server log, for tests that assert on what the server wrote (null when not available). */
  String readLog();

  @Override
  void close();
}
