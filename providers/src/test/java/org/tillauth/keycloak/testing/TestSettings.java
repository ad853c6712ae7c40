package org.tillauth.keycloak.testing;

import java.nio.file.Path;

/**
 * What the build tells the integration tests (failsafe system properties), with IDE-friendly
 * defaults.
 */
record TestSettings(
    String serverKind,
    String keycloakVersion,
    Path keycloakHome,
    Path providerJar,
    Path realmExportDir,
    Path outputDir) {

  static TestSettings fromSystemProperties() {
    String version = System.getProperty("keycloak.version", "26.7.3");
    Path target = Path.of(System.getProperty("test.output.dir", "target")).toAbsolutePath();
    return new TestSettings(
        System.getProperty("keycloak.server", "local"),
        version,
        Path.of(
            System.getProperty(
                "keycloak.home", target.resolve("keycloak/keycloak-" + version).toString())),
        Path.of(
            System.getProperty(
                "provider.jar",
                target.resolve("keycloak-till-auth-1.0.0-SNAPSHOT.jar").toString())),
        Path.of(System.getProperty("realm.export.dir", "../realm-export")).toAbsolutePath(),
        target);
  }
}
