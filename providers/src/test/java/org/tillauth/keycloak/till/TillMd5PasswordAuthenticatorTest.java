package org.tillauth.keycloak.till;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.AuthenticationFlowError;
import org.keycloak.credential.CredentialModel;
import org.keycloak.credential.hash.PasswordHashProvider;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.http.HttpRequest;
import org.keycloak.models.AuthenticatorConfigModel;
import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.PasswordPolicy;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.SubjectCredentialManager;
import org.keycloak.models.UserLoginFailureModel;
import org.keycloak.models.UserLoginFailureProvider;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserProvider;
import org.keycloak.models.credential.PasswordCredentialModel;
import org.keycloak.representations.idm.OAuth2ErrorRepresentation;
import org.keycloak.services.managers.BruteForceProtector;
import org.keycloak.sessions.AuthenticationSessionModel;
import org.mockito.ArgumentCaptor;
import org.tillauth.keycloak.support.WarningThrottle;
import org.tillauth.keycloak.testing.FakeJaxRs;

/**
 * The direct-grant authenticator's answers: which outcome fails the flow (and counts), which only
 * challenges, and the OAuth error each one sends.
 */
class TillMd5PasswordAuthenticatorTest {

  static final String CODE = "store.server";
  static final String DIGEST = Md5Digest.of("server123");

  final AuthenticationFlowContext context = mock(AuthenticationFlowContext.class);
  final KeycloakSession session = mock(KeycloakSession.class);
  final RealmModel realm = mock(RealmModel.class);
  final UserProvider users = mock(UserProvider.class);
  final PasswordHashProvider argon2 = mock(PasswordHashProvider.class);
  final RoleModel tillRole = mock(RoleModel.class);
  final UserModel till = mock(UserModel.class);
  final SubjectCredentialManager credentials = mock(SubjectCredentialManager.class);
  final HttpRequest request = mock(HttpRequest.class);
  final MultivaluedHashMap<String, String> form = new MultivaluedHashMap<>();
  final List<String> eventErrors = new ArrayList<>();
  EventBuilder event;
  final TillMd5PasswordAuthenticator authenticator =
      new TillMd5PasswordAuthenticator(new WarningThrottle(Logger.getLogger(getClass())));

  @BeforeAll
  static void jaxRs() {
    FakeJaxRs.install();
  }

  @BeforeEach
  void setUp() {
    when(session.getKeycloakSessionFactory()).thenReturn(mock(KeycloakSessionFactory.class));
    // Keycloak's own builder, minus sending (which needs the server's transaction manager).
    event =
        new EventBuilder(realm, session) {
          @Override
          public void error(String error) {
            eventErrors.add(error);
          }
        }.event(EventType.LOGIN);
    when(context.getSession()).thenReturn(session);
    when(context.getRealm()).thenReturn(realm);
    when(context.getHttpRequest()).thenReturn(request);
    when(context.getEvent()).thenReturn(event);
    when(context.getAuthenticationSession()).thenReturn(mock(AuthenticationSessionModel.class));
    when(request.getDecodedFormParameters()).thenReturn(form);
    when(session.users()).thenReturn(users);
    when(session.getProvider(BruteForceProtector.class))
        .thenReturn(mock(BruteForceProtector.class));
    when(session.getProvider(PasswordHashProvider.class, Md5PrehashPasswordHashProvider.ID))
        .thenReturn(new Md5PrehashPasswordHashProvider(argon2));
    when(realm.getPasswordPolicy()).thenReturn(PasswordPolicy.empty());
    when(realm.getRole(TillDirectory.tillRole())).thenReturn(tillRole);
    when(argon2.encodedCredential(anyString(), anyInt()))
        .thenReturn(
            PasswordCredentialModel.createFromValues("argon2", new byte[] {1}, 1, Map.of(), "h"));
    when(till.getUsername()).thenReturn(CODE);
    when(till.isEnabled()).thenReturn(true);
    when(till.hasRole(tillRole)).thenReturn(true);
    when(till.getGroupsStream()).thenAnswer(invocation -> Stream.<GroupModel>empty());
    when(till.credentialManager()).thenReturn(credentials);
    PasswordCredentialModel stored =
        PasswordCredentialModel.createFromValues(
            Md5PrehashPasswordHashProvider.ID, new byte[] {1}, 1, Map.of(), "hash");
    when(credentials.getStoredCredentialsByTypeStream(PasswordCredentialModel.TYPE))
        .thenAnswer(invocation -> Stream.<CredentialModel>of(stored));
    when(users.getUserByUsername(realm, CODE)).thenReturn(till);
  }

  private void login(String username, String password) {
    if (username != null) {
      form.putSingle("username", username);
    }
    form.putSingle("password", password);
    authenticator.authenticate(context);
  }

  private static OAuth2ErrorRepresentation error(Response response) {
    assertThat(response.getStatus()).isEqualTo(400);
    return (OAuth2ErrorRepresentation) response.getEntity();
  }

  private OAuth2ErrorRepresentation failed(AuthenticationFlowError expected) {
    ArgumentCaptor<Response> response = ArgumentCaptor.forClass(Response.class);
    verify(context).failure(eq(expected), response.capture());
    verify(context, never()).success(any());
    return error(response.getValue());
  }

  private OAuth2ErrorRepresentation challenged() {
    ArgumentCaptor<Response> response = ArgumentCaptor.forClass(Response.class);
    verify(context).forceChallenge(response.capture());
    verify(context, never()).failure(any(), any());
    return error(response.getValue());
  }

  @Test
  void theRightDigestLogsTheTillIn() {
    when(argon2.verify(eq(DIGEST), any())).thenReturn(true);
    login(CODE, DIGEST.toUpperCase());
    verify(context).setUser(till);
    verify(context).success();
    verify(context, never()).success(any());
  }

  @Test
  void aSuccessClearsARecordedFailureItselfAndStartsNoBackgroundProcessingWithoutOne() {
    BruteForceProtector protector = mock(BruteForceProtector.class);
    UserLoginFailureProvider failures = mock(UserLoginFailureProvider.class);
    when(session.getProvider(BruteForceProtector.class)).thenReturn(protector);
    when(session.loginFailures()).thenReturn(failures);
    when(session.getContext()).thenReturn(mock(KeycloakContext.class));
    when(realm.isBruteForceProtected()).thenReturn(true);
    when(till.getId()).thenReturn("till-id");
    when(argon2.verify(eq(DIGEST), any())).thenReturn(true);

    login(CODE, DIGEST);
    verify(protector, never()).successfulLogin(any(), any(), any(), any(), any());

    when(failures.getUserLoginFailure(realm, "till-id"))
        .thenReturn(mock(UserLoginFailureModel.class));
    login(CODE, DIGEST);
    verify(protector).successfulLogin(eq(realm), eq(till), any(), any(), any());
  }

  @Test
  void aWrongDigestFailsTheFlowSoBruteForceDetectionCountsIt() {
    login(CODE, Md5Digest.of("wrong"));
    OAuth2ErrorRepresentation error = failed(AuthenticationFlowError.INVALID_CREDENTIALS);
    assertThat(error.getError()).isEqualTo("invalid_grant");
    assertThat(error.getErrorDescription()).isEqualTo("Invalid user credentials");
    assertThat(eventErrors).containsExactly("invalid_user_credentials");
  }

  @Test
  void anUnknownTillOnlyChallengesWithTheSameAnswer() {
    login("nobody", DIGEST);
    OAuth2ErrorRepresentation error = challenged();
    assertThat(error.getError()).isEqualTo("invalid_grant");
    assertThat(error.getErrorDescription()).isEqualTo("Invalid user credentials");
    verify(argon2).encodedCredential(anyString(), anyInt());
  }

  @Test
  void aPasswordThatIsNoDigestIsAnInvalidRequest() {
    login(CODE, "server123");
    OAuth2ErrorRepresentation error = failed(AuthenticationFlowError.INVALID_CREDENTIALS);
    assertThat(error.getError()).isEqualTo("invalid_request");
    assertThat(error.getErrorDescription()).isEqualTo(TillMd5PasswordAuthenticator.NOT_A_DIGEST);
  }

  @Test
  void aMissingUsernameIsAnInvalidRequest() {
    login(null, DIGEST);
    OAuth2ErrorRepresentation error = failed(AuthenticationFlowError.INVALID_USER);
    assertThat(error.getError()).isEqualTo("invalid_request");
    assertThat(error.getErrorDescription()).isEqualTo("Missing parameter: username");
  }

  @Test
  void theOrganisationSwitchRefusesBeforeAnyLookup() {
    AuthenticatorConfigModel config = new AuthenticatorConfigModel();
    config.setConfig(Map.of(TillLoginConfig.BASIC_AUTH_ENABLED, "false"));
    when(context.getAuthenticatorConfig()).thenReturn(config);
    login(CODE, DIGEST);
    OAuth2ErrorRepresentation error = failed(AuthenticationFlowError.ACCESS_DENIED);
    assertThat(error.getError()).isEqualTo("unauthorized_client");
    assertThat(error.getErrorDescription())
        .isEqualTo(TillMd5PasswordAuthenticator.BASIC_AUTH_DISABLED);
    verify(users, never()).getUserByUsername(any(), anyString());
  }

  @Test
  void aTillInTwoStoresIsToldWhyAndNotCounted() {
    GroupModel stores = mock(GroupModel.class);
    when(stores.getName()).thenReturn(TillDirectory.storesGroup());
    GroupModel first = mock(GroupModel.class);
    when(first.getName()).thenReturn("store-001");
    when(first.getParent()).thenReturn(stores);
    GroupModel second = mock(GroupModel.class);
    when(second.getName()).thenReturn("store-002");
    when(second.getParent()).thenReturn(stores);
    when(till.getGroupsStream()).thenAnswer(invocation -> Stream.of(second, first));
    when(argon2.verify(eq(DIGEST), any())).thenReturn(true);

    login(CODE, DIGEST);

    OAuth2ErrorRepresentation error = challenged();
    assertThat(error.getError()).isEqualTo("invalid_grant");
    assertThat(error.getErrorDescription())
        .isEqualTo("Till 'store.server' is in more than one store (store-001, store-002)");
    verify(context, never()).setUser(any());
    assertThat(eventErrors).containsExactly("invalid_user");
  }
}
