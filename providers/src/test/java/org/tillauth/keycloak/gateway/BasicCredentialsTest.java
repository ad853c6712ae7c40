package org.tillauth.keycloak.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BasicCredentialsTest {

  static String b64(String value) {
    return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void documentedExampleSplitsIntoTillAndDigest() {
    assertThat(
            BasicCredentials.parse("c3RvcmUuc2VydmVyOjhhMTZhNmI3MDUwNWViMWYxZmY3Y2RjMGNkNTU1OWE3"))
        .contains(new BasicCredentials("store.server", "8a16a6b70505eb1f1ff7cdc0cd5559a7"));
  }

  @Test
  void splitsAtTheFirstColonOnly() {
    assertThat(BasicCredentials.parse(b64("till:pa:ss")))
        .contains(new BasicCredentials("till", "pa:ss"));
  }

  @Test
  void acceptsUtf8AndMissingPadding() {
    assertThat(BasicCredentials.parse(b64("kassé:x"))).contains(new BasicCredentials("kassé", "x"));
    assertThat(BasicCredentials.parse("YTpi")).contains(new BasicCredentials("a", "b"));
    assertThat(BasicCredentials.parse("YTpiYw")).contains(new BasicCredentials("a", "bc"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "%%%", "bm9jb2xvbg==", "OnBhc3N3b3Jk", "YQ==="})
  void refusesMalformedValues(String encoded) {
    // not base64, no colon, empty user-id, bad padding
    assertThat(BasicCredentials.parse(encoded)).isEmpty();
  }

  @Test
  void refusesInvalidAndOverlongUtf8() {
    String overlong =
        Base64.getEncoder().encodeToString(new byte[] {(byte) 0xC1, (byte) 0xA4, ':', 'x'});
    String invalid = Base64.getEncoder().encodeToString(new byte[] {'a', ':', (byte) 0xFF});
    assertThat(BasicCredentials.parse(overlong)).isEmpty();
    assertThat(BasicCredentials.parse(invalid)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"ti\u0000ll:x", "till:x\r\n", "till\u007f:x", "till:\u0085x", "\ttill:x"})
  void refusesControlCharacters(String decoded) {
    assertThat(BasicCredentials.parse(b64(decoded))).isEmpty();
  }

  @Test
  void refusesOversizeValuesBeforeDecoding() {
    assertThat(BasicCredentials.parse(b64("a".repeat(400) + ":x"))).isEmpty();
  }

  @Test
  void neverPrintsThePassword() {
    assertThat(new BasicCredentials("till", "secret").toString()).doesNotContain("secret");
  }
}
