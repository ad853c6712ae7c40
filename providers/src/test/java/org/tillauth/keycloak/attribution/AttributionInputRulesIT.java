package org.tillauth.keycloak.attribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tillauth.keycloak.testing.RealmFixtures.mapper;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tillauth.keycloak.testing.AdminApi;
import org.tillauth.keycloak.testing.Http;
import org.tillauth.keycloak.testing.Jwt;
import org.tillauth.keycloak.testing.KeycloakIT;
import org.tillauth.keycloak.testing.RealmFixtures;
import org.tillauth.keycloak.testing.fuzz.RawHttp;

/**
 * Regression tests for administrator typos and hostile values around till attribution, each with
 * the exact request that used to misbehave.
 */
@KeycloakIT
class AttributionInputRulesIT {

  private static RealmFixtures fixtures;
  private static String clientId;
  private static String models;

  @BeforeAll
  static void setUp(AdminApi admin) {
    fixtures = new RealmFixtures(admin, "demo-org", "it-attr-rules");
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

  private static void assertBadRequest(Http.Result result, String message) {
    assertThat(result.status()).as(result.body()).isEqualTo(400);
    assertThat(result.json().path("error_description").asText()).isEqualTo(message);
  }

  private static Map<String, Object> attribution(String name, Map<String, String> config) {
    return mapper(name, TillAttributionMapper.PROVIDER_ID, config);
  }

  @Test
  void mapperWithNullConfigIsRefusedOnCreateAndUpdate(AdminApi admin) {
    JsonNode before = admin.getJson(models);
    String exact =
        "{\"name\":\"n\",\"protocol\":\"openid-connect\","
            + "\"protocolMapper\":\"till-attribution-mapper\",\"config\":null}";

    assertBadRequest(admin.post(models, exact), "Default till code is required");

    String id = before.get(0).path("id").asText();
    Map<String, Object> update =
        new LinkedHashMap<>(Http.JSON.convertValue(before.get(0), Map.class));
    update.put("config", null);
    assertBadRequest(admin.put(models + "/" + id, update), "Default till code is required");
    assertThat(admin.getJson(models)).isEqualTo(before);
  }

  @ParameterizedTest
  @ValueSource(strings = {"STORE.SERVER", " store.server ", "Store.Server"})
  void defaultTillMustBeWrittenAsTheTillCode(String written, AdminApi admin) {
    assertBadRequest(
        admin.post(models, attribution("variant", Map.of("default.till", written))),
        "Default till code \""
            + written
            + "\" must be written exactly as the till code \"store.server\"");
    assertThat(admin.getJson(models).findValuesAsText("name")).doesNotContain("variant");
  }

  @Test
  void attributionHeadersMustBeDistinctNonStandardHeaders(AdminApi admin) {
    assertBadRequest(
        admin.post(
            models,
            attribution(
                "auth",
                Map.of("default.till", "store.server", "header.entity.code", "Authorization"))),
        "\"Authorization\" is a standard HTTP header and cannot name the till of a request");
    assertBadRequest(
        admin.post(
            models,
            attribution(
                "same",
                Map.of(
                    "default.till", "store.server",
                    "header.entity.code", "X-Till",
                    "header.till.code", "x-till"))),
        "The entity code, entity type and legacy till code headers must be three different headers");
    assertBadRequest(
        admin.post(
            models,
            attribution(
                "maybe",
                Map.of("default.till", "store.server", "fallback.to.default.till", "maybe"))),
        "Use default till for invalid till codes must be true or false, not \"maybe\"");
    assertThat(admin.getJson(models).findValuesAsText("name")).containsExactly("attribution");
  }

  @Test
  void emptyHeaderNameMeansTheDefaultHeader(AdminApi admin) {
    String id =
        AdminApi.createdId(
            admin.post(
                models,
                attribution(
                    "empty-header",
                    Map.of(
                        "default.till",
                        "till-002",
                        "header.entity.code",
                        "",
                        "fallback.to.default.till",
                        "TRUE"))));
    try {
      assertThat(
              admin.getJson(models + "/" + id).path("config").path("header.entity.code").asText(""))
          .isEmpty();
    } finally {
      admin.delete(models + "/" + id);
    }
  }

  @Test
  void storeCodesMatchCaseInsensitivelyLikeTillCodes(Http http) {
    Map<String, Object> claims =
        Jwt.claims(
            http.clientCredentials(
                    "demo-org",
                    clientId,
                    "secret",
                    Map.of(
                        "X-CAP-API-ATTRIBUTION-ENTITY-TYPE", "STORE_CODE",
                        "X-CAP-API-ATTRIBUTION-ENTITY-CODE", "STORE-002"))
                .accessToken());
    assertThat(claims.get("store_code")).isEqualTo("store-002");
    assertThat(claims.get("till_attribution")).isEqualTo("header");

    Map<String, Object> till =
        Jwt.claims(
            http.clientCredentials(
                    "demo-org",
                    clientId,
                    "secret",
                    Map.of("X-CAP-API-ATTRIBUTION-ENTITY-CODE", "TILL-002"))
                .accessToken());
    assertThat(till.get("till_code")).isEqualTo("till-002");
  }

  /**
   * Keycloak's HTTP layer (Vert.x) refuses header values with control characters before any
   * provider code runs: 400 with an empty body and the connection closed. Documented, not ours to
   * change; the client is unaffected.
   */
  @ParameterizedTest
  @ValueSource(strings = {"till\u0000002", "till\u0001002", "till\u007F002"})
  void controlCharactersInAttributionHeadersAreRefusedByTheHttpLayer(String value, Http http) {
    RawHttp raw = new RawHttp(http.baseUrl());
    String form = "grant_type=client_credentials&client_id=" + clientId + "&client_secret=secret";

    RawHttp.Response response =
        raw.send(
            "POST",
            http.tokenEndpoint("demo-org"),
            RawHttp.headers(
                "Content-Type",
                "application/x-www-form-urlencoded",
                "X-CAP-API-ATTRIBUTION-ENTITY-CODE",
                value),
            form.getBytes(StandardCharsets.US_ASCII));

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.body()).isEmpty();
    assertThat(http.clientCredentials("demo-org", clientId, "secret", Map.of()).status())
        .isEqualTo(200);
  }
}
