package org.tillauth.keycloak.testing;

import java.net.URI;

/** A running Keycloak with this project's JAR deployed and realm-export imported. */
public interface KeycloakServer extends AutoCloseable {

  String ADMIN_USERNAME = "admin";
  String ADMIN_PASSWORD = "admin";

  /**
   * The test server fails onboarding of organisations whose code starts with this after their realm
   * was created (OrganisationsResourceProviderFactory's test-only option): OnboardingIT.
   */
  String ONBOARDING_FAILURE_PREFIX = "late-failure-";

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
