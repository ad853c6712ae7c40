package org.tillauth.keycloak.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tillauth.keycloak.testing.AdminApi;
import org.tillauth.keycloak.testing.DemoRealm;
import org.tillauth.keycloak.testing.Http;
import org.tillauth.keycloak.testing.KeycloakIT;
import org.tillauth.keycloak.testing.RealmFixtures;
import org.tillauth.keycloak.testing.ServerLog;
import org.tillauth.keycloak.testing.VersionIndependent;
import org.tillauth.keycloak.testing.fuzz.AdminRequests;
import org.tillauth.keycloak.testing.fuzz.Answers;
import org.tillauth.keycloak.testing.fuzz.Answers.Answer;
import org.tillauth.keycloak.testing.fuzz.FormBodies;
import org.tillauth.keycloak.testing.fuzz.Fuzz;
import org.tillauth.keycloak.testing.fuzz.FuzzRun;
import org.tillauth.keycloak.testing.fuzz.RawHttp;

/**
 * Hostile requests at the gateway endpoint: every method, Basic and Bearer values that are almost
 * right or nothing like it, both token headers, original methods and URIs of every shape, bodies.
 * Every answer is 200, 401 or 403 with {@code Cache-Control: no-store} and the envelope (or one of
 * the HTTP layer's documented refusals), 200 only for the real credentials, and the till and the
 * API client still pass afterwards. Some cases send form or multipart bodies, valid and broken,
 * which Keycloak parses before the endpoint runs: the endpoint answers as if there were no body.
 */
@KeycloakIT
@VersionIndependent
class GatewayVerifyFuzzIT {

  static final String REALM = "gateway-fuzz";
  static final String DIGEST = "8a16a6b70505eb1f1ff7cdc0cd5559a7";
  static final int CASES = 300;
  static final Set<Integer> CODES = Set.of(330000, 330001, 330002, 330003, 330004, 330005, 330403);
  static final List<String> METHODS =
      List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

  static String token;

  @BeforeAll
  static void realm(Http http, AdminApi admin) {
    DemoRealm.createCopy(admin, REALM);
    // Failures are counted as usual, but never enough to lock the till the run ends with.
    RealmFixtures.expect(
        admin.put(
            "/admin/realms/" + REALM,
            Map.of("failureFactor", 100_000, "quickLoginCheckMilliSeconds", 1)),
        204);
    token =
        http.clientCredentials(REALM, "demo-integration", "demo-integration-secret", Map.of())
            .accessToken();
  }

  @AfterAll
  static void dropRealm(AdminApi admin) {
    admin.delete("/admin/realms/" + REALM);
  }

  @Test
  void hostileRequestsGetTheEnvelopeAndRealCredentialsKeepWorking(Http http) {
    RawHttp raw = new RawHttp(http.baseUrl());
    String path = GatewayRequests.path(REALM);
    long mark = ServerLog.mark();
    FuzzRun.cases(
        "gateway-verify",
        CASES,
        fuzz -> {
          String method = METHODS.get(fuzz.between(0, METHODS.size() - 1));
          String target = fuzz.chance(0.8) ? path : path + "/" + pathSuffix(fuzz);
          List<String[]> headers = new ArrayList<>();
          credentials(fuzz, headers);
          original(fuzz, headers);
          byte[] body;
          if (fuzz.chance(0.2)) {
            // Parsed by Keycloak before the endpoint runs, which never reads a body.
            FormBodies.Body form = FormBodies.of(fuzz);
            headers.add(new String[] {"Content-Type", form.contentType()});
            body = form.bytes();
          } else {
            body =
                fuzz.chance(0.7)
                    ? null
                    : fuzz.hostileString(0, 8192).getBytes(StandardCharsets.UTF_8);
          }
          boolean controlInHeader =
              headers.stream().anyMatch(header -> Fuzz.hasHeaderControl(header[1]));
          fuzz.note("method", method);
          fuzz.note("target", target);
          fuzz.note("headers", headers.stream().map(h -> h[0] + ": " + h[1]).toList());

          Answer answer = Answer.of(raw.send(method, target, headers, body));

          if (controlInHeader && answer.status() == 400) {
            Answers.httpLayerRefusal(answer);
            return;
          }
          // Keycloak's HTTP layer, before any provider (docs/gateway.md, "Answered by Keycloak").
          if (answer.status() == 431) {
            int size = headers.stream().mapToInt(h -> h[0].length() + h[1].length() + 4).sum();
            assertThat(size).as("431 only for a large header section").isGreaterThan(8192);
            assertThat(answer.body()).isEmpty();
            return;
          }
          boolean notNormalised =
              target.contains("//") || target.contains("/./") || target.contains("/../");
          if (answer.status() == 400
              && (answer.body().contains("missingNormalization")
                  || (notNormalised && method.equals("HEAD")))) {
            assertThat(target)
                .as("path not normalised")
                .containsAnyOf("//", "/./", "/../", "%2F", "%2f");
            return;
          }
          Answers.noServerError(answer);
          assertThat(answer.status()).as("%s", answer).isIn(200, 401, 403);
          assertThat(answer.header().apply("Cache-Control")).as("%s", answer).contains("no-store");
          if (method.equals("HEAD")) {
            assertThat(answer.body()).as("HEAD has no body").isEmpty();
            return;
          }
          JsonNode json = answer.json();
          if (answer.status() == 200) {
            assertThat(json.path("data").path("authType").asText())
                .as("%s", answer)
                .isIn("till", "api-client");
            assertThat(json.path("errors").isNull()).isTrue();
          } else {
            JsonNode error = json.path("errors").path(0);
            assertThat(json.path("data").isNull()).as("%s", answer).isTrue();
            assertThat(CODES)
                .as("documented code: %s", answer)
                .contains(error.path("code").asInt());
            assertThat(answer.header().apply("X-Auth-Error-Code"))
                .isEqualTo(Integer.toString(error.path("code").asInt()));
          }
        });

    // Broken form and multipart bodies, hostile headers and paths: no ERROR line, no stack trace.
    AdminRequests.nothingLoggedSince(mark);

    Http.Result till = GatewayRequests.verifyBasic(http, REALM, "store.server", DIGEST);
    assertThat(till.status()).as("%s", till).isEqualTo(200);
    Http.Result client =
        GatewayRequests.verifyToken(
            http, REALM, token, "X-Original-Method", "GET", "X-Original-URI", "/v2/customers");
    assertThat(client.status()).as("%s", client).isEqualTo(200);
  }

  private static void credentials(Fuzz fuzz, List<String[]> headers) {
    switch (fuzz.between(0, 7)) {
      case 0 ->
          headers.add(new String[] {"Authorization", "Basic " + b64("store.server:" + DIGEST)});
      case 1 ->
          headers.add(
              new String[] {
                "Authorization", "Basic " + b64(fuzz.hostileString(128) + ":" + fuzz.mutate(DIGEST))
              });
      case 2 ->
          headers.add(
              new String[] {
                "Authorization",
                fuzz.pick("Basic ", "basic ", "BASIC ", "Basic") + fuzz.hostileString(512)
              });
      case 3 -> headers.add(new String[] {"Authorization", "Bearer " + token});
      case 4 ->
          headers.add(
              new String[] {
                "Authorization",
                fuzz.pick("Bearer ", "bearer ", "Bearer  ", "") + fuzz.mutate(token)
              });
      case 5 ->
          headers.add(
              new String[] {
                "X-CAP-API-OAUTH-TOKEN", fuzz.chance(0.5) ? token : fuzz.hostileString(16384)
              });
      case 6 -> {
        headers.add(new String[] {"Authorization", "Bearer " + token});
        headers.add(
            new String[] {
              fuzz.pick("Authorization", "X-CAP-API-OAUTH-TOKEN"),
              fuzz.pick("Bearer " + token, token, "Basic " + b64("store.server:" + DIGEST))
            });
      }
      default -> {
        // no credentials at all
      }
    }
  }

  private static void original(Fuzz fuzz, List<String[]> headers) {
    if (fuzz.chance(0.3)) {
      return;
    }
    String[] names =
        fuzz.chance(0.5)
            ? new String[] {"X-Original-Method", "X-Original-URI"}
            : new String[] {"X-Forwarded-Method", "X-Forwarded-Uri"};
    headers.add(
        new String[] {
          names[0], fuzz.chance(0.7) ? fuzz.pick("GET", "POST", "DELETE") : fuzz.hostileString(16)
        });
    headers.add(new String[] {names[1], uri(fuzz)});
    if (fuzz.chance(0.1)) {
      headers.add(new String[] {names[1], uri(fuzz)});
    }
  }

  private static String uri(Fuzz fuzz) {
    return switch (fuzz.between(0, 4)) {
      case 0 -> fuzz.pick("/v2/customers", "/v2/points/1", "/config/store", "/health");
      case 1 -> fuzz.mutate(fuzz.pick("/v2/customers/../points", "/v2/%70oints", "/v1.1/customer"));
      case 2 -> "/" + fuzz.hostileString(8192);
      case 3 -> fuzz.pick("/v2/a%2Fb", "/..", "/v2/%C1%A4", "/v2/%", "http://x/v2/points", "");
      default -> fuzz.sized(8191, 8192, 8193);
    };
  }

  /** A path suffix (Envoy form): only characters a request line can carry. */
  private static String pathSuffix(Fuzz fuzz) {
    return fuzz.pick(
        "v2/points", "v2/customers/1", "..%2F..%2Fadmin", "v2//points", "%00", "x".repeat(3000));
  }

  private static String b64(String value) {
    return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
  }
}
