package org.tillauth.keycloak.accessgroup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tillauth.keycloak.testing.RealmFixtures.mapper;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tillauth.keycloak.testing.AdminApi;
import org.tillauth.keycloak.testing.Http;
import org.tillauth.keycloak.testing.Jwt;
import org.tillauth.keycloak.testing.KeycloakIT;
import org.tillauth.keycloak.testing.RealmFixtures;
import org.tillauth.keycloak.testing.VersionIndependent;
import org.tillauth.keycloak.testing.fuzz.MapperSaveFuzz;

/** Hostile admin saves of the access-group mapper; see {@link MapperSaveFuzz}. */
@KeycloakIT
@VersionIndependent
class AccessGroupMapperFuzzIT {

  private static RealmFixtures fixtures;
  private static String clientId;
  private static String models;

  @BeforeAll
  static void setUp(AdminApi admin) {
    fixtures = new RealmFixtures(admin, "demo-org", "fuzz-group-save");
    clientId = fixtures.name("client");
    String client =
        fixtures.confidentialClient(
            clientId,
            "secret",
            Map.of(),
            List.of(mapper("group", AccessGroupMapper.PROVIDER_ID, Map.of("access.group", "POS"))));
    models = fixtures.base() + "/clients/" + client + "/protocol-mappers/models";
  }

  @AfterAll
  static void tearDown() {
    fixtures.close();
  }

  @Test
  void hostileSavesAreRefusedWholeOrStoredUsable(AdminApi admin, Http http) {
    String existing = admin.getJson(models).get(0).path("id").asText();
    new MapperSaveFuzz(
            admin,
            models,
            AccessGroupMapper.PROVIDER_ID,
            Map.of(
                "access.group",
                List.of("POS", "/access-groups/POS", "Admin", "pos", "/access-groups/", "POS/x")))
        .run(
            "access-group-mapper-save",
            200,
            existing,
            stored -> {
              String group = stored.path("config").path("access.group").asText().strip();
              assertThat(group).isIn("POS", "/access-groups/POS", "Admin", "/access-groups/Admin");
              Http.Result token = http.clientCredentials("demo-org", clientId, "secret", Map.of());
              assertThat(token.status()).as("%s", token).isEqualTo(200);
            });

    Http.Result token = http.clientCredentials("demo-org", clientId, "secret", Map.of());
    assertThat(Jwt.claims(token.accessToken()).get("access_group")).isEqualTo("POS");
  }
}
