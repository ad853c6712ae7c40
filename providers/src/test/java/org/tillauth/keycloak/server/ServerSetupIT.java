package org.tillauth.keycloak.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tillauth.keycloak.testing.AdminApi;
import org.tillauth.keycloak.testing.KeycloakIT;
import org.tillauth.keycloak.testing.KeycloakServer;

/** The harness deployed this build's JAR and imported realm-export into a real server. */
@KeycloakIT
class ServerSetupIT {

  private static final String JAR_VERSION = System.getProperty("project.version", "1.0.0-SNAPSHOT");
  private static final String KEYCLOAK_VERSION = System.getProperty("keycloak.version", "26.7.3");
  private static final List<String> TESTED_VERSIONS =
      List.of(System.getProperty("keycloak.tested.versions", KEYCLOAK_VERSION).split(","));

  @Test
  void serverInfoListsTheExtensionsProvidersWithTheJarVersion(AdminApi admin) {
    JsonNode hashing =
        admin
            .getJson("/admin/serverinfo")
            .path("providers")
            .path("password-hashing")
            .path("providers");

    assertThat(hashing.has("till-md5-argon2"))
        .as("password-hashing providers: %s", hashing)
        .isTrue();
    assertThat(hashing.has("md5")).isTrue();
    assertThat(hashing.path("till-md5-argon2").path("operationalInfo").path("version").asText())
        .isEqualTo(System.getProperty("project.version", "1.0.0-SNAPSHOT"));
    // The hash applied to the digest is configurable; the server reports the one in use.
    assertThat(hashing.path("till-md5-argon2").path("operationalInfo").path("delegate").asText())
        .isEqualTo("argon2");
  }

  @Test
  void theModelNamesAreTheDefaultsAndShowInServerInfo(AdminApi admin) {
    JsonNode info =
        admin
            .getJson("/admin/serverinfo")
            .path("providers")
            .path("till-auth-model")
            .path("providers")
            .path("default")
            .path("operationalInfo");
    assertThat(info.path("till-role").asText()).isEqualTo("till");
    assertThat(info.path("stores-group").asText()).isEqualTo("stores");
    assertThat(info.path("access-groups-group").asText()).isEqualTo("access-groups");
    assertThat(info.path("access-group-resources").asText().split(","))
        .hasSize(22)
        .contains("customer", "points", "event-simulation");
  }

  @Test
  void everyProviderOfTheJarIsLoaded(AdminApi admin) {
    JsonNode providers = admin.getJson("/admin/serverinfo").path("providers");
    Map<String, List<String>> expected =
        Map.of(
            "password-hashing", List.of("till-md5-argon2", "md5"),
            "authenticator", List.of("till-md5-password", "refuse-tills"),
            "protocol-mapper",
                List.of("till-claims-mapper", "till-attribution-mapper", "access-group-mapper"),
            "client-policy-executor", List.of("till-attribution", "token-lifespan-limit"),
            "client-policy-condition", List.of("service-account-client", "till-login-client"),
            "realm-restapi-extension", List.of("v3", "till-auth", "till-admin"),
            "admin-realm-restapi-extension",
                List.of("api-clients", "stores", "tills", "organisation-settings", "access-groups"),
            "client-authenticator", List.of("client-secret-hashed"),
            "till-auth-model", List.of("default"));
    expected.forEach(
        (spi, ids) -> {
          JsonNode loaded = providers.path(spi).path("providers");
          for (String id : ids) {
            JsonNode info = loaded.path(id).path("operationalInfo");
            assertThat(info.path("version").asText())
                .as("%s provider %s", spi, id)
                .isEqualTo(JAR_VERSION);
            assertThat(info.path("keycloak-version").asText())
                .as("%s provider %s", spi, id)
                .isEqualTo(KEYCLOAK_VERSION);
            assertThat(info.path("tested-keycloak-versions").asText())
                .as("%s provider %s", spi, id)
                .isEqualTo(String.join(", ", TESTED_VERSIONS));
            assertThat(info.path("keycloak-compatibility").asText())
                .as("%s provider %s", spi, id)
                .isEqualTo("tested");
          }
        });
  }

  @Test
  void startUpLogsOneLineWithTheJarVersionAndTheTestedKeycloakVersions(KeycloakServer server) {
    String log = server.readLog();
    assumeTrue(log != null, "this server kind exposes no log");
    String line =
        "keycloak-till-auth "
            + JAR_VERSION
            + " on Keycloak "
            + KEYCLOAK_VERSION
            + ": a tested version (tested with Keycloak "
            + String.join(", ", TESTED_VERSIONS)
            + ")";

    List<String> lines =
        log.lines()
            .filter(l -> l.contains("[org.tillauth.keycloak.support.ExtensionInfo]"))
            .toList();
    assertThat(lines).as("start-up lines of the JAR").hasSize(1);
    assertThat(lines.get(0)).contains("INFO").endsWith(line);
    assertThat(TESTED_VERSIONS)
        .as("the distribution under test is a tested version")
        .contains(KEYCLOAK_VERSION);
  }

  @Test
  void realmExportIsImported(AdminApi admin) {
    JsonNode realm = admin.getJson("/admin/realms/demo-org");
    assertThat(realm.path("enabled").asBoolean()).isTrue();
    assertThat(realm.path("passwordPolicy").asText()).contains("hashAlgorithm(till-md5-argon2)");

    assertThat(admin.getJson("/admin/realms/demo-org/roles/till").path("name").asText())
        .isEqualTo("till");
    assertThat(admin.clientUuid("demo-org", "pos-terminal")).isNotBlank();
    assertThat(admin.userId("demo-org", "store.server")).isNotBlank();
  }

  @Test
  void themeShipsInsideTheJar(AdminApi admin) {
    JsonNode loginThemes = admin.getJson("/admin/serverinfo").path("themes").path("login");
    assertThat(loginThemes.findValuesAsText("name")).contains("till-auth");
  }
}
