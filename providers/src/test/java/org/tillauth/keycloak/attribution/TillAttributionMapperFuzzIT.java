package org.tillauth.keycloak.attribution;

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

/** Hostile admin saves of the till-attribution mapper; see {@link MapperSaveFuzz}. */
@KeycloakIT
@VersionIndependent
class TillAttributionMapperFuzzIT {

  private static RealmFixtures fixtures;
  private static String clientId;
  private static String models;

  @BeforeAll
  static void setUp(AdminApi admin) {
    fixtures = new RealmFixtures(admin, "demo-org", "fuzz-attr-save");
    clientId = fixtures.name("client");
    String client =
        fixtures.confidentialClient(
            clientId,
            "secret",
            Map.of(),
            List.of(
                mapper(
                    "attribution",
                    TillAttributionMapper.PROVIDER_ID,
                    Map.of("default.till", "store.server"))));
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
            TillAttributionMapper.PROVIDER_ID,
            Map.of(
                "default.till",
                    List.of("store.server", "till-002", "STORE.SERVER", " store.server "),
                "fallback.to.default.till", List.of("true", "false", "TRUE", "maybe"),
                "header.entity.code", List.of("X-Till", "Authorization", "", "X Till"),
                "header.entity.type", List.of("X-Type", "x-till", "Content-Type"),
                "header.till.code", List.of("X-Legacy", "X-CAP-API-ATTRIBUTION-TILL-CODE")))
        .run(
            "till-attribution-mapper-save",
            200,
            existing,
            stored -> {
              var config = stored.path("config");
              assertThat(config.path("default.till").asText()).isIn("store.server", "till-002");
              if (config.has("fallback.to.default.till")) {
                // Empty or blank means off.
                assertThat(config.path("fallback.to.default.till").asText().strip().toLowerCase())
                    .isIn("true", "false", "");
              }
              for (String key :
                  List.of("header.entity.code", "header.entity.type", "header.till.code")) {
                if (!config.path(key).asText("").isEmpty()) {
                  assertThat(config.path(key).asText())
                      .matches("[A-Za-z0-9!#$%&'*+.^_`|~-]{1,100}")
                      .isNotEqualToIgnoringCase("Authorization")
                      .isNotEqualToIgnoringCase("Content-Type");
                }
              }
              Http.Result token = http.clientCredentials("demo-org", clientId, "secret", Map.of());
              assertThat(token.status()).as("%s", token).isEqualTo(200);
            });

    Http.Result token = http.clientCredentials("demo-org", clientId, "secret", Map.of());
    assertThat(Jwt.claims(token.accessToken()).get("till_code")).isEqualTo("store.server");
  }
}
