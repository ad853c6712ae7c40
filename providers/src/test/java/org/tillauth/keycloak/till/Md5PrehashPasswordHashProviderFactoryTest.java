package org.tillauth.keycloak.till;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import org.junit.jupiter.api.Test;
import org.keycloak.Config;
import org.keycloak.credential.hash.PasswordHashProvider;
import org.keycloak.credential.hash.PasswordHashProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

class Md5PrehashPasswordHashProviderFactoryTest {

  private static Config.Scope option(String value) {
    Config.Scope scope = mock(Config.Scope.class);
    when(scope.get(eq("delegate"), eq("argon2"))).thenReturn(value == null ? "argon2" : value);
    return scope;
  }

  @Test
  void delegatesToArgon2ByDefaultAndReportsIt() {
    Md5PrehashPasswordHashProviderFactory factory = new Md5PrehashPasswordHashProviderFactory();
    factory.init(option(null));
    KeycloakSessionFactory sessions = mock(KeycloakSessionFactory.class);
    when(sessions.getProviderFactory(PasswordHashProvider.class, "argon2"))
        .thenReturn(mock(PasswordHashProviderFactory.class));
    factory.postInit(sessions);
    assertThat(factory.getOperationalInfo()).containsEntry("delegate", "argon2");
    assertThat(factory.getConfigMetadata())
        .extracting(p -> p.getName())
        .containsExactly("delegate");
  }

  @Test
  void aConfiguredDelegateIsTrimmedAndUsed() {
    Md5PrehashPasswordHashProviderFactory factory = new Md5PrehashPasswordHashProviderFactory();
    factory.init(option("  argon2-tuned "));
    assertThat(factory.getOperationalInfo()).containsEntry("delegate", "argon2-tuned");
  }

  @Test
  void aMissingDelegateStopsTheStartWithTheOptionNamed() {
    Md5PrehashPasswordHashProviderFactory factory = new Md5PrehashPasswordHashProviderFactory();
    factory.init(option("argon3"));
    KeycloakSessionFactory sessions = mock(KeycloakSessionFactory.class);
    assertThatThrownBy(() -> factory.postInit(sessions))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("--spi-password-hashing--till-md5-argon2--delegate")
        .hasMessageContaining("'argon3'");
  }

  @Test
  void aDelegateThatWentAwayAtRunTimeIsNamedNotANullPointer() {
    Md5PrehashPasswordHashProviderFactory factory = new Md5PrehashPasswordHashProviderFactory();
    factory.init(option(null));
    KeycloakSession session = mock(KeycloakSession.class);
    assertThatThrownBy(() -> factory.create(session))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("'argon2'");
    when(session.getProvider(PasswordHashProvider.class, "argon2"))
        .thenReturn(mock(PasswordHashProvider.class));
    assertThat(factory.create(session)).isInstanceOf(Md5PrehashPasswordHashProvider.class);
  }

  @Test
  void blankOrWeakDelegatesAreRefused() {
    for (String bad : new String[] {"", "   ", "a b", "till-md5-argon2", "md5", "../x"}) {
      assertThatThrownBy(() -> Md5PrehashPasswordHashProviderFactory.delegateOf(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("--spi-password-hashing--till-md5-argon2--delegate");
    }
  }
}
