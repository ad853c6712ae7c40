package org.tillauth.keycloak.lifespan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.services.clientpolicy.ClientPolicyContext;
import org.keycloak.services.clientpolicy.ClientPolicyEvent;
import org.keycloak.services.clientpolicy.ClientPolicyVote;
import org.keycloak.services.clientpolicy.context.ClientCRUDContext;

class ServiceAccountClientConditionTest {

  private final KeycloakSession session = mock(KeycloakSession.class);
  private final KeycloakContext keycloakContext = mock(KeycloakContext.class);
  private ServiceAccountClientCondition condition;

  @BeforeEach
  void setUp() {
    when(session.getContext()).thenReturn(keycloakContext);
    condition = new ServiceAccountClientCondition(session);
  }

  @Test
  void tokenEventsJudgeTheRequestingClient() {
    ClientPolicyContext tokenResponse = event(ClientPolicyEvent.SERVICE_ACCOUNT_TOKEN_RESPONSE);

    ClientModel apiClient = client(false, true);
    ClientModel publicClient = client(true, false);

    when(keycloakContext.getClient()).thenReturn(apiClient);
    assertThat(condition.applyPolicy(tokenResponse)).isEqualTo(ClientPolicyVote.YES);

    when(keycloakContext.getClient()).thenReturn(publicClient);
    assertThat(condition.applyPolicy(tokenResponse)).isEqualTo(ClientPolicyVote.NO);

    when(keycloakContext.getClient()).thenReturn(null);
    assertThat(condition.applyPolicy(tokenResponse)).isEqualTo(ClientPolicyVote.ABSTAIN);
  }

  @Test
  void clientSavesJudgeTheClientAsItWillBeNotTheAdminsClient() {
    // The admin console's own client is in the session context; it must not decide.
    ClientModel adminConsole = client(false, true);
    when(keycloakContext.getClient()).thenReturn(adminConsole);
    ClientRepresentation publicApp = new ClientRepresentation();
    publicApp.setPublicClient(true);

    assertThat(condition.applyPolicy(save(ClientPolicyEvent.REGISTER, publicApp, null)))
        .isEqualTo(ClientPolicyVote.NO);

    ClientRepresentation enableServiceAccount = new ClientRepresentation();
    enableServiceAccount.setServiceAccountsEnabled(true);
    assertThat(
            condition.applyPolicy(
                save(ClientPolicyEvent.UPDATE, enableServiceAccount, client(false, false))))
        .isEqualTo(ClientPolicyVote.YES);
  }

  @Test
  void afterSaveEventsJudgeTheSavedClient() {
    assertThat(condition.applyPolicy(save(ClientPolicyEvent.REGISTERED, null, client(false, true))))
        .isEqualTo(ClientPolicyVote.YES);
    assertThat(condition.applyPolicy(save(ClientPolicyEvent.UPDATED, null, null)))
        .isEqualTo(ClientPolicyVote.ABSTAIN);
  }

  private static ClientPolicyContext event(ClientPolicyEvent event) {
    ClientPolicyContext context = mock(ClientPolicyContext.class);
    when(context.getEvent()).thenReturn(event);
    return context;
  }

  private static ClientCRUDContext save(
      ClientPolicyEvent event, ClientRepresentation proposed, ClientModel target) {
    ClientCRUDContext context = mock(ClientCRUDContext.class);
    when(context.getEvent()).thenReturn(event);
    when(context.getProposedClientRepresentation()).thenReturn(proposed);
    when(context.getTargetClient()).thenReturn(target);
    return context;
  }

  private static ClientModel client(boolean publicClient, boolean serviceAccounts) {
    ClientModel client = mock(ClientModel.class);
    when(client.isPublicClient()).thenReturn(publicClient);
    when(client.isServiceAccountsEnabled()).thenReturn(serviceAccounts);
    return client;
  }
}
