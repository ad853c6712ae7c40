package org.tillauth.keycloak.attribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tillauth.keycloak.testing.RealmFixtures.audience;
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
import org.tillauth.keycloak.testing.Jwt;
import org.tillauth.keycloak.testing.KeycloakIT;
import org.tillauth.keycloak.testing.RealmFixtures;

/** Till attribution of client-credentials tokens in realm demo-org, over HTTP. */
@KeycloakIT
class TillAttributionIT {

  private static final String REALM = "demo-org";
  private static final String SECRET = "it-secret";
  private static final String CODE = "X-CAP-API-ATTRIBUTION-ENTITY-CODE";
  private static final String TYPE = "X-CAP-API-ATTRIBUTION-ENTITY-TYPE";
  private static final String LEGACY = "X-CAP-API-ATTRIBUTION-TILL-CODE";

  private static RealmFixtures fixtures;
  private static String strict;
  private static String lenient;
  private static String refreshing;
  private static String plain;
  private static String resourceServer;
  private static String disabledTill;
  private static String notATill;

  @BeforeAll
  static void setUp(AdminApi admin) {
    fixtures = new RealmFixtures(admin, REALM, "it-attr");
    resourceServer = fixtures.name("rs");
    fixtures.confidentialClient(resourceServer, SECRET, Map.of(), List.of());
    strict = fixtures.name("strict");
    fixtures.confidentialClient(
        strict, SECRET, Map.of(), List.of(attribution(false), audience(resourceServer)));
    lenient = fixtures.name("lenient");
    fixtures.confidentialClient(lenient, SECRET, Map.of(), List.of(attribution(true)));
    refreshing = fixtures.name("refresh");
    fixtures.confidentialClient(
        refreshing,
        SECRET,
        Map.of("client_credentials.use_refresh_token", "true"),
        List.of(attribution(false), audience(resourceServer)));
    plain = fixtures.name("plain");
    fixtures.confidentialClient(plain, SECRET, Map.of(), List.of());

    disabledTill = fixtures.name("disabled-till");
    fixtures.till(disabledTill, "pw-disabled", "store-002");
    fixtures.disableTill(disabledTill);
    notATill = fixtures.name("not-a-till");
    fixtures.user(notATill, "pw-not-a-till", true, List.of(), List.of("/stores/store-002"));
  }

  @AfterAll
  static void tearDown() {
    fixtures.close();
  }

  private static Map<String, Object> attribution(boolean fallback) {
    return mapper(
        "till attribution",
        TillAttributionMapper.PROVIDER_ID,
        Map.of(
            "default.till",
            "store.server",
            "fallback.to.default.till",
            Boolean.toString(fallback)));
  }

  private static Map<String, Object> claims(Http.Result result) {
    return Jwt.claims(result.accessToken());
  }

  private static Map<String, Object> attributionClaims(Map<String, Object> claims) {
    Map<String, Object> ours = new LinkedHashMap<>();
    for (String name : List.of("till_code", "store_code", "till_attribution", "default_till")) {
      if (claims.containsKey(name)) {
        ours.put(name, claims.get(name));
      }
    }
    return ours;
  }

  private static Map<String, Object> expected(String till, String store, String source) {
    Map<String, Object> expected = new LinkedHashMap<>();
    if (till != null) {
      expected.put("till_code", till);
    }
    expected.put("store_code", store);
    expected.put("till_attribution", source);
    expected.put("default_till", "store.server");
    return expected;
  }

  private static void assertRejected(Http.Result result, String description) {
    assertThat(result.status()).as(result.body()).isEqualTo(400);
    assertThat(result.json())
        .isEqualTo(
            Http.JSON
                .createObjectNode()
                .put("error", "invalid_request")
                .put("error_description", description));
  }

  @Test
  void noHeaderAttributesTheDefaultTill(Http http) {
    Http.Result result = http.clientCredentials(REALM, strict, SECRET, Map.of());
    assertThat(attributionClaims(claims(result)))
        .isEqualTo(expected("store.server", "store-001", "default"));
  }

  @Test
  void validTillInHeadersIsAttributed(Http http) {
    Map<String, Object> header = expected("till-002", "store-002", "header");
    assertThat(
            attributionClaims(
                claims(http.clientCredentials(REALM, strict, SECRET, Map.of(CODE, "till-002")))))
        .isEqualTo(header);
    assertThat(
            attributionClaims(
                claims(
                    http.clientCredentials(
                        REALM, strict, SECRET, Map.of(CODE, "till-002", TYPE, "TILL")))))
        .isEqualTo(header);
    assertThat(
            attributionClaims(
                claims(http.clientCredentials(REALM, strict, SECRET, Map.of(LEGACY, "till-002")))))
        .isEqualTo(header);
  }

  @Test
  void invalidTillFallsBackToTheDefaultWhenEnabled(Http http) {
    for (String code :
        List.of("no-such-till", disabledTill, notATill, "service-account-" + strict)) {
      assertThat(
              attributionClaims(
                  claims(http.clientCredentials(REALM, lenient, SECRET, Map.of(CODE, code)))))
          .as(code)
          .isEqualTo(expected("store.server", "store-001", "fallback"));
    }
  }

  @Test
  void invalidTillIsRefusedWithoutFallback(Http http) {
    for (String code : List.of("no-such-till", disabledTill, notATill)) {
      assertRejected(
          http.clientCredentials(REALM, strict, SECRET, Map.of(CODE, code)),
          "Unknown till code '" + code + "'");
    }
    assertRejected(
        http.clientCredentials(REALM, strict, SECRET, Map.of(LEGACY, "no-such-till")),
        "Unknown till code 'no-such-till'");
  }

  @Test
  void unsupportedEntityTypeIsRefused(Http http) {
    for (String client : List.of(strict, lenient)) {
      assertRejected(
          http.clientCredentials(
              REALM, client, SECRET, Map.of(CODE, "store-001", TYPE, "STORE_NAME")),
          "Unsupported attribution entity type 'STORE_NAME' (supported: TILL, STORE_CODE)");
    }
  }

  @Test
  void storeCodeAttributesTheStoreWithoutATill(Http http) {
    assertThat(
            attributionClaims(
                claims(
                    http.clientCredentials(
                        REALM, strict, SECRET, Map.of(CODE, "store-002", TYPE, "STORE_CODE")))))
        .isEqualTo(expected(null, "store-002", "header"));
    assertRejected(
        http.clientCredentials(
            REALM, strict, SECRET, Map.of(CODE, "store-999", TYPE, "STORE_CODE")),
        "Unknown store code 'store-999'");
  }

  @Test
  void malformedTillCodesAreRefusedWithoutFallbackAndFallBackWithIt(Http http) {
    String invalid =
        "Invalid X-CAP-API-ATTRIBUTION-ENTITY-CODE header: use 1 to 128 of the characters"
            + " A-Z a-z 0-9 . _ - @ +";
    for (String value : List.of("<script>", "a".repeat(129), "till 002", "x'; drop")) {
      assertRejected(http.clientCredentials(REALM, strict, SECRET, Map.of(CODE, value)), invalid);
      assertThat(claims(http.clientCredentials(REALM, lenient, SECRET, Map.of(CODE, value))))
          .containsEntry("till_attribution", "fallback")
          .containsEntry("till_code", "store.server");
    }
    assertRejected(
        http.clientCredentials(
            REALM, lenient, SECRET, Map.of(CODE, "till-002", LEGACY, "store.server")),
        "Headers X-CAP-API-ATTRIBUTION-ENTITY-CODE and X-CAP-API-ATTRIBUTION-TILL-CODE name"
            + " different tills");
  }

  @Test
  void clientsWithoutTheMapperAreNotAffected(Http http) {
    Map<String, Object> claims =
        claims(http.clientCredentials(REALM, plain, SECRET, Map.of(CODE, "no-such-till")));
    assertThat(attributionClaims(claims)).isEmpty();
  }

  @Test
  void introspectionKeepsTheHeaderAttribution(Http http) {
    String token =
        http.clientCredentials(REALM, strict, SECRET, Map.of(CODE, "till-002")).accessToken();
    JsonNode introspection = introspect(http, token);
    assertThat(introspection.path("active").asBoolean()).as(introspection.toString()).isTrue();
    assertThat(attributionClaims(Http.JSON.convertValue(introspection, Map.class)))
        .isEqualTo(expected("till-002", "store-002", "header"));
  }

  @Test
  void userinfoKeepsTheHeaderAttribution(Http http) {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("grant_type", "client_credentials");
    form.put("client_id", strict);
    form.put("client_secret", SECRET);
    form.put("scope", "openid");
    String token =
        http.postForm(http.tokenEndpoint(REALM), form, Map.of(CODE, "till-002")).accessToken();

    Http.Result userinfo =
        http.get(
            "/realms/" + REALM + "/protocol/openid-connect/userinfo",
            Map.of("Authorization", "Bearer " + token));
    assertThat(userinfo.status()).as(userinfo.body()).isEqualTo(200);
    assertThat(attributionClaims(Http.JSON.convertValue(userinfo.json(), Map.class)))
        .isEqualTo(expected("till-002", "store-002", "header"));

    Http.Result posted =
        http.postForm(
            "/realms/" + REALM + "/protocol/openid-connect/userinfo",
            Map.of("access_token", token));
    assertThat(attributionClaims(Http.JSON.convertValue(posted.json(), Map.class)))
        .isEqualTo(expected("till-002", "store-002", "header"));
  }

  @Test
  void refreshAndIntrospectionOfStoredSessionsKeepTheHeaderAttribution(Http http) {
    Http.Result issued =
        http.clientCredentials(REALM, refreshing, SECRET, Map.of(CODE, "till-002"));
    Map<String, Object> header = expected("till-002", "store-002", "header");
    assertThat(attributionClaims(claims(issued))).isEqualTo(header);
    String refreshToken = issued.json().path("refresh_token").asText();
    assertThat(refreshToken).as(issued.body()).isNotEmpty();

    // The refresh request carries no attribution header, or a different one: the decision stays.
    for (Map<String, String> headers :
        List.of(Map.<String, String>of(), Map.of(CODE, "store.server"))) {
      Map<String, String> form = new LinkedHashMap<>();
      form.put("grant_type", "refresh_token");
      form.put("client_id", refreshing);
      form.put("client_secret", SECRET);
      form.put("refresh_token", refreshToken);
      Http.Result refreshed = http.postForm(http.tokenEndpoint(REALM), form, headers);
      assertThat(attributionClaims(claims(refreshed))).isEqualTo(header);
      refreshToken = refreshed.json().path("refresh_token").asText(refreshToken);
      assertThat(
              attributionClaims(
                  Http.JSON.convertValue(introspect(http, refreshed.accessToken()), Map.class)))
          .isEqualTo(header);
    }
  }

  private static JsonNode introspect(Http http, String token) {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("client_id", resourceServer);
    form.put("client_secret", SECRET);
    form.put("token", token);
    Http.Result result =
        http.postForm("/realms/" + REALM + "/protocol/openid-connect/token/introspect", form);
    assertThat(result.status()).as(result.body()).isEqualTo(200);
    return result.json();
  }

  @Test
  void demoIntegrationFromRealmExportAttributesStoreServer(Http http) {
    Http.Result result =
        http.clientCredentials(REALM, "demo-integration", "demo-integration-secret", Map.of());
    assertThat(attributionClaims(claims(result)))
        .isEqualTo(expected("store.server", "store-001", "default"));
    assertRejected(
        http.clientCredentials(
            REALM, "demo-integration", "demo-integration-secret", Map.of(CODE, "nope")),
        "Unknown till code 'nope'");
  }
}
