package org.tillauth.keycloak.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tillauth.keycloak.gateway.GatewayRequests.basic;
import static org.tillauth.keycloak.gateway.GatewayRequests.headers;
import static org.tillauth.keycloak.gateway.GatewayRequests.verify;
import static org.tillauth.keycloak.gateway.GatewayRequests.verifyToken;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tillauth.keycloak.testing.AdminApi;
import org.tillauth.keycloak.testing.DemoRealm;
import org.tillauth.keycloak.testing.Http;
import org.tillauth.keycloak.testing.KeycloakIT;
import org.tillauth.keycloak.testing.RealmFixtures;

/** Access tokens at the gateway endpoint, and access-group enforcement by original method/URI. */
@KeycloakIT
class GatewayTokenIT {

  static final String REALM = "gateway-token";
  static final String CLIENT = "demo-integration";
  static final String SECRET = "demo-integration-secret";
  static final String DIGEST = "8a16a6b70505eb1f1ff7cdc0cd5559a7";

  static RealmFixtures fixtures;

  @BeforeAll
  static void realm(AdminApi admin) {
    DemoRealm.createCopy(admin, REALM);
    fixtures = new RealmFixtures(admin, REALM, "gwt");
  }

  @AfterAll
  static void cleanUp(AdminApi admin) {
    fixtures.close();
    admin.delete("/admin/realms/" + REALM);
  }

  @AfterEach
  void defaultRoutes(AdminApi admin) {
    setRealmAttributes(admin, Map.of(GatewayRoutesKeys.ROUTES, "", GatewayRoutesKeys.UNMAPPED, ""));
  }

  static String apiClientToken(Http http, Map<String, String> headers) {
    return http.clientCredentials(REALM, CLIENT, SECRET, headers).accessToken();
  }

  @Test
  void apiClientTokenCarriesItsAttributedTillAndAccessGroup(Http http) {
    String token = apiClientToken(http, Map.of("X-CAP-API-ATTRIBUTION-ENTITY-CODE", "till-002"));

    Http.Result result =
        verifyToken(
            http, REALM, token, "X-Original-Method", "GET", "X-Original-URI", "/v2/customers/42");

    assertThat(result.status()).as(result.toString()).isEqualTo(200);
    assertThat(result.header("X-Auth-Type")).isEqualTo("api-client");
    assertThat(result.header("X-Client-Id")).isEqualTo(CLIENT);
    assertThat(result.header("X-Till-Code")).isEqualTo("till-002");
    assertThat(result.header("X-Store-Code")).isEqualTo("store-002");
    assertThat(result.header("X-Till-Attribution")).isEqualTo("header");
    assertThat(result.header("X-Access-Group")).isEqualTo("POS");
    assertThat(result.header("X-Access-Group-Permissions").split(","))
        .contains("data:customer:write", "data:points:read", "config:store:read");
    assertThat(result.header("Cache-Control")).contains("no-store");
  }

  @Test
  void thePlatformTokenHeaderWorksAndConflictingCredentialsAreRefused(Http http) {
    String token = apiClientToken(http, Map.of());
    Http.Result platform = verify(http, REALM, readCustomers("X-CAP-API-OAUTH-TOKEN", token));
    assertThat(platform.status()).isEqualTo(200);
    assertThat(platform.header("X-Till-Code")).isEqualTo("store.server");
    assertThat(platform.header("X-Till-Attribution")).isEqualTo("default");

    Http.Result same =
        verify(
            http,
            REALM,
            readCustomers("Authorization", "Bearer " + token, "X-CAP-API-OAUTH-TOKEN", token));
    assertThat(same.status()).isEqualTo(200);

    for (Map<String, String> conflicting :
        List.of(
            headers("Authorization", "Bearer " + token, "X-CAP-API-OAUTH-TOKEN", token + "x"),
            headers(
                "Authorization", basic("store.server", DIGEST), "X-CAP-API-OAUTH-TOKEN", token))) {
      Http.Result refused = verify(http, REALM, conflicting);
      assertThat(refused.status()).isEqualTo(401);
      assertThat(refused.json().path("errors").get(0).path("code").asInt()).isEqualTo(330004);
      assertThat(refused.headers().allValues("WWW-Authenticate"))
          .anySatisfy(value -> assertThat(value).contains("error=\"invalid_request\""));
    }
  }

  @Test
  void idRefreshForeignTamperedAndGarbageTokensAreRefused(Http http) {
    Http.Result tillLogin =
        http.postForm(
            http.tokenEndpoint(REALM),
            Map.of(
                "grant_type", "password",
                "client_id", DemoRealm.POS_CLIENT,
                "username", "store.server",
                "password", DIGEST,
                "scope", "openid"));
    JsonNode tokens = tillLogin.json();
    String foreign = http.clientCredentials(DemoRealm.NAME, CLIENT, SECRET, Map.of()).accessToken();
    String valid = apiClientToken(http, Map.of());
    String tampered =
        valid.substring(0, valid.length() - 4) + (valid.endsWith("AAAA") ? "BBBB" : "AAAA");

    for (String token :
        List.of(
            tokens.path("id_token").asText(),
            tokens.path("refresh_token").asText(),
            foreign,
            tampered,
            "not-a-jwt")) {
      Http.Result refused = verifyToken(http, REALM, token);
      assertThat(refused.status()).isEqualTo(401);
      assertThat(refused.body())
          .isEqualTo(
              "{\"data\":null,\"errors\":[{\"code\":330003,\"message\":\"Invalid or expired access"
                  + " token\"}]}");
      assertThat(refused.headers().allValues("WWW-Authenticate"))
          .contains(
              "Bearer realm=\""
                  + REALM
                  + "\", error=\"invalid_token\", error_description=\"Invalid or expired access"
                  + " token\"");
    }
    // The till's own access token is accepted, as a till.
    Http.Result till = verifyToken(http, REALM, tokens.path("access_token").asText());
    assertThat(till.status()).isEqualTo(200);
    assertThat(till.header("X-Auth-Type")).isEqualTo("till");
    assertThat(till.header("X-Till-Code")).isEqualTo("store.server");
  }

  @Test
  void expiredTokensAndTokensOfADisabledClientAreRefused(Http http, AdminApi admin)
      throws InterruptedException {
    String clientId = fixtures.name("short");
    String uuid =
        fixtures.confidentialClient(
            clientId, "short-secret", Map.of("access.token.lifespan", "1"), List.of());
    String shortLived =
        http.clientCredentials(REALM, clientId, "short-secret", Map.of()).accessToken();
    String forDisable = http.clientCredentials(REALM, CLIENT, SECRET, Map.of()).accessToken();
    Thread.sleep(2_100);
    assertThat(verifyToken(http, REALM, shortLived).status()).isEqualTo(401);

    assertThat(verify(http, REALM, readCustomers("Authorization", "Bearer " + forDisable)).status())
        .isEqualTo(200);
    String demoUuid = admin.clientUuid(REALM, CLIENT);
    RealmFixtures.expect(
        admin.put(
            "/admin/realms/" + REALM + "/clients/" + demoUuid,
            Map.of("clientId", CLIENT, "enabled", false)),
        204);
    try {
      assertThat(verifyToken(http, REALM, forDisable).status()).isEqualTo(401);
    } finally {
      RealmFixtures.expect(
          admin.put(
              "/admin/realms/" + REALM + "/clients/" + demoUuid,
              Map.of("clientId", CLIENT, "enabled", true)),
          204);
    }
    assertThat(uuid).isNotBlank();
  }

  @Test
  void aTokenWhoseSessionEndedIsRefused(Http http, AdminApi admin) {
    String code = fixtures.name("session");
    String id = fixtures.till(code, "session-pass");
    String token =
        http.passwordGrant(
                REALM,
                DemoRealm.POS_CLIENT,
                code,
                org.tillauth.keycloak.till.Md5Digest.of("session-pass"))
            .accessToken();
    assertThat(verifyToken(http, REALM, token).status()).isEqualTo(200);

    RealmFixtures.expect(
        admin.post("/admin/realms/" + REALM + "/users/" + id + "/logout", Map.of()), 204);

    assertThat(verifyToken(http, REALM, token).status()).isEqualTo(401);
  }

  @Test
  void accessGroupDecidesByMethodAndResource(Http http) {
    String token = apiClientToken(http, Map.of());
    // POS: points read, customer write, store read (data and config).
    assertThat(call(http, token, "GET", "/v2/points").status()).isEqualTo(200);
    assertThat(call(http, token, "HEAD", "/v1.1/points/summary").status()).isEqualTo(200);
    assertThat(call(http, token, "POST", "/v2/customers").status()).isEqualTo(200);
    assertThat(call(http, token, "GET", "/config/store/5").status()).isEqualTo(200);

    Http.Result denied = call(http, token, "POST", "/v2/points/redeem?force=1");
    assertThat(denied.status()).isEqualTo(403);
    assertThat(denied.body())
        .isEqualTo(
            "{\"data\":null,\"errors\":[{\"code\":330403,\"message\":\"Not authorized. Access is"
                + " denied!\",\"resource\":\"data:points\",\"level\":\"write\"}]}");
    assertThat(denied.header("X-Access-Required")).isEqualTo("data:points:write");
    assertThat(denied.header("Cache-Control")).contains("no-store");
    assertThat(call(http, token, "GET", "/v2/staff").status()).isEqualTo(403);
    assertThat(call(http, token, "DELETE", "/v2/customers/1").status()).isEqualTo(200);
  }

  @Test
  void pathSpellingsCannotReachAResourceUnderAnotherName(Http http) {
    String token = apiClientToken(http, Map.of());
    for (String uri :
        List.of(
            "/v2/customers/../points",
            "/V2/POINTS",
            "/v2//points/",
            "/v2/%70oints",
            "/v2/./points",
            "/v2/points;jsessionid=1",
            "http://api.example/v2/points")) {
      Http.Result result = call(http, token, "POST", uri);
      assertThat(result.status()).as(uri).isEqualTo(403);
      assertThat(result.header("X-Access-Required")).as(uri).isEqualTo("data:points:write");
    }
    for (String unsafe :
        List.of("/v2/customers%2F..%2Fpoints", "/../v2/customers", "/v2/customers%00")) {
      Http.Result result = call(http, token, "POST", unsafe);
      assertThat(result.status()).as(unsafe).isEqualTo(403);
      assertThat(result.header("X-Access-Required")).as(unsafe).isNull();
    }
    // The query string is not part of the path.
    assertThat(call(http, token, "GET", "/v2/points?next=/../../v2/staff").status()).isEqualTo(200);
  }

  @Test
  void traefikAndEnvoyFormsAreUnderstood(Http http) {
    String token = apiClientToken(http, Map.of());
    Http.Result traefik =
        verifyToken(
            http, REALM, token, "X-Forwarded-Method", "POST", "X-Forwarded-Uri", "/v2/points");
    assertThat(traefik.status()).isEqualTo(403);
    Http.Result traefikRead =
        verifyToken(
            http, REALM, token, "X-Forwarded-Method", "GET", "X-Forwarded-Uri", "/v2/points");
    assertThat(traefikRead.status()).isEqualTo(200);

    // Envoy ext_authz with path_prefix: the original path follows /verify, the method is its own.
    Http.Result envoyWrite =
        http.send(
            http.request(
                    GatewayRequests.path(REALM) + "/v2/points/redeem",
                    headers("Authorization", "Bearer " + token))
                .POST(java.net.http.HttpRequest.BodyPublishers.noBody())
                .build());
    assertThat(envoyWrite.status()).isEqualTo(403);
    Http.Result envoyRead =
        http.get(
            GatewayRequests.path(REALM) + "/v2/points",
            headers("Authorization", "Bearer " + token));
    assertThat(envoyRead.status()).isEqualTo(200);
  }

  @Test
  void aClientCannotChooseTheCheckedRequestByAddingTheOtherHeaderFamily(Http http) {
    String token = apiClientToken(http, Map.of());
    // Behind Traefik (X-Forwarded-*, client headers passed on): POS may read points, not write
    // them.
    Http.Result methodSpoofed =
        verifyToken(
            http,
            REALM,
            token,
            "X-Forwarded-Method",
            "POST",
            "X-Forwarded-Uri",
            "/v2/points/redeem",
            "X-Original-Method",
            "GET");
    assertThat(methodSpoofed.status()).as(methodSpoofed.toString()).isEqualTo(403);
    assertThat(methodSpoofed.json().path("errors").get(0).path("code").asInt()).isEqualTo(330403);

    Http.Result resourceSpoofed =
        verifyToken(
            http,
            REALM,
            token,
            "X-Forwarded-Method",
            "GET",
            "X-Forwarded-Uri",
            "/v2/staff",
            "X-Original-Method",
            "GET",
            "X-Original-URI",
            "/v2/points");
    assertThat(resourceSpoofed.status()).isEqualTo(403);

    // Envoy's path form: the verification request's own method and path are the original ones.
    Http.Result envoySpoofed =
        http.send(
            http.request(
                    GatewayRequests.path(REALM) + "/v2/points/redeem",
                    headers("Authorization", "Bearer " + token, "X-Original-Method", "GET"))
                .POST(java.net.http.HttpRequest.BodyPublishers.noBody())
                .build());
    assertThat(envoySpoofed.status()).isEqualTo(403);

    // Both families naming the same request are fine.
    Http.Result agreeing =
        verifyToken(
            http,
            REALM,
            token,
            "X-Forwarded-Method",
            "GET",
            "X-Forwarded-Uri",
            "/v2/points",
            "X-Original-Method",
            "GET",
            "X-Original-URI",
            "/v2/points?page=2");
    assertThat(agreeing.status()).isEqualTo(200);
  }

  @Test
  void everyIdentityHeaderIsSentEvenWithoutAValue(Http http) {
    Http.Result till = verify(http, REALM, headers("Authorization", basic("store.server", DIGEST)));
    assertThat(till.status()).isEqualTo(200);
    for (String header :
        List.of("X-Client-Id", "X-Subject", "X-Access-Group", "X-Access-Group-Permissions")) {
      assertThat(till.headers().allValues(header)).as(header).containsExactly("");
    }
    assertThat(till.header("X-Till-Code")).isEqualTo("store.server");
    // The body lists only the fields with a value.
    assertThat(till.json().path("data").has("subject")).isFalse();
    assertThat(till.json().path("data").has("accessGroupPermissions")).isFalse();
  }

  @Test
  void tillsAreNeverRestrictedByAccessGroups(Http http) {
    Http.Result basic =
        verify(
            http,
            REALM,
            headers(
                "Authorization", basic("store.server", DIGEST),
                "X-Original-Method", "POST",
                "X-Original-URI", "/v2/staff"));
    assertThat(basic.status()).isEqualTo(200);
    // Sent empty, so that a gateway's copy replaces any X-Access-Group the client sent.
    assertThat(basic.headers().allValues("X-Access-Group")).containsExactly("");
  }

  @Test
  void unmappedPathsFollowTheRealmSettingAndCustomRoutesApply(Http http, AdminApi admin) {
    String token = apiClientToken(http, Map.of());
    assertThat(call(http, token, "GET", "/health").status()).isEqualTo(403);
    assertThat(verifyToken(http, REALM, token).status())
        .as("no URI is an unmapped path")
        .isEqualTo(403);

    setRealmAttributes(admin, Map.of(GatewayRoutesKeys.UNMAPPED, "allow"));
    assertThat(call(http, token, "GET", "/health").status()).isEqualTo(200);
    assertThat(verifyToken(http, REALM, token).status()).isEqualTo(200);

    setRealmAttributes(
        admin,
        Map.of(
            GatewayRoutesKeys.ROUTES,
            "/api/loyalty=data:points\n/api/people=data:customer",
            GatewayRoutesKeys.UNMAPPED,
            "deny"));
    assertThat(call(http, token, "POST", "/api/loyalty/x").status()).isEqualTo(403);
    assertThat(call(http, token, "POST", "/api/people/x").status()).isEqualTo(200);
    assertThat(call(http, token, "GET", "/v2/points").status())
        .as("defaults replaced")
        .isEqualTo(403);

    setRealmAttributes(admin, Map.of(GatewayRoutesKeys.ROUTES, "/api/people=data:nonsense"));
    Http.Result broken = call(http, token, "GET", "/api/people");
    assertThat(broken.status()).as("invalid table fails closed").isEqualTo(403);
  }

  /** Credentials plus an original request the POS access group may make. */
  static Map<String, String> readCustomers(String... credentials) {
    Map<String, String> headers = headers(credentials);
    headers.put("X-Original-Method", "GET");
    headers.put("X-Original-URI", "/v2/customers");
    return headers;
  }

  static Http.Result call(Http http, String token, String method, String uri) {
    return verifyToken(http, REALM, token, "X-Original-Method", method, "X-Original-URI", uri);
  }

  static void setRealmAttributes(AdminApi admin, Map<String, String> attributes) {
    RealmFixtures.expect(
        admin.put("/admin/realms/" + REALM, Map.of("realm", REALM, "attributes", attributes)), 204);
  }

  /** The realm attribute names, as documented. */
  static final class GatewayRoutesKeys {
    static final String ROUTES = "till-auth.gateway.routes";
    static final String UNMAPPED = "till-auth.gateway.unmapped-paths";
  }
}
