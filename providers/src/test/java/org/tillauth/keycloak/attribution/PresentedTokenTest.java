package org.tillauth.keycloak.attribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedHashMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.http.HttpRequest;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.TokenManager;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.representations.AccessToken;

/**
 * Where an introspection or userinfo request carries its token, and when that token may stand for
 * the session whose mappers are re-run.
 */
class PresentedTokenTest {

  final KeycloakSession session = mock(KeycloakSession.class);
  final KeycloakContext context = mock(KeycloakContext.class);
  final HttpRequest request = mock(HttpRequest.class);
  final HttpHeaders headers = mock(HttpHeaders.class);
  final TokenManager tokens = mock(TokenManager.class);
  final MultivaluedHashMap<String, String> form = new MultivaluedHashMap<>();
  final ClientModel client = mock(ClientModel.class);
  final UserSessionModel userSession = mock(UserSessionModel.class);
  final UserModel serviceAccount = mock(UserModel.class);
  final AccessToken token = new AccessToken();

  @BeforeEach
  void setUp() {
    when(session.getContext()).thenReturn(context);
    when(session.tokens()).thenReturn(tokens);
    when(context.getHttpRequest()).thenReturn(request);
    when(request.getHttpHeaders()).thenReturn(headers);
    when(request.getDecodedFormParameters()).thenReturn(form);
    when(client.getClientId()).thenReturn("api-client");
    when(userSession.getUser()).thenReturn(serviceAccount);
    when(serviceAccount.getId()).thenReturn("sa-id");
    token.issuedFor("api-client");
    token.subject("sa-id");
    when(tokens.decode("raw-token", AccessToken.class)).thenReturn(token);
  }

  private void formBody() {
    when(headers.getMediaType()).thenReturn(MediaType.APPLICATION_FORM_URLENCODED_TYPE);
  }

  private void authorization(String value) {
    when(headers.getHeaderString(HttpHeaders.AUTHORIZATION)).thenReturn(value);
  }

  @Test
  void introspectionsTokenParameterIsRead() {
    formBody();
    form.putSingle("token", "raw-token");
    assertThat(PresentedToken.find(session, userSession, client)).contains(token);
  }

  @Test
  void aFormEncodedAccessTokenIsRead() {
    formBody();
    form.putSingle("access_token", "raw-token");
    assertThat(PresentedToken.find(session, userSession, client)).contains(token);
  }

  @Test
  void bearerAndDpopAuthorizationHeadersAreRead() {
    authorization("Bearer raw-token");
    assertThat(PresentedToken.find(session, userSession, client)).contains(token);
    authorization("dpop  raw-token");
    assertThat(PresentedToken.find(session, userSession, client)).contains(token);
  }

  @Test
  void otherSchemesAndBareValuesAreNotTokens() {
    authorization("Basic raw-token");
    assertThat(PresentedToken.find(session, userSession, client)).isEmpty();
    authorization("raw-token");
    assertThat(PresentedToken.find(session, userSession, client)).isEmpty();
    verify(tokens, never()).decode(anyString(), any());
  }

  @Test
  void noTokenAtAllIsEmpty() {
    assertThat(PresentedToken.find(session, userSession, client)).isEmpty();
    when(context.getHttpRequest()).thenReturn(null);
    assertThat(PresentedToken.find(session, userSession, client)).isEmpty();
  }

  @Test
  void aTokenThatDoesNotVerifyIsEmpty() {
    authorization("Bearer forged");
    assertThat(PresentedToken.find(session, userSession, client)).isEmpty();
  }

  @Test
  void aTokenOfAnotherClientIsEmpty() {
    authorization("Bearer raw-token");
    token.issuedFor("other-client");
    assertThat(PresentedToken.find(session, userSession, client)).isEmpty();
  }

  @Test
  void aTokenOfAnotherSubjectIsEmptyButOneWithoutSubjectCounts() {
    authorization("Bearer raw-token");
    token.subject("someone-else");
    assertThat(PresentedToken.find(session, userSession, client)).isEmpty();
    token.subject(null);
    assertThat(PresentedToken.find(session, userSession, client)).contains(token);
  }
}
