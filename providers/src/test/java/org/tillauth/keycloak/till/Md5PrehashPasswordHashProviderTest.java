package org.tillauth.keycloak.till;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.keycloak.credential.hash.PasswordHashProvider;
import org.keycloak.models.ModelException;
import org.keycloak.models.PasswordPolicy;
import org.keycloak.models.credential.PasswordCredentialModel;

class Md5PrehashPasswordHashProviderTest {

  static final String DIGEST = "8a16a6b70505eb1f1ff7cdc0cd5559a7";

  final PasswordHashProvider argon2 = mock(PasswordHashProvider.class);
  final Md5PrehashPasswordHashProvider provider = new Md5PrehashPasswordHashProvider(argon2);

  @Test
  void encodesTheMd5DigestOfThePlainPasswordWithArgon2UnderItsOwnAlgorithmId() {
    byte[] salt = {1, 2, 3};
    when(argon2.encodedCredential(DIGEST, -1))
        .thenReturn(
            PasswordCredentialModel.createFromValues(
                "argon2", salt, 5, Map.of("type", List.of("id")), "argon-hash"));

    PasswordCredentialModel credential = provider.encodedCredential("server123", -1);

    assertThat(credential.getPasswordCredentialData().getAlgorithm()).isEqualTo("till-md5-argon2");
    assertThat(credential.getPasswordCredentialData().getHashIterations()).isEqualTo(5);
    assertThat(credential.getPasswordCredentialData().getAdditionalParameters())
        .containsEntry("type", List.of("id"));
    assertThat(credential.getPasswordSecretData().getValue()).isEqualTo("argon-hash");
    assertThat(credential.getPasswordSecretData().getSalt()).isEqualTo(salt);
  }

  @Test
  void plainPasswordsAreDigestedBeforeVerificationAndDigestsAreNot() {
    PasswordCredentialModel stored = stored("till-md5-argon2");
    when(argon2.verify(DIGEST, stored)).thenReturn(true);

    assertThat(provider.verify("server123", stored)).isTrue();
    assertThat(provider.verifyDigest(DIGEST, stored)).isTrue();
    assertThat(provider.verifyDigest(Md5Digest.of(DIGEST), stored)).isFalse();
  }

  @Test
  void policyCheckFailsForOtherAlgorithmsSoKeycloakRehashes() {
    PasswordPolicy policy = mock(PasswordPolicy.class);
    when(argon2.policyCheck(eq(policy), any(PasswordCredentialModel.class))).thenReturn(true);

    assertThat(provider.policyCheck(policy, stored("till-md5-argon2"))).isTrue();
    assertThat(provider.policyCheck(policy, stored("argon2"))).isFalse();
    assertThat(provider.policyCheck(policy, stored("md5"))).isFalse();
  }

  @Test
  void legacyMd5VerifiesDigestsButNeverWritesOne() {
    LegacyMd5PasswordHashProvider legacy = new LegacyMd5PasswordHashProvider();
    PasswordCredentialModel imported =
        PasswordCredentialModel.createFromValues("md5", new byte[0], 1, DIGEST);

    assertThat(legacy.verify("server123", imported)).isTrue();
    assertThat(legacy.verifyDigest(DIGEST.toUpperCase(), imported)).isTrue();
    assertThat(legacy.verify("server124", imported)).isFalse();
    assertThat(legacy.policyCheck(mock(PasswordPolicy.class), imported)).isFalse();
    assertThatThrownBy(() -> legacy.encodedCredential("x", 1))
        .isInstanceOf(ModelException.class)
        .hasMessageContaining("till-md5-argon2");
  }

  @Test
  void delegatesPolicyCheckOnlyForItsOwnCredentials() {
    PasswordPolicy policy = mock(PasswordPolicy.class);
    PasswordCredentialModel own = stored("till-md5-argon2");
    provider.policyCheck(policy, own);
    verify(argon2).policyCheck(policy, own);
  }

  private static PasswordCredentialModel stored(String algorithm) {
    return PasswordCredentialModel.createFromValues(algorithm, new byte[] {9}, 3, "stored");
  }
}
