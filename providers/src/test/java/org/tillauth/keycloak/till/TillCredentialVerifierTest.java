package org.tillauth.keycloak.till;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.util.Map;
import java.util.stream.Stream;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.credential.CredentialModel;
import org.keycloak.credential.hash.PasswordHashProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.PasswordPolicy;
import org.keycloak.models.RealmModel;
import org.keycloak.models.SubjectCredentialManager;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.PasswordCredentialModel;
import org.mockito.ArgumentCaptor;
import org.tillauth.keycloak.support.WarningThrottle;

/** Which stored credentials a digest is checked against, and what each path spends and logs. */
class TillCredentialVerifierTest {

  static final String DIGEST = Md5Digest.of("server123");

  final KeycloakSession session = mock(KeycloakSession.class);
  final RealmModel realm = mock(RealmModel.class);
  final PasswordHashProvider argon2 = mock(PasswordHashProvider.class);
  final UserModel till = mock(UserModel.class);
  final SubjectCredentialManager credentials = mock(SubjectCredentialManager.class);
  final Logger log = mock(Logger.class);
  TillCredentialVerifier verifier;

  @BeforeEach
  void setUp() {
    when(session.getProvider(PasswordHashProvider.class, Md5PrehashPasswordHashProvider.ID))
        .thenReturn(new Md5PrehashPasswordHashProvider(argon2));
    when(realm.getPasswordPolicy()).thenReturn(PasswordPolicy.empty());
    when(realm.getId()).thenReturn("realm-id");
    when(realm.getName()).thenReturn("demo-org");
    when(argon2.encodedCredential(anyString(), anyInt()))
        .thenReturn(
            PasswordCredentialModel.createFromValues("argon2", new byte[] {1}, 1, Map.of(), "h"));
    when(till.getUsername()).thenReturn("store.server");
    when(till.credentialManager()).thenReturn(credentials);
    verifier = new TillCredentialVerifier(session, realm, new WarningThrottle(log));
  }

  private void stored(String algorithm, String value) {
    PasswordCredentialModel credential =
        PasswordCredentialModel.createFromValues(algorithm, new byte[0], 1, Map.of(), value);
    credential.setId("cred-1");
    credential.setCreatedDate(42L);
    when(credentials.getStoredCredentialsByTypeStream(PasswordCredentialModel.TYPE))
        .thenAnswer(invocation -> Stream.<CredentialModel>of(credential));
  }

  @Test
  void aPrehashCredentialIsCheckedWithOneArgon2Verification() {
    stored(Md5PrehashPasswordHashProvider.ID, "argon-hash");
    when(argon2.verify(any(), any())).thenReturn(true);

    assertThat(verifier.verify(till, DIGEST)).isTrue();
    verify(argon2).verify(any(), any());
    verify(argon2, never()).encodedCredential(anyString(), anyInt());
  }

  @Test
  void aLegacyMd5CredentialIsUpgradedInPlaceOnTheFirstSuccess() {
    stored(LegacyMd5PasswordHashProvider.ID, DIGEST);

    assertThat(verifier.verify(till, DIGEST)).isTrue();
    ArgumentCaptor<CredentialModel> upgraded = ArgumentCaptor.forClass(CredentialModel.class);
    verify(credentials).updateStoredCredential(upgraded.capture());
    PasswordCredentialModel stored =
        PasswordCredentialModel.createFromCredentialModel(upgraded.getValue());
    assertThat(stored.getId()).isEqualTo("cred-1");
    assertThat(stored.getCreatedDate()).isEqualTo(42L);
    assertThat(stored.getPasswordCredentialData().getAlgorithm())
        .isEqualTo(Md5PrehashPasswordHashProvider.ID);
  }

  @Test
  void aWrongLegacyDigestSpendsOneHashAndChangesNothing() {
    stored(LegacyMd5PasswordHashProvider.ID, DIGEST);

    assertThat(verifier.verify(till, Md5Digest.of("wrong"))).isFalse();
    verify(argon2, times(1)).encodedCredential(anyString(), anyInt());
    verify(credentials, never()).updateStoredCredential(any());
  }

  @Test
  void anUnverifiableAlgorithmFailsWithOneHashAndIsLoggedOncePerCredential() {
    stored("argon2", "plain-argon-hash");

    assertThat(verifier.verify(till, DIGEST)).isFalse();
    assertThat(verifier.verify(till, DIGEST)).isFalse();

    verify(argon2, times(2)).encodedCredential(anyString(), anyInt());
    verify(argon2, never()).verify(any(), any());
    ArgumentCaptor<Object> message = ArgumentCaptor.forClass(Object.class);
    verify(log, times(1)).warn(message.capture());
    assertThat(message.getValue().toString())
        .contains(
            "Till 'store.server' in realm 'demo-org' has a password hashed with 'argon2'"
                + " (credential cred-1)");
  }

  @Test
  void aTillWithoutAPasswordSpendsOneHash() {
    when(credentials.getStoredCredentialsByTypeStream(PasswordCredentialModel.TYPE))
        .thenReturn(Stream.empty());

    assertThat(verifier.verify(till, DIGEST)).isFalse();
    verify(argon2).encodedCredential(anyString(), anyInt());
  }
}
