package org.tillauth.keycloak.compat;

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
}
