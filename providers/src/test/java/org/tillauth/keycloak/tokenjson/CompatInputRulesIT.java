package org.tillauth.keycloak.tokenjson;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tillauth.keycloak.testing.Http;
import org.tillauth.keycloak.testing.KeycloakIT;
import org.tillauth.keycloak.testing.fuzz.RawHttp;

/**
 * The JSON endpoint's input rules, each with the exact request that used to get a token or an
 * answer outside the envelope: strict UTF-8, UTF-8 only, every method, every size.
 */
@KeycloakIT
class CompatInputRulesIT {

  private static final String ENDPOINT = CompatClients.endpoint("demo-org");
  private static final String VALID =
      "{\"key\":\"demo-integration\",\"secret\":\"demo-integration-secret\"}";

  private static byte[] bytes(Object... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Object part : parts) {
      byte[] b =
          part instanceof byte[] raw ? raw : part.toString().getBytes(StandardCharsets.UTF_8);
      out.write(b, 0, b.length);
    }
    return out.toByteArray();
  }

  private static RawHttp.Response post(Http http, String contentType, byte[] body) {
    return new RawHttp(http.baseUrl())
        .send("POST", ENDPOINT, RawHttp.headers("Content-Type", contentType), body);
  }

  private static void assertEnvelope(
      RawHttp.Response response, int status, int code, String message) {
    assertThat(response.status()).as("%s", response).isEqualTo(status);
    assertThat(response.header("Cache-Control")).isEqualTo("no-store");
    try {
      var json = Http.JSON.readTree(response.body());
      assertThat(json.path("data").isNull()).isTrue();
      assertThat(json.path("errors").get(0).path("code").asInt()).isEqualTo(code);
      assertThat(json.path("errors").get(0).path("message").asText()).isEqualTo(message);
    } catch (java.io.IOException e) {
      throw new AssertionError(response.toString(), e);
    }
  }

  @Test
  void overlongUtf8InKeyOrSecretIsRefused(Http http) {
    byte[] overlongD = {(byte) 0xC1, (byte) 0xA4};
    assertEnvelope(
        post(
            http,
            "application/json",
            bytes(
                "{\"key\":\"",
                overlongD,
                "emo-integration\",\"secret\":\"demo-integration-secret\"}")),
        400,
        320101,
        "Request body is not valid JSON");
    assertEnvelope(
        post(
            http,
            "application/json",
            bytes(
                "{\"key\":\"demo-integration\",\"secret\":\"",
                overlongD,
                "emo-integration-secret\"}")),
        400,
        320101,
        "Request body is not valid JSON");
    assertThat(post(http, "application/json", bytes(VALID)).status()).isEqualTo(200);
  }

  @Test
  void onlyUtf8IsAccepted(Http http) {
    byte[] utf16 = ("\uFEFF" + VALID).getBytes(StandardCharsets.UTF_16BE);
    assertEnvelope(
        post(http, "application/json; charset=UTF-16", utf16),
        415,
        320106,
        "Content-Type charset must be UTF-8");
    assertEnvelope(
        post(http, "application/json", utf16), 400, 320101, "Request body is not valid JSON");
    assertEnvelope(
        post(
            http,
            "application/json",
            bytes(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, VALID)),
        400,
        320101,
        "Request body is not valid JSON");
    assertThat(post(http, "application/json; charset=\"utf-8\"", bytes(VALID)).status())
        .isEqualTo(200);
  }

  @ParameterizedTest
  @ValueSource(strings = {"TRACE", "PROPFIND", "FOO", "GET", "DELETE"})
  void everyOtherMethodGetsTheEnvelopeWithAllow(String method, Http http) {
    RawHttp.Response response = new RawHttp(http.baseUrl()).send(method, ENDPOINT, List.of(), null);
    assertEnvelope(response, 405, 320107, "Method not allowed; use POST");
    assertThat(response.header("Allow")).isEqualTo("POST, OPTIONS");
  }

  @Test
  void optionsIsNotCached(Http http) {
    RawHttp.Response response =
        new RawHttp(http.baseUrl()).send("OPTIONS", ENDPOINT, List.of(), null);
    assertThat(response.status()).isEqualTo(204);
    assertThat(response.header("Allow")).isEqualTo("POST, OPTIONS");
    assertThat(response.header("Cache-Control")).isEqualTo("no-store");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "${jndi:ldap://x}",
        "99999999999999999999999",
        "application/json, text/plain",
        "multipart/form-data; boundary=x"
      })
  void contentTypesThatAreNotJsonGetThe415Envelope(String contentType, Http http) {
    assertEnvelope(
        post(http, contentType, new byte[0]), 415, 320106, "Content-Type must be application/json");
  }

  @Test
  void tenMegabytesGetTheEnvelopeAndLargerBodiesTheHttpLayers413(Http http) {
    byte[] tenMb = new byte[10 * 1024 * 1024];
    Arrays.fill(tenMb, (byte) 'a');
    assertEnvelope(
        post(http, "application/json", tenMb),
        400,
        320105,
        "Request body must not exceed 8192 bytes");

    byte[] elevenMb = new byte[11 * 1024 * 1024];
    Arrays.fill(elevenMb, (byte) 'a');
    RawHttp.Response tooLarge = post(http, "application/json", elevenMb);
    assertThat(tooLarge.status()).isEqualTo(413);
    assertThat(tooLarge.body()).isEmpty();
    assertThat(post(http, "application/json", bytes(VALID)).status()).isEqualTo(200);
  }
}
