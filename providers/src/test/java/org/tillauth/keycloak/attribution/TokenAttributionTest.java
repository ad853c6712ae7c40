package org.tillauth.keycloak.attribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.models.ClientModel;
import org.keycloak.models.GroupModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.representations.idm.OAuth2ErrorRepresentation;
import org.keycloak.services.ErrorResponseException;
import org.tillauth.keycloak.testing.FakeJaxRs;
import org.tillauth.keycloak.till.TillDirectory;

/**
 * What the mapper is given to write: the till itself, the executor's stored decision, or a refusal
 * when a service-account token would otherwise go out unattributed. The stored decision uses the
 * same codec as the claims, under the note names earlier versions wrote.
 */
class TokenAttributionTest {

  static final TillAttributionConfig CONFIG =
      TillAttributionConfig.from(Map.of(TillAttributionConfig.DEFAULT_TILL, "store.server"));

  final RealmModel realm = mock(RealmModel.class);
  final UserSessionModel userSession = mock(UserSessionModel.class);
  final UserModel user = mock(UserModel.class);
  final ClientModel client = mock(ClientModel.class);
  final RoleModel tillRole = mock(RoleModel.class);
  final Map<String, String> notes = new HashMap<>();

  @BeforeAll
  static void jaxRs() {
    FakeJaxRs.install();
  }

  @BeforeEach
  void setUp() {
    when(userSession.getUser()).thenReturn(user);
    when(userSession.getRealm()).thenReturn(realm);
    when(userSession.getNote(anyString()))
        .thenAnswer(i -> notes.get(i.getArgument(0, String.class)));
    doAnswer(i -> notes.put(i.getArgument(0), i.getArgument(1)))
        .when(userSession)
        .setNote(anyString(), anyString());
    doAnswer(i -> notes.remove(i.getArgument(0, String.class)))
        .when(userSession)
        .removeNote(anyString());
    when(realm.getRole(TillDirectory.tillRole())).thenReturn(tillRole);
    when(user.isEnabled()).thenReturn(true);
    when(user.getUsername()).thenReturn("till-002");
    when(user.getGroupsStream()).thenAnswer(i -> Stream.<GroupModel>empty());
  }

  private void serviceAccount() {
    when(user.getServiceAccountClientLink()).thenReturn("client-id");
  }

  private void inStores(String... names) {
    GroupModel stores = mock(GroupModel.class);
    when(stores.getName()).thenReturn(TillDirectory.storesGroup());
    GroupModel[] groups = new GroupModel[names.length];
    for (int i = 0; i < names.length; i++) {
      groups[i] = mock(GroupModel.class);
      when(groups[i].getName()).thenReturn(names[i]);
      when(groups[i].getParent()).thenReturn(stores);
    }
    when(user.getGroupsStream()).thenAnswer(i -> Stream.of(groups));
  }

  @Test
  void theStoredDecisionIsWhatTheTokenCarries() {
    serviceAccount();
    Attribution header =
        new Attribution(
            Attribution.Source.HEADER, Optional.of("till-002"), Optional.of("store-002"), "d");
    AttributionNotes.save(userSession, header);

    assertThat(TokenAttribution.atIssue(CONFIG, userSession, client)).contains(header);
    assertThat(notes)
        .containsOnlyKeys(
            "tillauth.attribution.source",
            "tillauth.attribution.till",
            "tillauth.attribution.store",
            "tillauth.attribution.default");
  }

  @Test
  void aStoreAttributionLeavesNoTillNoteBehind() {
    notes.put("tillauth.attribution.till", "old");
    AttributionNotes.save(
        userSession,
        new Attribution(Attribution.Source.HEADER, Optional.empty(), Optional.of("s"), "d"));
    assertThat(notes).doesNotContainKey("tillauth.attribution.till");
  }

  @Test
  void aServiceAccountTokenWithoutADecisionIsRefused() {
    serviceAccount();
    ErrorResponseException refused =
        catchThrowableOfType(
            ErrorResponseException.class,
            () -> TokenAttribution.atIssue(CONFIG, userSession, client));

    assertThat(refused).isInstanceOf(TokenAttribution.NotDecidedException.class);
    assertThat(refused.getResponse().getStatus()).isEqualTo(400);
    OAuth2ErrorRepresentation error = (OAuth2ErrorRepresentation) refused.getResponse().getEntity();
    assertThat(error.getError()).isEqualTo("invalid_request");
    assertThat(error.getErrorDescription()).isEqualTo(TokenAttribution.NOT_DECIDED);
  }

  @Test
  void aTillIsAttributedToItself() {
    when(user.hasRole(tillRole)).thenReturn(true);
    inStores("store-002");
    Attribution self = TokenAttribution.atIssue(CONFIG, userSession, client).orElseThrow();
    assertThat(self.claims())
        .containsExactly(
            Map.entry("till_attribution", "self"),
            Map.entry("default_till", "store.server"),
            Map.entry("till_code", "till-002"),
            Map.entry("store_code", "store-002"));
  }

  @Test
  void aTillInTwoStoresIsRefusedAtIssueAndGetsNoClaimsLater() {
    when(user.hasRole(tillRole)).thenReturn(true);
    inStores("store-002", "store-001");
    ErrorResponseException refused =
        catchThrowableOfType(
            ErrorResponseException.class,
            () -> TokenAttribution.atIssue(CONFIG, userSession, client));
    assertThat(
            ((OAuth2ErrorRepresentation) refused.getResponse().getEntity()).getErrorDescription())
        .isEqualTo("Till 'till-002' is in more than one store (store-001, store-002)");
    assertThat(TokenAttribution.atRevisit(CONFIG, userSession, null, client)).isEmpty();
  }

  @Test
  void otherUsersGetNothing() {
    assertThat(TokenAttribution.atIssue(CONFIG, userSession, client)).isEmpty();
  }
}
