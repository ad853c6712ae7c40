package org.tillauth.keycloak.tokenjson;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tillauth.keycloak.testing.AdminApi;
import org.tillauth.keycloak.testing.Http;
import org.tillauth.keycloak.testing.KeycloakIT;
import org.tillauth.keycloak.testing.VersionIndependent;
import org.tillauth.keycloak.testing.fuzz.Answers;
import org.tillauth.keycloak.testing.fuzz.Answers.Answer;
import org.tillauth.keycloak.testing.fuzz.Fuzz;
import org.tillauth.keycloak.testing.fuzz.FuzzRun;
import org.tillauth.keycloak.testing.fuzz.RawHttp;

/**
 * Hostile requests at {@code /v3/oauth/token/generate}: methods, content types and charsets, bodies
 * of every size, encoding, type and structure, attribution headers. Every answer is the envelope
 * with a documented code (or one of the HTTP layer's documented refusals), a token only for the
 * exact credentials, and the client still gets tokens afterwards.
 */
@KeycloakIT
@VersionIndependent
class CompatEndpointFuzzIT {

  private static final String REALM = "demo-org";
  private static final String ENDPOINT = CompatClients.endpoint(REALM);
  private static final int CASES = 400;

  /** Keycloak's HTTP layer refuses larger bodies itself (413, empty body); see README. */
  private static final int HTTP_LAYER_BODY_LIMIT = 10 * 1024 * 1024;

  private static CompatClients clients;
  private static String key;
  private static String secret;

  @BeforeAll
  static void createClient(AdminApi admin) {
    clients = new CompatClients(admin, REALM);
    key = CompatClients.unique("fuzz-compat");
    secret = CompatClients.unique("secret");
    Map<String, Object> client = CompatClients.apiClient(key, secret);
    client.put(
        "protocolMappers",
        List.of(
            Map.of(
                "name", "attribution",
                "protocol", "openid-connect",
                "protocolMapper", "till-attribution-mapper",
                "config", Map.of("default.till", "store.server", "access.token.claim", "true"))));
    clients.create(client);
  }

  @AfterAll
  static void deleteClient() {
    clients.deleteAll();
  }

  @Test
  void hostileRequestsGetTheEnvelopeAndTheClientKeepsWorking(Http http) {
    RawHttp raw = new RawHttp(http.baseUrl());
    FuzzRun.cases(
        "compat-endpoint",
        CASES,
        fuzz -> {
          String method =
              fuzz.chance(0.85)
                  ? "POST"
                  : fuzz.pick(
                      "GET",
                      "PUT",
                      "DELETE",
                      "PATCH",
                      "TRACE",
                      "PROPFIND",
                      "OPTIONS",
                      "HEAD",
                      "FOO",
                      "M-SEARCH");
          List<String[]> headers = new ArrayList<>();
          String contentType = contentType(fuzz);
          boolean controlInHeader = false;
          if (contentType != null) {
            contentType = headerSafe(contentType);
            controlInHeader = Fuzz.hasHeaderControl(contentType);
            headers.add(new String[] {"Content-Type", contentType});
          }
          controlInHeader |= attributionHeaders(fuzz, headers);
          Body body = body(fuzz);
          fuzz.note("method", method);
          fuzz.note("headers", render(headers));
          fuzz.note("body", body.bytes());

          Answer answer = Answer.of(raw.send(method, ENDPOINT, headers, body.bytes()));

          if (controlInHeader) {
            Answers.httpLayerRefusal(answer);
          } else if (body.bytes().length > HTTP_LAYER_BODY_LIMIT && answer.status() == 413) {
            assertThat(answer.body()).as("HTTP layer's 413").isEmpty();
          } else if (method.equals("OPTIONS")) {
            assertThat(answer.status()).isEqualTo(204);
            assertThat(answer.header().apply("Allow")).isEqualTo("POST, OPTIONS");
            assertThat(answer.header().apply("Cache-Control")).isEqualTo("no-store");
          } else if (method.equals("HEAD")) {
            assertThat(answer.status()).isEqualTo(405);
            assertThat(answer.header().apply("Allow")).isEqualTo("POST, OPTIONS");
          } else if (!method.equals("POST")) {
            assertThat(Answers.envelopeError(answer)).isEqualTo(320107);
            assertThat(answer.header().apply("Allow")).isEqualTo("POST, OPTIONS");
          } else if (answer.status() == 200) {
            assertThat(body.exactCredentials()).as("token only for the exact credentials").isTrue();
            assertThat(answer.json().path("data").path("accessToken").asText()).isNotEmpty();
            assertThat(answer.header().apply("Cache-Control")).isEqualTo("no-store");
          } else {
            Answers.envelopeError(answer);
          }
        });

    Http.Result after = http.postJson(ENDPOINT, CompatClients.body(key, secret), Map.of());
    assertThat(after.status()).as("%s", after).isEqualTo(200);
    assertThat(after.json().path("data").path("accessToken").asText()).isNotEmpty();
  }

  private static String contentType(Fuzz fuzz) {
    if (fuzz.chance(0.7)) {
      return "application/json";
    }
    return fuzz.pick(
        null,
        "",
        "application/json; charset=utf-8",
        "application/json;charset=UTF-8",
        "application/json; charset=\"UTF-8\"",
        "application/json; charset=utf-16",
        "application/json; charset=iso-8859-1",
        "application/json; charset=",
        "APPLICATION/JSON",
        "application/json; boundary=x",
        "application/jsonx",
        "application/x-www-form-urlencoded",
        "text/plain",
        "multipart/form-data; boundary=x",
        "application/json, text/plain",
        "*/*",
        fuzz.hostileString());
  }

  /** Adds attribution headers; true when a value carries characters the HTTP layer refuses. */
  private static boolean attributionHeaders(Fuzz fuzz, List<String[]> headers) {
    boolean control = false;
    if (fuzz.chance(0.3)) {
      String[] names = {
        "X-CAP-API-ATTRIBUTION-ENTITY-CODE",
        "X-CAP-API-ATTRIBUTION-ENTITY-TYPE",
        "X-CAP-API-ATTRIBUTION-TILL-CODE"
      };
      for (int i = fuzz.between(1, 3); i > 0; i--) {
        String value =
            fuzz.chance(0.3)
                ? fuzz.pick("till-002", "store.server", "STORE_CODE", "store-001")
                : headerSafe(fuzz.hostileString(128, 129));
        control |= Fuzz.hasHeaderControl(value);
        headers.add(new String[] {fuzz.pick(names), value});
      }
    }
    return control;
  }

  /**
   * Header bytes are sent as ISO-8859-1; wider characters are replaced, CR/LF would end the line.
   */
  private static String headerSafe(String value) {
    StringBuilder safe = new StringBuilder();
    value
        .chars()
        .limit(2000)
        .forEach(c -> safe.append(c > 0xFF || c == '\r' || c == '\n' ? '?' : (char) c));
    return safe.toString();
  }

  record Body(byte[] bytes, boolean exactCredentials) {}

  private static Body body(Fuzz fuzz) {
    switch (fuzz.between(0, 9)) {
      case 0:
        return new Body(new byte[0], false);
      case 1:
        return new Body(utf8(Http.toJson(fuzz.jsonValue(4))), false);
      case 2:
        return new Body(utf8(fuzz.deepJson()), false);
      case 3:
        return new Body(fuzz.spliceBadUtf8(CompatClients.body(key, secret)), false);
      case 4:
        return new Body(
            CompatClients.body(key, secret)
                .getBytes(fuzz.pick(StandardCharsets.UTF_16, StandardCharsets.UTF_16LE)),
            false);
      case 5:
        byte[] sized = sizedBody(fuzz);
        return new Body(sized, sized.length <= TokenRequestParser.MAX_BODY_BYTES);
      case 6:
        return new Body(utf8(duplicated(fuzz)), false);
      default:
        return fieldsBody(fuzz);
    }
  }

  /** An object whose key and secret are valid, hostile, of another type or missing. */
  private static Body fieldsBody(Fuzz fuzz) {
    Map<String, Object> fields = new LinkedHashMap<>();
    boolean exactKey = false;
    boolean exactSecret = false;
    if (!fuzz.chance(0.1)) {
      exactKey = fuzz.chance(0.5);
      fields.put("key", exactKey ? key : fuzz.chance(0.5) ? fuzz.mutate(key) : fuzz.jsonValue(2));
    }
    if (!fuzz.chance(0.1)) {
      exactSecret = fuzz.chance(0.6);
      fields.put(
          "secret",
          exactSecret ? secret : fuzz.chance(0.5) ? fuzz.mutate(secret) : fuzz.jsonValue(2));
    }
    if (fuzz.chance(0.3)) {
      fields.put(fuzz.hostileString(), fuzz.jsonValue(3));
    }
    return new Body(utf8(Http.toJson(fields)), exactKey && exactSecret);
  }

  private static String duplicated(Fuzz fuzz) {
    String field = fuzz.pick("key", "secret");
    return "{\"key\":\""
        + key
        + "\",\"secret\":\""
        + secret
        + "\",\""
        + field
        + "\":\""
        + fuzz.pick(key, secret, "x")
        + "\"}";
  }

  private static byte[] sizedBody(Fuzz fuzz) {
    int size = fuzz.pick(8191, 8192, 8193, 65_536, 1_000_000, HTTP_LAYER_BODY_LIMIT + 1);
    ByteArrayOutputStream out = new ByteArrayOutputStream(size);
    byte[] start = utf8("{\"key\":\"" + key + "\",\"secret\":\"" + secret + "\",\"pad\":\"");
    out.write(start, 0, start.length);
    while (out.size() < size - 2) {
      out.write('a');
    }
    out.write('"');
    out.write('}');
    return out.toByteArray();
  }

  private static String render(List<String[]> headers) {
    StringBuilder text = new StringBuilder();
    headers.forEach(h -> text.append(h[0]).append(": ").append(h[1]).append("; "));
    return text.toString();
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
