package org.tillauth.keycloak.request;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tillauth.keycloak.testing.AdminApi;
import org.tillauth.keycloak.testing.Http;
import org.tillauth.keycloak.testing.KeycloakIT;
import org.tillauth.keycloak.testing.ServerLog;
import org.tillauth.keycloak.testing.fuzz.RawHttp;

/**
 * Form and multipart bodies the HTTP stack cannot parse, sent to every extension endpoint that
 * takes a body or accepts a writing method: the surface's own 400 (or, at the gateway, which never
 * reads a body, its usual answer), never Keycloak's 500 {@code unknown_error}, and no ERROR line in
 * the server log.
 */
@KeycloakIT
class MalformedBodiesIT {

  static final String REALM = "demo-org";
  static final String DIGEST = "8a16a6b70505eb1f1ff7cdc0cd5559a7";

  /** Content type and body: broken escapes and a multipart body cut off after its first part. */
  static final List<String[]> BODIES =
      List.of(
          new String[] {"application/x-www-form-urlencoded", "a=%zz"},
          new String[] {"application/x-www-form-urlencoded", "%"},
          new String[] {"application/x-www-form-urlencoded", "name=%zz"},
          new String[] {"application/x-www-form-urlencoded; charset=UTF-8", "x=%e2%28"},
          new String[] {
            "multipart/form-data; boundary=x",
            "--x\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nb"
          },
          new String[] {"multipart/form-data; boundary=x", "a=b"},
          new String[] {"multipart/form-data", "--x\r\n"});

  static final List<String> GATEWAY_METHODS = List.of("POST", "PUT", "PATCH", "DELETE");

  @Test
  void gatewayIgnoresBodiesItNeverReads(Http http) {
    RawHttp raw = new RawHttp(http.baseUrl());
    long mark = ServerLog.mark();
    List<String> failures = new ArrayList<>();
    for (String target :
        List.of(
            "/realms/" + REALM + "/till-auth/verify",
            "/realms/" + REALM + "/till-auth/verify/v2/points")) {
      for (String method : GATEWAY_METHODS) {
        for (String[] body : BODIES) {
          RawHttp.Response anonymous =
              raw.send(
                  method,
                  target,
                  RawHttp.headers("Content-Type", body[0]),
                  body[1].getBytes(StandardCharsets.UTF_8));
          if (anonymous.status() != 401
              || !anonymous.body().contains("\"code\":330000")
              || !"330000".equals(anonymous.header("X-Auth-Error-Code"))) {
            failures.add(
                method + " " + target + " " + body[0] + " " + body[1] + " -> " + anonymous);
          }
          RawHttp.Response till =
              raw.send(
                  method,
                  target,
                  RawHttp.headers(
                      "Content-Type",
                      body[0],
                      "Authorization",
                      "Basic "
                          + Base64.getEncoder()
                              .encodeToString(
                                  ("store.server:" + DIGEST).getBytes(StandardCharsets.UTF_8))),
                  body[1].getBytes(StandardCharsets.UTF_8));
          if (till.status() != 200 || !till.body().contains("\"authType\":\"till\"")) {
            failures.add("till " + method + " " + target + " " + body[0] + " -> " + till);
          }
        }
      }
    }
    assertThat(failures).isEmpty();
    assertThat(ServerLog.since(mark)).doesNotContain("ERROR");
  }

  @Test
  void adminEndpointsAnswerInvalidRequest(Http http, AdminApi admin) {
    RawHttp raw = new RawHttp(http.baseUrl());
    String base = "/admin/realms/" + REALM;
    String someClient = admin.clientUuid(REALM, "demo-integration");
    List<String[]> targets =
        List.of(
            new String[] {"POST", base + "/api-clients/page-client"},
            new String[] {"POST", base + "/api-clients"},
            new String[] {"PUT", base + "/api-clients/" + someClient},
            new String[] {"POST", base + "/api-clients/" + someClient + "/secret"},
            new String[] {"POST", base + "/access-groups"},
            new String[] {"PUT", base + "/access-groups/POS"},
            new String[] {"POST", base + "/stores"},
            new String[] {"POST", base + "/tills"},
            new String[] {"PUT", base + "/tills/till-002"},
            new String[] {"PUT", base + "/tills/till-002/password"},
            new String[] {"POST", base + "/tills/till-002/password"},
            new String[] {"PUT", base + "/organisation-settings"},
            new String[] {"POST", base + "/organisation-import/stores"},
            new String[] {"POST", base + "/organisation-import/tills"});
    JsonNode before = admin.getJson(base + "/api-clients/" + someClient);
    long mark = ServerLog.mark();
    List<String> failures = new ArrayList<>();
    for (String[] target : targets) {
      for (String[] body : BODIES) {
        RawHttp.Response answer =
            raw.send(
                target[0],
                target[1],
                RawHttp.headers("Content-Type", body[0], "Authorization", admin.authorization()),
                body[1].getBytes(StandardCharsets.UTF_8));
        // JSON endpoints refuse the type before the form is parsed (415); page-client reads no
        // body and works when the framework can parse it; everything else is the extension's 400.
        boolean ok =
            (answer.status() == 415 && answer.body().contains("\"error\""))
                || (answer.status() == 400
                    && answer.body().contains("\"error\":\"invalid_request\""))
                || (target[1].endsWith("/page-client") && answer.status() == 200);
        if (!ok) {
          failures.add(
              target[0] + " " + target[1] + " " + body[0] + " " + body[1] + " -> " + answer);
        }
      }
    }
    RawHttp.Response probe =
        raw.send(
            "POST",
            base + "/api-clients/page-client",
            RawHttp.headers(
                "Content-Type",
                "application/x-www-form-urlencoded",
                "Authorization",
                admin.authorization()),
            "name=%zz".getBytes(StandardCharsets.UTF_8));
    assertThat(probe.status()).as("%s", probe).isEqualTo(400);
    assertThat(probe.body())
        .isEqualTo(
            "{\"error\":\"invalid_request\",\"error_description\":\"Malformed form body: use"
                + " application/x-www-form-urlencoded with valid %XX escapes\"}");
    assertThat(failures).isEmpty();
    assertThat(ServerLog.since(mark)).doesNotContain("ERROR");
    assertThat(admin.getJson(base + "/api-clients/" + someClient)).isEqualTo(before);
  }
}
