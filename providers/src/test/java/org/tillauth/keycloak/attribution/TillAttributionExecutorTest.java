package org.tillauth.keycloak.attribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MultivaluedHashMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.models.AuthenticatedClientSessionModel;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserProvider;
import org.keycloak.models.UserSessionModel;
import org.keycloak.services.clientpolicy.ClientPolicyContext;
import org.keycloak.services.clientpolicy.ClientPolicyEvent;
import org.keycloak.services.clientpolicy.ClientPolicyException;
import org.keycloak.services.clientpolicy.context.ServiceAccountTokenRequestContext;
import org.tillauth.keycloak.till.TillDirectory;

/**
 * The executor decides on client-credentials requests of clients with the mapper, keeps the
 * decision in the user session, refuses what cannot be honoured, and leaves everything else alone.
 */
class TillAttributionExecutorTest {

  final KeycloakSession session = mock(KeycloakSession.class);
  final KeycloakContext keycloakContext = mock(KeycloakContext.class);
  final HttpHeaders headers = mock(HttpHeaders.class);
  final RealmModel realm = mock(RealmModel.class);
  final UserProvider users = mock(UserProvider.class);
  final AuthenticatedClientSessionModel clientSession = mock(AuthenticatedClientSessionModel.class);
  final UserSessionModel userSession = mock(UserSessionModel.class);
  final ClientSessionContext tokenContext = mock(ClientSessionContext.class);
  final Map<String, String> notes = new HashMap<>();
  final TillAttributionExecutor executor = new TillAttributionExecutor(session);

  @BeforeEach
  void setUp() {
    when(session.getContext()).thenReturn(keycloakContext);
    when(keycloakContext.getRequestHeaders()).thenReturn(headers);
    when(session.users()).thenReturn(users);
    when(session.getAttribute(ClientSessionContext.class.getName(), ClientSessionContext.class))
        .thenReturn(tokenContext);
    when(tokenContext.getClientSession()).thenReturn(clientSession);
    when(clientSession.getRealm()).thenReturn(realm);
    when(clientSession.getUserSession()).thenReturn(userSession);
    when(userSession.getNote(anyString()))
        .thenAnswer(i -> notes.get(i.getArgument(0, String.class)));
    org.mockito.Mockito.doAnswer(i -> notes.put(i.getArgument(0), i.getArgument(1)))
        .when(userSession)
        .setNote(anyString(), anyString());
    org.mockito.Mockito.doAnswer(i -> notes.remove(i.getArgument(0, String.class)))
        .when(userSession)
        .removeNote(anyString());

    RoleModel tillRole = mock(RoleModel.class);
    when(realm.getRole(TillDirectory.tillRole())).thenReturn(tillRole);
    UserModel storeServer = till("store.server", tillRole);
    when(users.getUserByUsername(realm, "store.server")).thenReturn(storeServer);
  }

  private static UserModel till(String code, RoleModel tillRole) {
    UserModel user = mock(UserModel.class);
    when(user.getUsername()).thenReturn(code);
    when(user.isEnabled()).thenReturn(true);
    when(user.hasRole(tillRole)).thenReturn(true);
    when(user.getGroupsStream()).thenAnswer(i -> Stream.<GroupModel>empty());
    return user;
  }

  private void mappers(ProtocolMapperModel... mappers) {
    when(tokenContext.getProtocolMappersStream()).thenAnswer(i -> Stream.of(mappers));
  }

  private static ProtocolMapperModel attributionMapper(boolean fallback) {
    ProtocolMapperModel mapper = new ProtocolMapperModel();
    mapper.setProtocolMapper(TillAttributionMapper.PROVIDER_ID);
    mapper.setConfig(
        Map.of(
            TillAttributionConfig.DEFAULT_TILL,
            "store.server",
            TillAttributionConfig.FALLBACK,
            Boolean.toString(fallback)));
    return mapper;
  }

  private void header(String name, String value) {
    when(headers.getRequestHeader(name)).thenReturn(List.of(value));
  }

  private ClientPolicyContext tokenRequest() {
    return new ServiceAccountTokenRequestContext(new MultivaluedHashMap<>(), clientSession);
  }

  @Test
  void clientsWithoutTheMapperAreLeftAlone() throws ClientPolicyException {
    ProtocolMapperModel other = new ProtocolMapperModel();
    other.setProtocolMapper("oidc-audience-mapper");
    mappers(other);
    header(TillAttributionConfig.DEFAULT_ENTITY_CODE_HEADER, "no-such-till");

    executor.executeOnEvent(tokenRequest());

    assertThat(notes).isEmpty();
    verify(userSession, never()).setNote(anyString(), anyString());
  }

  @Test
  void theDecisionIsKeptInTheUserSessionForTheMapper() throws ClientPolicyException {
    mappers(attributionMapper(false));

    executor.executeOnEvent(tokenRequest());

    assertThat(AttributionNotes.load(userSession))
        .contains(
            new Attribution(
                Attribution.Source.DEFAULT,
                java.util.Optional.of("store.server"),
                java.util.Optional.empty(),
                "store.server"));
  }

  @Test
  void anInvalidTillIsRefusedBeforeATokenExists() {
    mappers(attributionMapper(false));
    header(TillAttributionConfig.DEFAULT_ENTITY_CODE_HEADER, "no-such-till");

    ClientPolicyException refused =
        catchThrowableOfType(
            ClientPolicyException.class, () -> executor.executeOnEvent(tokenRequest()));

    assertThat(refused.getError()).isEqualTo("invalid_request");
    assertThat(refused.getErrorDetail()).isEqualTo("Unknown till code 'no-such-till'");
    assertThat(notes).isEmpty();
  }

  @Test
  void withFallbackAnInvalidTillIsAttributedToTheDefaultTill() throws ClientPolicyException {
    mappers(attributionMapper(true));
    header(TillAttributionConfig.DEFAULT_ENTITY_CODE_HEADER, "no-such-till");

    executor.executeOnEvent(tokenRequest());

    assertThat(AttributionNotes.load(userSession).orElseThrow().source())
        .isEqualTo(Attribution.Source.FALLBACK);
  }

  @Test
  void otherEventsAreNotLookedAt() throws ClientPolicyException {
    ClientPolicyContext refresh = mock(ClientPolicyContext.class);
    when(refresh.getEvent()).thenReturn(ClientPolicyEvent.TOKEN_REFRESH);

    executor.executeOnEvent(refresh);

    verifyNoInteractions(userSession, headers, users);
  }
}
