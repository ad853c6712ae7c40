package org.tillauth.keycloak.attribution;

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

/** Saving a till-attribution mapper through the admin REST protocol-mappers endpoints. */
@KeycloakIT
class TillAttributionMapperSaveIT {

  private static RealmFixtures fixtures;
  private static String models;
  private static String disabledTill;
  private static String notATill;

  @BeforeAll
  static void setUp(AdminApi admin) {
    fixtures = new RealmFixtures(admin, "demo-org", "it-attr-save");
    String client = fixtures.confidentialClient(fixtures.name("client"), "s", Map.of(), List.of());
    models = fixtures.base() + "/clients/" + client + "/protocol-mappers/models";
    disabledTill = fixtures.name("disabled-till");
    fixtures.user(disabledTill, "pw", false, List.of("till"), List.of());
    notATill = fixtures.name("not-a-till");
    fixtures.user(notATill, "pw", true, List.of(), List.of());
  }

  @AfterAll
  static void tearDown() {
    fixtures.close();
  }

  private static Map<String, Object> attribution(String name, Map<String, String> config) {
    return mapper(name, TillAttributionMapper.PROVIDER_ID, config);
  }

  private static void assertBadRequest(Http.Result result, String message) {
    assertThat(result.status()).as(result.body()).isEqualTo(400);
    assertThat(result.json().path("error_description").asText()).isEqualTo(message);
    assertThat(result.json().path("error").asText()).isEqualTo(message);
  }

  private static List<String> mapperNames(AdminApi admin) {
    return admin.getJson(models).findValuesAsText("name");
  }

  @Test
  void defaultTillMustBeAnEnabledTill(AdminApi admin) {
    assertBadRequest(
        admin.post(models, attribution("unknown", Map.of("default.till", "no-such-till"))),
        "Default till code \"no-such-till\" is not an enabled till of realm demo-org");
    assertBadRequest(
        admin.post(models, attribution("disabled", Map.of("default.till", disabledTill))),
        "Default till code \"" + disabledTill + "\" is not an enabled till of realm demo-org");
    assertBadRequest(
        admin.post(models, attribution("not-a-till", Map.of("default.till", notATill))),
        "Default till code \"" + notATill + "\" is not an enabled till of realm demo-org");
    assertBadRequest(
        admin.post(models, attribution("missing", Map.of("fallback.to.default.till", "true"))),
        "Default till code is required");
    assertBadRequest(
        admin.post(
            models,
            attribution(
                "bad-header",
                Map.of("default.till", "store.server", "header.entity.code", "Bad Header"))),
        "\"Bad Header\" is not a valid HTTP header name");
    assertThat(mapperNames(admin)).isEmpty();
  }

  @Test
  void validMapperIsSavedAndInvalidUpdatesAreRefused(AdminApi admin) {
    Http.Result created =
        admin.post(models, attribution("valid", Map.of("default.till", "store.server")));
    String id = AdminApi.createdId(created);
    try {
      JsonNode saved = admin.getJson(models + "/" + id);
      Map<String, Object> update = Http.JSON.convertValue(saved, Map.class);
      Map<String, Object> config =
          new LinkedHashMap<>(Http.JSON.convertValue(saved.get("config"), Map.class));
      config.put("default.till", "no-such-till");
      update.put("config", config);

      assertBadRequest(
          admin.put(models + "/" + id, update),
          "Default till code \"no-such-till\" is not an enabled till of realm demo-org");
      assertThat(admin.getJson(models + "/" + id).path("config").path("default.till").asText())
          .isEqualTo("store.server");
    } finally {
      admin.delete(models + "/" + id);
    }
  }

  @Test
  void mapperIsListedWithItsConfigFields(AdminApi admin) {
    JsonNode mappers =
        admin.getJson("/admin/serverinfo").path("protocolMapperTypes").path("openid-connect");
    JsonNode ours = null;
    for (JsonNode type : mappers) {
      if (TillAttributionMapper.PROVIDER_ID.equals(type.path("id").asText())) {
        ours = type;
      }
    }
    assertThat(ours).as("mapper type listed").isNotNull();
    assertThat(ours.path("name").asText()).isEqualTo("Till attribution");
    assertThat(ours.path("properties").findValuesAsText("label"))
        .contains(
            "Default till code",
            "Use default till for invalid till codes",
            "Entity code header",
            "Entity type header",
            "Legacy till code header");
    assertThat(ours.path("properties").findValuesAsText("name"))
        .contains("access.token.claim", "introspection.token.claim", "userinfo.token.claim");
    for (JsonNode property : ours.path("properties")) {
      assertThat(property.path("helpText").asText()).as(property.toString()).isNotBlank();
    }
  }
}
