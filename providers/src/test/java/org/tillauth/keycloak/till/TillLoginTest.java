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
import org.keycloak.credential.hash.PasswordHashProvider;
import org.keycloak.events.Errors;
import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.PasswordPolicy;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserLoginFailureModel;
import org.keycloak.models.UserLoginFailureProvider;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserProvider;
import org.keycloak.models.credential.PasswordCredentialModel;
import org.keycloak.services.managers.BruteForceProtector;
import org.keycloak.services.managers.DefaultBlockingBruteForceProtector;
import org.tillauth.keycloak.support.WarningThrottle;

/** The till login's decision order, outcomes and events, shared by the token login and gateway. */
class TillLoginTest {

  static final String DIGEST = "8a16a6b70505eb1f1ff7cdc0cd5559a7";

  final KeycloakSession session = mock(KeycloakSession.class);
  final RealmModel realm = mock(RealmModel.class);
  final UserProvider users = mock(UserProvider.class);
  final BruteForceProtector protector = mock(BruteForceProtector.class);
  final PasswordHashProvider argon2 = mock(PasswordHashProvider.class);
  final RoleModel tillRole = mock(RoleModel.class);
  final UserModel till = mock(UserModel.class);
  final TillLogin.DigestCheck check = mock(TillLogin.DigestCheck.class);
  TillLogin login;

  @BeforeEach
  void setUp() {
    when(session.users()).thenReturn(users);
    when(session.getProvider(BruteForceProtector.class)).thenReturn(protector);
    when(session.getProvider(PasswordHashProvider.class, Md5PrehashPasswordHashProvider.ID))
        .thenReturn(new Md5PrehashPasswordHashProvider(argon2));
    when(realm.getPasswordPolicy()).thenReturn(PasswordPolicy.empty());
    when(argon2.encodedCredential(anyString(), anyInt()))
        .thenReturn(
            PasswordCredentialModel.createFromValues("argon2", new byte[] {1}, 1, Map.of(), "h"));
    when(realm.getRole(TillDirectory.tillRole())).thenReturn(tillRole);
    when(realm.isBruteForceProtected()).thenReturn(true);
    when(till.getUsername()).thenReturn("store.server");
    when(till.isEnabled()).thenReturn(true);
    when(till.hasRole(tillRole)).thenReturn(true);
    when(till.getGroupsStream()).thenReturn(Stream.<GroupModel>empty());
    when(users.getUserByUsername(realm, "store.server")).thenReturn(till);
    login = new TillLogin(session, realm, new WarningThrottle(Logger.getLogger(getClass())));
  }

  TillLogin.Attempt attempt(boolean switchOn, String code, String password) {
    return login.attempt(switchOn, code, password, check);
  }

  @Test
  void successNamesTheTillAndSendsNoError() {
    when(check.matches(till, DIGEST)).thenReturn(true);
    TillLogin.Attempt attempt = attempt(true, "store.server", DIGEST.toUpperCase());
    assertThat(attempt.succeeded()).isTrue();
    assertThat(attempt.till().orElseThrow().code()).isEqualTo("store.server");
    assertThat(attempt.failureToCount()).isEmpty();
    assertThat(attempt.user()).contains(till);
    assertThat(attempt.username()).isEqualTo("store.server");
    assertThat(attempt.eventError()).isNull();
  }

  @Test
  void switchOffDecidesBeforeAnythingIsLookedUp() {
    TillLogin.Attempt attempt = attempt(false, "store.server", DIGEST);
    assertThat(attempt.outcome()).isEqualTo(TillLogin.Outcome.SWITCHED_OFF);
    assertThat(attempt.eventError()).isEqualTo(Errors.NOT_ALLOWED);
    assertThat(attempt.reason()).isEqualTo("basic authentication disabled");
    verify(users, never()).getUserByUsername(any(), anyString());
  }

  @Test
  void missingCodeAndMalformedDigestAreRefusedWithoutAHash() {
    TillLogin.Attempt missing = attempt(true, " ", DIGEST);
    TillLogin.Attempt malformed = attempt(true, "store.server", "server123");
    assertThat(missing.outcome()).isEqualTo(TillLogin.Outcome.MISSING_CODE);
    assertThat(missing.eventError()).isEqualTo(Errors.USER_NOT_FOUND);
    assertThat(malformed.outcome()).isEqualTo(TillLogin.Outcome.MALFORMED_DIGEST);
    assertThat(malformed.eventError()).isEqualTo(Errors.INVALID_REQUEST);
    verify(argon2, never()).encodedCredential(anyString(), anyInt());
  }

  @Test
  void aNonTillSpendsOneHashAndIsNotCounted() {
    TillLogin.Attempt unknown = attempt(true, "nobody", DIGEST);
    when(till.hasRole(tillRole)).thenReturn(false);
    TillLogin.Attempt noRole = attempt(true, "store.server", DIGEST);

    assertThat(unknown.outcome()).isEqualTo(TillLogin.Outcome.NOT_A_TILL);
    assertThat(noRole.outcome()).isEqualTo(TillLogin.Outcome.NOT_A_TILL);
    assertThat(noRole.failureToCount()).isEmpty();
    verify(argon2, times(2)).encodedCredential(anyString(), anyInt());
    assertThat(unknown.eventError()).isEqualTo(Errors.USER_NOT_FOUND);
    assertThat(unknown.user()).isEmpty();
    assertThat(noRole.eventError()).isEqualTo(Errors.INVALID_USER);
    assertThat(noRole.reason()).isEqualTo("user lacks realm role till");
    verify(check, never()).matches(any(), anyString());
  }

  @Test
  void aLockedTillIsRefusedWithTheLockoutErrorWithoutCheckingTheDigest() {
    when(protector.isTemporarilyDisabled(session, realm, till)).thenReturn(true);
    TillLogin.Attempt attempt = attempt(true, "store.server", DIGEST);
    assertThat(attempt.outcome()).isEqualTo(TillLogin.Outcome.LOCKED);
    assertThat(attempt.failureToCount()).isEmpty();
    assertThat(attempt.eventError()).isEqualTo(Errors.USER_TEMPORARILY_DISABLED);
    verify(check, never()).matches(any(), anyString());
    verify(argon2).encodedCredential(anyString(), anyInt());
  }

  @Test
  void parallelLoginsReadTheLockoutFromTheFailureRecordAlone() {
    // Keycloak's default protector: "temporarily disabled" while another login of the till runs.
    DefaultBlockingBruteForceProtector blocking = mock(DefaultBlockingBruteForceProtector.class);
    when(blocking.isTemporarilyDisabled(session, realm, till)).thenReturn(true);
    when(session.getProvider(BruteForceProtector.class)).thenReturn(blocking);
    when(session.getKeycloakSessionFactory()).thenReturn(mock(KeycloakSessionFactory.class));
    when(session.loginFailures()).thenReturn(mock(UserLoginFailureProvider.class));
    when(till.getId()).thenReturn("till-id");
    when(check.matches(till, DIGEST)).thenReturn(true);
    when(till.getGroupsStream()).thenAnswer(invocation -> Stream.<GroupModel>empty());

    assertThat(attempt(true, "store.server", DIGEST).outcome()).isEqualTo(TillLogin.Outcome.LOCKED);

    login = new TillLogin(session, realm, new WarningThrottle(Logger.getLogger(getClass())));
    login.allowParallelLogins(true);
    assertThat(attempt(true, "store.server", DIGEST).outcome())
        .isEqualTo(TillLogin.Outcome.SUCCESS);

    // A recorded lockout still refuses the till.
    UserLoginFailureModel record = mock(UserLoginFailureModel.class);
    when(record.getFailedLoginNotBefore()).thenReturn(Integer.MAX_VALUE);
    when(record.getNumFailures()).thenReturn(30);
    when(session.loginFailures().getUserLoginFailure(realm, "till-id")).thenReturn(record);
    assertThat(attempt(true, "store.server", DIGEST).outcome()).isEqualTo(TillLogin.Outcome.LOCKED);
  }

  @Test
  void aWrongDigestIsTheOnlyFailureToCount() {
    TillLogin.Attempt attempt = attempt(true, "store.server", DIGEST);
    assertThat(attempt.outcome()).isEqualTo(TillLogin.Outcome.WRONG_DIGEST);
    assertThat(attempt.failureToCount()).contains(till);
    assertThat(attempt.eventError()).isEqualTo(Errors.INVALID_USER_CREDENTIALS);
  }

  @Test
  void aTillInTwoStoresIsRefusedAfterTheDigestMatchesAndIsNotCounted() {
    GroupModel second = store("store-002");
    GroupModel first = store("store-001");
    when(till.getGroupsStream()).thenReturn(Stream.of(second, first));
    when(check.matches(till, DIGEST)).thenReturn(true);
    TillLogin.Attempt attempt = attempt(true, "store.server", DIGEST);
    assertThat(attempt.outcome()).isEqualTo(TillLogin.Outcome.STORE_CONFLICT);
    assertThat(attempt.succeeded()).isFalse();
    assertThat(attempt.failureToCount()).isEmpty();
    assertThat(attempt.eventError()).isEqualTo(Errors.INVALID_USER);
    assertThat(attempt.till().orElseThrow().severalStoresMessage())
        .isEqualTo("Till 'store.server' is in more than one store (store-001, store-002)");
  }

  @Test
  void aTillInTwoStoresWithAWrongDigestIsAnOrdinaryWrongDigest() {
    GroupModel second = store("store-002");
    GroupModel first = store("store-001");
    when(till.getGroupsStream()).thenReturn(Stream.of(second, first));
    TillLogin.Attempt attempt = attempt(true, "store.server", DIGEST);
    assertThat(attempt.outcome()).isEqualTo(TillLogin.Outcome.WRONG_DIGEST);
  }

  @Test
  void theBruteForceProtectorIsLookedUpOncePerLogin() {
    when(check.matches(till, DIGEST)).thenReturn(true);
    attempt(true, "store.server", DIGEST);
    assertThat(login.bruteForceProtector()).isSameAs(protector);
    verify(session, times(1)).getProvider(BruteForceProtector.class);
  }

  private static GroupModel store(String name) {
    GroupModel stores = mock(GroupModel.class);
    when(stores.getName()).thenReturn(TillDirectory.storesGroup());
    GroupModel store = mock(GroupModel.class);
    when(store.getName()).thenReturn(name);
    when(store.getParent()).thenReturn(stores);
    return store;
  }
}
