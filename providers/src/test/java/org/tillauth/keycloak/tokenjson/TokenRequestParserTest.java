package org.tillauth.keycloak.tokenjson;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TokenRequestParserTest {

  @Test
  void readsKeyAndSecretAndIgnoresOtherFields() {
    TokenRequest request =
        parse("{\"orgId\":1,\"key\":\"api-client\",\"secret\":\"p4ss w0rd\",\"x\":[null]}");

    assertThat(request.key()).isEqualTo("api-client");
    assertThat(request.secret()).isEqualTo("p4ss w0rd");
    assertThat(request.toString()).doesNotContain("p4ss");
  }

  @Test
  void keepsValuesVerbatim() {
    TokenRequest request = parse("{\"key\":\" k \",\"secret\":\"\\u00e9\\t\"}");

    assertThat(request.key()).isEqualTo(" k ");
    assertThat(request.secret()).isEqualTo("é\t");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "''|320100",
        "' \r\n\t'|320100",
        "{|320101",
        "'{\"key\":\"a\",\"secret\":\"b\"}{}'|320101",
        "'{\"key\":\"a\",\"key\":\"a\",\"secret\":\"b\"}'|320101",
        "'[]'|320102",
        "'1'|320102",
        "'true'|320102",
        "'null'|320102",
        "'{\"secret\":\"b\"}'|320103",
        "'{\"key\":\"a\"}'|320103",
        "'{\"key\":\"\",\"secret\":\"b\"}'|320104",
        "'{\"key\":\"a\",\"secret\":\" \"}'|320104",
        "'{\"key\":1,\"secret\":\"b\"}'|320104",
        "'{\"key\":{},\"secret\":\"b\"}'|320104",
        "'{\"key\":null,\"secret\":\"b\"}'|320104",
      })
  void rejectsBadBodiesWithStableCodes(String body, int code) {
    assertThatThrownBy(() -> parse(body))
        .isInstanceOfSatisfying(
            CompatException.class,
            e -> {
              assertThat(e.error().code()).isEqualTo(code);
              assertThat(e.error().status()).isEqualTo(400);
            });
  }

  @Test
  void namesTheOffendingField() {
    assertThatThrownBy(() -> parse("{\"key\":\"a\"}")).hasMessage("Field 'secret' is required");
    assertThatThrownBy(() -> parse("{\"key\":5,\"secret\":\"s\"}"))
        .hasMessage("Field 'key' must be a non-empty string");
  }

  @Test
  void invalidUtf8IsMalformed() {
    byte[] body = {'{', '"', 'k', 'e', 'y', '"', ':', '"', (byte) 0xC3, '"', '}'};

    assertThatThrownBy(() -> TokenRequestParser.parse(body))
        .isInstanceOfSatisfying(
            CompatException.class,
            e -> assertThat(e.error()).isEqualTo(CompatError.BODY_MALFORMED));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "application/json",
        "APPLICATION/JSON",
        "application/json; charset=UTF-8",
        " application/json ;x=y"
      })
  void acceptsJsonContentTypes(String contentType) {
    assertThat(TokenRequestParser.isJsonContentType(contentType)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "text/plain",
        "application/x-www-form-urlencoded",
        "application/jsonx",
        "application/*",
        "*/*",
        "application/json, text/plain",
        ""
      })
  void rejectsOtherContentTypes(String contentType) {
    assertThat(TokenRequestParser.isJsonContentType(contentType)).isFalse();
    assertThat(TokenRequestParser.isJsonContentType(null)).isFalse();
  }

  @Test
  void boundedReadStopsAfterTheLimit() {
    byte[] exact = new byte[TokenRequestParser.MAX_BODY_BYTES];
    byte[] over = new byte[TokenRequestParser.MAX_BODY_BYTES + 1];

    assertThat(TokenRequestParser.readBounded(new ByteArrayInputStream(exact)))
        .hasSize(exact.length);
    assertThatThrownBy(() -> TokenRequestParser.readBounded(new ByteArrayInputStream(over)))
        .isInstanceOfSatisfying(
            CompatException.class,
            e -> assertThat(e.error()).isEqualTo(CompatError.BODY_TOO_LARGE));
    assertThat(TokenRequestParser.readBounded(null)).isEmpty();
  }

  @Test
  void unreadableBodyIsMalformed() {
    InputStream broken =
        new InputStream() {
          @Override
          public int read() throws IOException {
            throw new IOException("connection reset");
          }
        };

    assertThatThrownBy(() -> TokenRequestParser.readBounded(broken))
        .isInstanceOfSatisfying(
            CompatException.class,
            e -> assertThat(e.error()).isEqualTo(CompatError.BODY_MALFORMED));
  }

  @Test
  void declaredLengthAboveTheLimitFailsBeforeReading() {
    TokenRequestParser.checkDeclaredLength(null);
    TokenRequestParser.checkDeclaredLength("8192");
    TokenRequestParser.checkDeclaredLength("not-a-number");

    assertThatThrownBy(() -> TokenRequestParser.checkDeclaredLength("8193"))
        .isInstanceOf(CompatException.class)
        .hasMessage("Request body must not exceed 8192 bytes");
  }

  private static TokenRequest parse(String body) {
    return TokenRequestParser.parse(body.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void refusesOverlongUtf8InKeyAndSecret() {
    byte[] overlongKey =
        utf8Bytes("{\"key\":\"", new byte[] {(byte) 0xC1, (byte) 0xA4}, "emo\",\"secret\":\"s\"}");
    byte[] overlongSecret =
        utf8Bytes(
            "{\"key\":\"k\",\"secret\":\"",
            new byte[] {(byte) 0xE0, (byte) 0x80, (byte) 0xAF},
            "\"}");
    byte[] encodedSurrogate =
        utf8Bytes(
            "{\"key\":\"",
            new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
            "\",\"secret\":\"s\"}");
    for (byte[] body : new byte[][] {overlongKey, overlongSecret, encodedSurrogate}) {
      assertThatThrownBy(() -> TokenRequestParser.parse(body))
          .isInstanceOfSatisfying(
              CompatException.class,
              e -> assertThat(e.error()).isEqualTo(CompatError.BODY_MALFORMED));
    }
  }

  @Test
  void refusesByteOrderMarksAndUtf16() {
    byte[] utf8Bom =
        utf8Bytes(
            "",
            new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF},
            "{\"key\":\"k\",\"secret\":\"s\"}");
    byte[] utf16 = "\uFEFF{\"key\":\"k\",\"secret\":\"s\"}".getBytes(StandardCharsets.UTF_16BE);
    for (byte[] body : new byte[][] {utf8Bom, utf16}) {
      assertThatThrownBy(() -> TokenRequestParser.parse(body))
          .isInstanceOfSatisfying(
              CompatException.class,
              e -> assertThat(e.error()).isEqualTo(CompatError.BODY_MALFORMED));
    }
  }

  @Test
  void keepsMultiByteCharactersThatAreWellFormed() {
    TokenRequest request =
        TokenRequestParser.parse(
            "{\"key\":\"caf\u00e9-\u20ac\",\"secret\":\"\ud83d\ude00\"}"
                .getBytes(StandardCharsets.UTF_8));
    assertThat(request.key()).isEqualTo("caf\u00e9-\u20ac");
    assertThat(request.secret()).isEqualTo("\ud83d\ude00");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "application/json",
        "application/json; charset=UTF-8",
        "application/json;charset=utf-8",
        "application/json; charset=\"utf-8\"",
        "application/json; CHARSET=utf8",
        "application/json; foo=bar"
      })
  void acceptsUtf8OrNoCharset(String contentType) {
    TokenRequestParser.checkCharset(contentType);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "application/json; charset=UTF-16",
        "application/json; charset=ISO-8859-1",
        "application/json; charset=",
        "application/json; charset=utf-8; charset=latin1"
      })
  void refusesOtherCharsets(String contentType) {
    assertThatThrownBy(() -> TokenRequestParser.checkCharset(contentType))
        .isInstanceOfSatisfying(
            CompatException.class,
            e -> assertThat(e.error()).isEqualTo(CompatError.UNSUPPORTED_CHARSET));
  }

  private static byte[] utf8Bytes(String before, byte[] raw, String after) {
    byte[] a = before.getBytes(StandardCharsets.UTF_8);
    byte[] c = after.getBytes(StandardCharsets.UTF_8);
    byte[] all = new byte[a.length + raw.length + c.length];
    System.arraycopy(a, 0, all, 0, a.length);
    System.arraycopy(raw, 0, all, a.length, raw.length);
    System.arraycopy(c, 0, all, a.length + raw.length, c.length);
    return all;
  }
}
