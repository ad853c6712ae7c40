package org.tillauth.keycloak.till;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import org.junit.jupiter.api.Test;
import org.keycloak.credential.hash.PasswordHashProvider;
import org.keycloak.credential.hash.PasswordHashProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

/** Without Keycloak's Argon2 provider the server refuses to start, saying why. */
class Md5PrehashPasswordHashProviderFactoryTest {

  final Md5PrehashPasswordHashProviderFactory factory = new Md5PrehashPasswordHashProviderFactory();

  @Test
  void aServerWithoutArgon2DoesNotStart() {
    KeycloakSessionFactory sessions = mock(KeycloakSessionFactory.class);

    assertThatThrownBy(() -> factory.postInit(sessions))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(Md5PrehashPasswordHashProviderFactory.MISSING_DELEGATE)
        .hasMessageContaining("'argon2'");
  }

  @Test
  void aServerWithArgon2Starts() {
    KeycloakSessionFactory sessions = mock(KeycloakSessionFactory.class);
    when(sessions.getProviderFactory(PasswordHashProvider.class, "argon2"))
        .thenReturn(mock(PasswordHashProviderFactory.class));

    factory.postInit(sessions);
  }

  @Test
  void aMissingDelegateAtRunTimeIsNamedNotANullPointer() {
    KeycloakSession session = mock(KeycloakSession.class);
    assertThatThrownBy(() -> factory.create(session))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(Md5PrehashPasswordHashProviderFactory.MISSING_DELEGATE);

    when(session.getProvider(PasswordHashProvider.class, "argon2"))
        .thenReturn(mock(PasswordHashProvider.class));
    assertThat(factory.create(session)).isInstanceOf(Md5PrehashPasswordHashProvider.class);
  }
}
