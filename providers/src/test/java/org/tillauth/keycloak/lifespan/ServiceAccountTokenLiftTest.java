package org.tillauth.keycloak.lifespan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import jakarta.ws.rs.core.MultivaluedHashMap;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.models.AuthenticatedClientSessionModel;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.UserSessionModel;
import org.keycloak.models.UserSessionModel.SessionPersistenceState;
import org.keycloak.protocol.oidc.TokenManager.AccessTokenResponseBuilder;
import org.keycloak.representations.AccessToken;
import org.keycloak.services.clientpolicy.context.ServiceAccountTokenResponseContext;
import org.keycloak.services.clientpolicy.context.TokenResponseContext;
import org.tillauth.keycloak.internals.TokenResponses;

/**
 * The lift gives stateless client-credentials tokens their client's own lifespan, never more than
 * the smallest maximum applied to the token, and leaves tokens bound to a stored session alone.
 */
class ServiceAccountTokenLiftTest {

  private static final long IAT = 1_000_000;
  private static final LifespanDuration THIRTY_DAYS = LifespanDuration.parseMaximum("30d");
  private static final LifespanDuration SIXTY_MINUTES = LifespanDuration.parseMaximum("60m");

  private final Map<String, Object> attributes = new HashMap<>();
  private KeycloakSession session;
  private ClientModel client;
  private UserSessionModel userSession;
  private AccessToken token;
  private ServiceAccountTokenResponseContext context;

  @BeforeEach
  void keycloak() {
    session = mock(KeycloakSession.class);
    when(session.getAttribute(anyString(), eq(Long.class)))
        .thenAnswer(i -> attributes.get(i.<String>getArgument(0)));
    doAnswer(i -> attributes.put(i.getArgument(0), i.getArgument(1)))
        .when(session)
        .setAttribute(anyString(), any());
    client = mock(ClientModel.class);
    userSession = mock(UserSessionModel.class);
    when(userSession.getPersistenceState()).thenReturn(SessionPersistenceState.TRANSIENT);
    AuthenticatedClientSessionModel clientSession = mock(AuthenticatedClientSessionModel.class);
    when(clientSession.getClient()).thenReturn(client);
    when(clientSession.getUserSession()).thenReturn(userSession);
    token = new AccessToken();
    token.id("token-1");
    token.iat(IAT);
    // What Keycloak issues under the default SSO Session Max.
    token.exp(IAT + 36_000);
    AccessTokenResponseBuilder builder = mock(AccessTokenResponseBuilder.class);
    when(builder.getAccessToken()).thenReturn(token);
    context =
        new ServiceAccountTokenResponseContext(new MultivaluedHashMap<>(), clientSession, builder);
  }

  private void ownLifespan(String value) {
    when(client.getAttribute(ClientLifespanRule.ATTRIBUTE)).thenReturn(value);
  }

  @Test
  void statelessTokenGetsExactlyTheClientsOwnLifespan() {
    ownLifespan("2592000");
    assertThat(new ServiceAccountTokenLift(session).lift(context, THIRTY_DAYS))
        .as("not cut short")
        .isFalse();
    assertThat(token.getExp()).isEqualTo(IAT + 2_592_000);

    ownLifespan("7200");
    new ServiceAccountTokenLift(session).lift(context, THIRTY_DAYS);
    assertThat(token.getExp()).isEqualTo(IAT + 7_200);
  }

  @Test
  void neverBeyondTheSmallestMaximumWhateverTheOrderOfExecutors() {
    ownLifespan("2592000");
    // A 60-minute executor ran first and clamped; a 30-day one must not lengthen it again.
    assertThat(new ServiceAccountTokenLift(session).lift(context, SIXTY_MINUTES))
        .as("cut short: the clamps meter counts it")
        .isTrue();
    new TokenLifespanClamp(SIXTY_MINUTES).clamp(TokenResponses.of(context).orElseThrow());
    new ServiceAccountTokenLift(session).lift(context, THIRTY_DAYS);
    new TokenLifespanClamp(THIRTY_DAYS).clamp(TokenResponses.of(context).orElseThrow());
    assertThat(token.getExp()).isEqualTo(IAT + 3_600);
  }

  @Test
  void tokensOfAStoredSessionAreLeftAsKeycloakMadeThem() {
    ownLifespan("2592000");
    token.setSessionId("session-1");
    when(userSession.getPersistenceState()).thenReturn(SessionPersistenceState.PERSISTENT);
    new ServiceAccountTokenLift(session).lift(context, THIRTY_DAYS);
    assertThat(token.getExp()).isEqualTo(IAT + 36_000);
  }

  @Test
  void realmDefaultAndUntilSessionMaxAreNotLifted() {
    for (String notOwn : new String[] {null, "", "-1"}) {
      ownLifespan(notOwn);
      new ServiceAccountTokenLift(session).lift(context, THIRTY_DAYS);
      assertThat(token.getExp()).as("%s", notOwn).isEqualTo(IAT + 36_000);
    }
  }

  @Test
  void otherTokenResponsesAreNotLifted() {
    ownLifespan("2592000");
    new ServiceAccountTokenLift(session).lift(mock(TokenResponseContext.class), THIRTY_DAYS);
    assertThat(token.getExp()).isEqualTo(IAT + 36_000);
  }
}
