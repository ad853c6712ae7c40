package org.tillauth.keycloak.lifespan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import org.junit.jupiter.api.Test;
import org.keycloak.models.ClientModel;
import org.keycloak.representations.idm.ClientRepresentation;

class ServiceAccountClientsTest {

  @Test
  void onlyConfidentialClientsWithAServiceAccountAreApiClients() {
    assertThat(ServiceAccountClients.isServiceAccountClient(false, false, true)).isTrue();
    assertThat(ServiceAccountClients.isServiceAccountClient(true, false, true)).isFalse();
    assertThat(ServiceAccountClients.isServiceAccountClient(false, true, true)).isFalse();
    assertThat(ServiceAccountClients.isServiceAccountClient(false, false, false)).isFalse();
  }

  @Test
  void newClientDefaultsToConfidentialWithoutServiceAccount() {
    ClientRepresentation rep = new ClientRepresentation();
    assertThat(ServiceAccountClients.isServiceAccountClient(rep, null)).isFalse();
    rep.setServiceAccountsEnabled(true);
    assertThat(ServiceAccountClients.isServiceAccountClient(rep, null)).isTrue();
    rep.setPublicClient(true);
    assertThat(ServiceAccountClients.isServiceAccountClient(rep, null)).isFalse();
  }

  @Test
  void partialUpdateFallsBackToTheStoredClient() {
    ClientModel stored = mock(ClientModel.class);
    when(stored.isServiceAccountsEnabled()).thenReturn(true);
    ClientRepresentation rep = new ClientRepresentation();
    rep.setDescription("only the description changes");
    assertThat(ServiceAccountClients.isServiceAccountClient(rep, stored)).isTrue();

    rep.setServiceAccountsEnabled(false);
    assertThat(ServiceAccountClients.isServiceAccountClient(rep, stored)).isFalse();
  }
}
