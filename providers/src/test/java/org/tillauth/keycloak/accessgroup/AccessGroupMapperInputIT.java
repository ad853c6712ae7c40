package org.tillauth.keycloak.accessgroup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tillauth.keycloak.testing.RealmFixtures.mapper;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tillauth.keycloak.testing.AdminApi;
import org.tillauth.keycloak.testing.Http;
import org.tillauth.keycloak.testing.KeycloakIT;
import org.tillauth.keycloak.testing.RealmFixtures;

/** The access-group mapper saved without a config map: a clear 400, not a 500. */
@KeycloakIT
class AccessGroupMapperInputIT {

  private static RealmFixtures fixtures;
  private static String clientId;
  private static String models;

  @BeforeAll
  static void setUp(AdminApi admin) {
    fixtures = new RealmFixtures(admin, "demo-org", "it-group-rules");
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
  void nullConfigIsRefusedOnCreateAndUpdate(AdminApi admin, Http http) {
    JsonNode before = admin.getJson(models);
    Http.Result created =
        admin.post(
            models,
            "{\"name\":\"n\",\"protocol\":\"openid-connect\","
                + "\"protocolMapper\":\"access-group-mapper\",\"config\":null}");
    assertThat(created.status()).as(created.body()).isEqualTo(400);
    assertThat(created.json().path("error_description").asText())
        .isEqualTo("Access group is required");

    Map<String, Object> update =
        new LinkedHashMap<>(Http.JSON.convertValue(before.get(0), Map.class));
    update.put("config", null);
    Http.Result updated = admin.put(models + "/" + before.get(0).path("id").asText(), update);
    assertThat(updated.status()).as(updated.body()).isEqualTo(400);
    assertThat(updated.json().path("error_description").asText())
        .isEqualTo("Access group is required");

    assertThat(admin.getJson(models)).isEqualTo(before);
    assertThat(http.clientCredentials("demo-org", clientId, "secret", Map.of()).status())
        .isEqualTo(200);
  }

  @Test
  void namesProtocolsAndConfigKeysLongerThanTheDatabaseColumnsAreRefused(AdminApi admin) {
    JsonNode before = admin.getJson(models);
    String longKey = "\u00e9".repeat(256);
    Map<String, Object> mapper = new LinkedHashMap<>();
    mapper.put("name", "long-key");
    mapper.put("protocol", "openid-connect");
    mapper.put("protocolMapper", AccessGroupMapper.PROVIDER_ID);
    mapper.put("config", Map.of("access.group", "POS", longKey, "x"));
    Http.Result longConfigKey = admin.post(models, mapper);
    mapper.put("config", Map.of("access.group", "POS"));
    mapper.put("protocol", " ".repeat(4000));
    Http.Result longProtocol = admin.post(models, mapper);

    for (Http.Result result : List.of(longConfigKey, longProtocol)) {
      assertThat(result.status()).as(result.body()).isEqualTo(400);
      assertThat(result.json().path("error_description").asText())
          .isEqualTo("Mapper name, protocol and config keys must be at most 255 characters");
    }
    assertThat(admin.getJson(models)).isEqualTo(before);
  }
}
