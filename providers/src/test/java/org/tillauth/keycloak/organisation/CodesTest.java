package org.tillauth.keycloak.organisation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which till and store codes the organisation endpoints accept. */
class CodesTest {

  @ParameterizedTest
  @ValueSource(strings = {"store.server", "till-002", "t_1", "abc", "0a.b-c_d"})
  void tillCodesThatAreAccepted(String code) {
    assertThat(Tills.validCode(code)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "ab",
        "Till-1",
        "a/b",
        "a b",
        "jane@example.org",
        "-abc",
        ".abc",
        "tïll",
        "a\nbc"
      })
  void tillCodesThatAreRefused(String code) {
    assertThat(Tills.validCode(code)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"store-001", "S", "Store.2", "a_b"})
  void storeCodesThatAreAccepted(String code) {
    assertThat(Stores.validCode(code)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "a/b", "a b", "-a", "störe"})
  void storeCodesThatAreRefused(String code) {
    assertThat(Stores.validCode(code)).isFalse();
  }

  @org.junit.jupiter.api.Test
  void sixtyFourCharactersAreTheLongestCodes() {
    assertThat(Tills.validCode("t".repeat(64))).isTrue();
    assertThat(Tills.validCode("t".repeat(65))).isFalse();
    assertThat(Stores.validCode("s".repeat(64))).isTrue();
    assertThat(Stores.validCode("s".repeat(65))).isFalse();
    assertThat(Tills.validCode(null)).isFalse();
    assertThat(Stores.validCode(null)).isFalse();
  }
}
