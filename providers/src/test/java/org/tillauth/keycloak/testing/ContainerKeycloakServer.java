package org.tillauth.keycloak.testing;

import dasniko.testcontainers.keycloak.KeycloakContainer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.testcontainers.DockerClientFactory;

/**
 * The same suite against the official container image ({@code -Dkeycloak.server=container}). Where
 * no Docker engine answers, tests are reported as skipped, never passed.
 */
final class ContainerKeycloakServer implements KeycloakServer {

  private final KeycloakContainer container;

  private ContainerKeycloakServer(KeycloakContainer container) {
    this.container = container;
  }

  static ContainerKeycloakServer start(TestSettings settings) {
    String[] realmFiles;
    try (Stream<Path> files = Files.list(settings.realmExportDir())) {
      // realm-export/ is also a test resource folder, so the container can import it from the
      // classpath
      realmFiles =
          files
              .filter(p -> p.toString().endsWith(".json"))
              .map(p -> "realm-export/" + p.getFileName())
              .toArray(String[]::new);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    KeycloakContainer container =
        new KeycloakContainer("quay.io/keycloak/keycloak:" + settings.keycloakVersion())
            .withAdminUsername(ADMIN_USERNAME)
            .withAdminPassword(ADMIN_PASSWORD)
            .withProviderLibsFrom(List.of(settings.providerJar().toFile()))
            .withRealmImportFiles(realmFiles)
            .withCustomCommand(String.join(" ", KeycloakServer.argon2Options()));
    container.start();
    return new ContainerKeycloakServer(container);
  }

  static boolean dockerAvailable() {
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (Throwable e) {
      return false;
    }
  }

  @Override
  public URI baseUrl() {
    return URI.create(container.getAuthServerUrl().replaceAll("/$", ""));
  }

  @Override
  public String readLog() {
    return container.getLogs();
  }

  @Override
  public void close() {
    container.stop();
  }
}
