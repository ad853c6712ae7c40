package org.tillauth.keycloak.secret;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import org.junit.jupiter.api.Test;

class SecretHashTest {

  @Test
  void newSecretsCarry256RandomBits() {
    String secret = SecretHash.newSecret();
    assertThat(Base64.getUrlDecoder().decode(secret)).hasSize(32);
    assertThat(secret).hasSize(43).doesNotContain("=");
    assertThat(SecretHash.newSecret()).isNotEqualTo(secret);
  }

  @Test
  void hashMatchesOnlyItsSecret() {
    String secret = SecretHash.newSecret();
    String hash = SecretHash.hash(secret);
    assertThat(hash).startsWith("hmac-sha256:").doesNotContain(secret);
    assertThat(SecretHash.matches(hash, secret)).isTrue();
    assertThat(SecretHash.matches(hash, secret + "x")).isFalse();
    assertThat(SecretHash.matches(hash, "")).isFalse();
    assertThat(SecretHash.matches(hash, null)).isFalse();
  }

  @Test
  void equalSecretsGetDifferentHashes() {
    assertThat(SecretHash.hash("demo")).isNotEqualTo(SecretHash.hash("demo"));
  }

  @Test
  void malformedStoredHashesNeverMatch() {
    String good = SecretHash.hash("s");
    assertThat(SecretHash.isWellFormed(good)).isTrue();
    for (String bad :
        new String[] {
          null,
          "",
          "s",
          "sha256:AAAA:AAAA",
          "hmac-sha256::",
          "hmac-sha256:%%%:AAAA",
          good.substring(0, good.length() - 2),
          good + ":x"
        }) {
      assertThat(SecretHash.isWellFormed(bad)).as(bad).isFalse();
      assertThat(SecretHash.matches(bad, "s")).as(bad).isFalse();
    }
  }
}
