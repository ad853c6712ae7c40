package org.tillauth.keycloak.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.tillauth.keycloak.testing.AdminApi;
import org.tillauth.keycloak.testing.KeycloakIT;

/** The harness deployed this build's JAR and imported realm-export into a real server. */
@KeycloakIT
class ServerSetupIT {

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
