package org.tillauth.keycloak.lifespan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import org.junit.jupiter.api.Test;
import org.keycloak.models.ClientModel;
import org.keycloak.representations.idm.ClientRepresentation;

class ApiClientsTest {

  @Test
  void onlyConfidentialClientsWithAServiceAccountAreApiClients() {
    assertThat(ApiClients.isApiClient(false, false, true)).isTrue();
    assertThat(ApiClients.isApiClient(true, false, true)).isFalse();
    assertThat(ApiClients.isApiClient(false, true, true)).isFalse();
    assertThat(ApiClients.isApiClient(false, false, false)).isFalse();
  }

  @Test
  void newClientDefaultsToConfidentialWithoutServiceAccount() {
    ClientRepresentation rep = new ClientRepresentation();
    assertThat(ApiClients.isApiClient(rep, null)).isFalse();
    rep.setServiceAccountsEnabled(true);
    assertThat(ApiClients.isApiClient(rep, null)).isTrue();
    rep.setPublicClient(true);
    assertThat(ApiClients.isApiClient(rep, null)).isFalse();
  }

  @Test
  void partialUpdateFallsBackToTheStoredClient() {
    ClientModel stored = mock(ClientModel.class);
    when(stored.isServiceAccountsEnabled()).thenReturn(true);
    ClientRepresentation rep = new ClientRepresentation();
    rep.setDescription("only the description changes");
    assertThat(ApiClients.isApiClient(rep, stored)).isTrue();

    rep.setServiceAccountsEnabled(false);
    assertThat(ApiClients.isApiClient(rep, stored)).isFalse();
  }
}
