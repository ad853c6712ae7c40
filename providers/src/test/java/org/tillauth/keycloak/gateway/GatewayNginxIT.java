package org.tillauth.keycloak.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tillauth.keycloak.gateway.GatewayRequests.basic;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tillauth.keycloak.testing.AdminApi;
import org.tillauth.keycloak.testing.DemoRealm;
import org.tillauth.keycloak.testing.Http;
import org.tillauth.keycloak.testing.KeycloakIT;
import org.tillauth.keycloak.testing.Nginx;
import org.tillauth.keycloak.testing.OrganisationSettings;
import org.tillauth.keycloak.testing.RealmFixtures;
import org.tillauth.keycloak.till.Md5Digest;

/**
 * A real gateway: Debian's nginx with {@code auth_request} to the verify endpoint, in front of an
 * upstream that echoes the headers nginx forwards to it (the configuration of docs/gateway.md).
 */
@KeycloakIT
class GatewayNginxIT {

  static final String REALM = "gateway-nginx";
  static final String DIGEST = "8a16a6b70505eb1f1ff7cdc0cd5559a7";

  static Nginx nginx;
  static int gatewayPort;
  static RealmFixtures fixtures;
  static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeAll
  static void start(Http http, AdminApi admin) {
    DemoRealm.createCopy(admin, REALM);
    fixtures = new RealmFixtures(admin, REALM, "nginx");
    gatewayPort = Nginx.freePort();
    int upstreamPort = Nginx.freePort();
    URI keycloak = http.baseUrl();
    String verify =
        "http://"
            + keycloak.getHost()
            + ":"
            + keycloak.getPort()
            + "/realms/"
            + REALM
            + "/till-auth/verify";
    nginx = Nginx.start("gateway", config(verify, gatewayPort, upstreamPort), gatewayPort);
  }

  /** The documented nginx configuration, with this test's ports. */
  static String config(String verifyUrl, int gatewayPort, int upstreamPort) {
    return String.join(
        "\n",
        "  server {",
        "    listen 127.0.0.1:" + upstreamPort + ";",
        "    location / {",
        "      default_type application/json;",
        "      return 200 '{\"authType\":\"$http_x_auth_type\",\"till\":\"$http_x_till_code\","
            + "\"store\":\"$http_x_store_code\",\"attribution\":\"$http_x_till_attribution\","
            + "\"client\":\"$http_x_client_id\",\"subject\":\"$http_x_subject\","
            + "\"group\":\"$http_x_access_group\","
            + "\"permissions\":\"$http_x_access_group_permissions\",\"uri\":\"$request_uri\"}';",
        "    }",
        "  }",
        "  server {",
        "    listen 127.0.0.1:" + gatewayPort + ";",
        "    location = /_till_auth {",
        "      internal;",
        "      proxy_pass " + verifyUrl + ";",
        "      proxy_pass_request_body off;",
        "      proxy_set_header Content-Length \"\";",
        "      proxy_set_header X-Original-Method $request_method;",
        "      proxy_set_header X-Original-URI $request_uri;",
        "    }",
        "    location / {",
        "      auth_request /_till_auth;",
        "      auth_request_set $auth_type $upstream_http_x_auth_type;",
        "      auth_request_set $till_code $upstream_http_x_till_code;",
        "      auth_request_set $store_code $upstream_http_x_store_code;",
        "      auth_request_set $till_attribution $upstream_http_x_till_attribution;",
        "      auth_request_set $client_id $upstream_http_x_client_id;",
        "      auth_request_set $subject $upstream_http_x_subject;",
        "      auth_request_set $access_group $upstream_http_x_access_group;",
        "      auth_request_set $permissions $upstream_http_x_access_group_permissions;",
        "      proxy_set_header X-Auth-Type $auth_type;",
        "      proxy_set_header X-Till-Code $till_code;",
        "      proxy_set_header X-Store-Code $store_code;",
        "      proxy_set_header X-Till-Attribution $till_attribution;",
        "      proxy_set_header X-Client-Id $client_id;",
        "      proxy_set_header X-Subject $subject;",
        "      proxy_set_header X-Access-Group $access_group;",
        "      proxy_set_header X-Access-Group-Permissions $permissions;",
        "      proxy_pass http://127.0.0.1:" + upstreamPort + ";",
        "    }",
        "  }");
  }

  @AfterAll
  static void stop(AdminApi admin) {
    if (nginx != null) {
      nginx.close();
    }
    if (fixtures != null) {
      fixtures.close();
    }
    admin.delete("/admin/realms/" + REALM);
  }

  static HttpResponse<String> send(String method, String path, Map<String, String> headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gatewayPort + path))
            .timeout(Duration.ofSeconds(30))
            .method(method, HttpRequest.BodyPublishers.ofString(method.equals("GET") ? "" : "{}"));
    headers.forEach(request::header);
    try {
      return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new AssertionError(e + "\n" + nginx.log(), e);
    }
  }

  static JsonNode json(HttpResponse<String> response) {
    try {
      return Http.JSON.readTree(response.body());
    } catch (Exception e) {
      throw new AssertionError(response.statusCode() + " " + response.body(), e);
    }
  }

  @Test
  void tillBasicRequestReachesTheUpstreamWithTillAndStore() {
    HttpResponse<String> response =
        send(
            "GET",
            "/v2/customers?mobile=1",
            Map.of(
                "Authorization",
                "Basic c3RvcmUuc2VydmVyOjhhMTZhNmI3MDUwNWViMWYxZmY3Y2RjMGNkNTU1OWE3"));

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode echoed = json(response);
    assertThat(echoed.path("authType").asText()).isEqualTo("till");
    assertThat(echoed.path("till").asText()).isEqualTo("store.server");
    assertThat(echoed.path("store").asText()).isEqualTo("store-001");
    assertThat(echoed.path("attribution").asText()).isEqualTo("self");
    assertThat(echoed.path("uri").asText()).isEqualTo("/v2/customers?mobile=1");
  }

  @Test
  void identityHeadersTheClientSendsItselfNeverReachTheUpstream() {
    HttpResponse<String> response =
        send(
            "GET",
            "/v2/customers",
            Map.of(
                "Authorization", basic("store.server", DIGEST),
                "X-Subject", "admin-subject",
                "X-Client-Id", "admin-cli",
                "X-Access-Group", "ALL",
                "X-Access-Group-Permissions", "config:staff:write"));

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode echoed = json(response);
    assertThat(echoed.path("till").asText()).isEqualTo("store.server");
    assertThat(echoed.path("subject").asText()).isEmpty();
    assertThat(echoed.path("client").asText()).isEmpty();
    assertThat(echoed.path("group").asText()).isEmpty();
    assertThat(echoed.path("permissions").asText()).isEmpty();
  }

  @Test
  void wrongDigestIsRefusedWithAChallenge() {
    HttpResponse<String> response =
        send(
            "GET",
            "/v2/customers",
            Map.of("Authorization", basic("store.server", Md5Digest.of("nope"))));

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().allValues("WWW-Authenticate"))
        .contains("Basic realm=\"" + REALM + "\", charset=\"UTF-8\"");
    assertThat(response.body()).doesNotContain("store.server");
  }

  @Test
  void apiClientTokenReachesTheUpstreamWithItsAccessGroupAndAReadOnlyWriteIsForbidden(Http http) {
    String token =
        http.clientCredentials(
                REALM,
                "demo-integration",
                "demo-integration-secret",
                Map.of("X-CAP-API-ATTRIBUTION-ENTITY-CODE", "till-002"))
            .accessToken();

    HttpResponse<String> read =
        send("GET", "/v2/points/balance", Map.of("Authorization", "Bearer " + token));
    assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
    JsonNode echoed = json(read);
    assertThat(echoed.path("authType").asText()).isEqualTo("api-client");
    assertThat(echoed.path("client").asText()).isEqualTo("demo-integration");
    assertThat(echoed.path("till").asText()).isEqualTo("till-002");
    assertThat(echoed.path("store").asText()).isEqualTo("store-002");
    assertThat(echoed.path("group").asText()).isEqualTo("POS");
    assertThat(echoed.path("permissions").asText()).contains("data:points:read");

    HttpResponse<String> platformHeader =
        send("POST", "/v2/customers", Map.of("X-CAP-API-OAUTH-TOKEN", token));
    assertThat(platformHeader.statusCode()).isEqualTo(200);

    HttpResponse<String> write =
        send("POST", "/v2/points/redeem", Map.of("Authorization", "Bearer " + token));
    assertThat(write.statusCode()).isEqualTo(403);
  }

  @Test
  void afterAPasswordChangeTheOldDigestIsRefusedAtOnce(AdminApi admin) {
    String code = fixtures.name("till");
    String id = fixtures.till(code, "first-pass", "store-002");
    Map<String, String> old = Map.of("Authorization", basic(code, Md5Digest.of("first-pass")));
    assertThat(send("GET", "/v2/customers", old).statusCode()).isEqualTo(200);
    assertThat(send("GET", "/v2/customers", old).statusCode()).isEqualTo(200); // cached

    RealmFixtures.expect(
        admin.put(
            "/admin/realms/" + REALM + "/users/" + id + "/reset-password",
            Map.of("type", "password", "value", "second-pass", "temporary", false)),
        204);

    assertThat(send("GET", "/v2/customers", old).statusCode()).isEqualTo(401);
    HttpResponse<String> fresh =
        send(
            "GET",
            "/v2/customers",
            Map.of("Authorization", basic(code, Md5Digest.of("second-pass"))));
    assertThat(fresh.statusCode()).isEqualTo(200);
    assertThat(json(fresh).path("store").asText()).isEqualTo("store-002");
  }

  @Test
  void withTheSwitchOffBasicIsRefused(AdminApi admin) {
    Map<String, String> till = Map.of("Authorization", basic("store.server", DIGEST));
    assertThat(send("GET", "/v2/customers", till).statusCode()).isEqualTo(200);
    OrganisationSettings.setBasicAuth(admin, REALM, false);
    try {
      assertThat(send("GET", "/v2/customers", till).statusCode()).isEqualTo(401);
    } finally {
      OrganisationSettings.setBasicAuth(admin, REALM, true);
    }
    assertThat(send("GET", "/v2/customers", till).statusCode()).isEqualTo(200);
  }
}
