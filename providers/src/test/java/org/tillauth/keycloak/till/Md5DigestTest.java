package org.tillauth.keycloak.till;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class Md5DigestTest {

  static final String UTF8_DIGEST = "12841e4ba5e37d2fbfc78458c6714ade";

  @Test
  void documentedExample() {
    assertThat(Md5Digest.of("server123")).isEqualTo("8a16a6b70505eb1f1ff7cdc0cd5559a7");
  }

  @Test
  void digestsUtf8Bytes() {
    // echo -n 'pässwörd' | md5sum (UTF-8)
    assertThat(Md5Digest.of("pässwörd")).isEqualTo(UTF8_DIGEST);
    assertThat(Md5Digest.of("")).isEqualTo("d41d8cd98f00b204e9800998ecf8427e");
  }

  @Test
  void normalizeLowercasesHex() {
    assertThat(Md5Digest.normalize("8A16A6B70505EB1F1FF7CDC0CD5559A7"))
        .contains("8a16a6b70505eb1f1ff7cdc0cd5559a7");
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(
      strings = {
        "server123",
        "8a16a6b70505eb1f1ff7cdc0cd5559a",
        "8a16a6b70505eb1f1ff7cdc0cd5559a77",
        "8a16a6b70505eb1f1ff7cdc0cd5559g7",
        " 8a16a6b70505eb1f1ff7cdc0cd5559a",
        "８a16a6b70505eb1f1ff7cdc0cd5559a7"
      })
  void rejectsAnythingButExactly32AsciiHexCharacters(String value) {
    assertThat(Md5Digest.normalize(value)).isEmpty();
  }

  @Test
  void matchesIgnoresCaseAndRejectsDifferencesAndNulls() {
    assertThat(
            Md5Digest.matches(
                "8a16a6b70505eb1f1ff7cdc0cd5559a7", "8A16A6B70505EB1F1FF7CDC0CD5559A7"))
        .isTrue();
    assertThat(
            Md5Digest.matches(
                "8a16a6b70505eb1f1ff7cdc0cd5559a7", "8a16a6b70505eb1f1ff7cdc0cd5559a8"))
        .isFalse();
    assertThat(Md5Digest.matches(null, "8a16a6b70505eb1f1ff7cdc0cd5559a7")).isFalse();
    assertThat(Md5Digest.matches("8a16a6b70505eb1f1ff7cdc0cd5559a7", null)).isFalse();
  }
}
