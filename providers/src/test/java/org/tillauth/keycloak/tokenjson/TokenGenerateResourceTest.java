package org.tillauth.keycloak.tokenjson;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.io.ByteArrayInputStream;
import java.net.URI;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.common.ClientConnection;
import org.keycloak.common.enums.SslRequired;
import org.keycloak.models.KeycloakContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakTransactionManager;
import org.keycloak.models.KeycloakUriInfo;
import org.keycloak.models.RealmModel;
import org.tillauth.keycloak.testing.FakeJaxRs;

/**
 * The JSON endpoint's own answers before Keycloak's token endpoint is involved, and what a server
 * error looks like: an envelope whose message carries the reference of its log line.
 */
class TokenGenerateResourceTest {

  static final ObjectMapper JSON = new ObjectMapper();

  final KeycloakSession session = mock(KeycloakSession.class);
  final KeycloakContext context = mock(KeycloakContext.class);
  final RealmModel realm = mock(RealmModel.class);
  final HttpHeaders headers = mock(HttpHeaders.class);
  final KeycloakUriInfo uri = mock(KeycloakUriInfo.class);
  final KeycloakTransactionManager transaction = mock(KeycloakTransactionManager.class);
  final TokenGenerateResource resource = new TokenGenerateResource(session);

  @BeforeAll
  static void jaxRs() {
    FakeJaxRs.install();
  }

  @BeforeEach
  void setUp() {
    when(session.getContext()).thenReturn(context);
    when(session.getTransactionManager()).thenReturn(transaction);
    when(context.getRealm()).thenReturn(realm);
    when(context.getUri()).thenReturn(uri);
    when(context.getConnection()).thenReturn(mock(ClientConnection.class));
    when(context.getRequestHeaders()).thenReturn(headers);
    when(uri.getBaseUri()).thenReturn(URI.create("https://id.example/"));
    when(realm.getSslRequired()).thenReturn(SslRequired.EXTERNAL);
    when(realm.isEnabled()).thenReturn(true);
    when(realm.getName()).thenReturn("demo-org");
  }

  private static JsonNode error(Response response) throws Exception {
    JsonNode body = JSON.readTree((String) response.getEntity());
    assertThat(body.get("data").isNull()).isTrue();
    return body.at("/errors/0");
  }

  @Test
  void aBodyThatIsNotJsonIsRefusedInTheEnvelope() throws Exception {
    when(headers.getHeaderString(HttpHeaders.CONTENT_TYPE)).thenReturn("text/plain");

    Response response = resource.generate(new ByteArrayInputStream(new byte[0]));

    assertThat(response.getStatus()).isEqualTo(415);
    assertThat(error(response).get("code").asInt()).isEqualTo(320106);
    verify(transaction).setRollbackOnly();
  }

  @Test
  void aDisabledRealmIsRefusedBeforeTheBodyIsRead() throws Exception {
    when(realm.isEnabled()).thenReturn(false);

    Response response = resource.generate(new ByteArrayInputStream(new byte[0]));

    assertThat(response.getStatus()).isEqualTo(403);
    assertThat(error(response).get("message").asText()).isEqualTo("Realm not enabled");
    verify(headers, never()).getHeaderString(HttpHeaders.CONTENT_TYPE);
  }

  @Test
  void anUnexpectedFailureAnswersWithAReferenceAndRollsBack() throws Exception {
    when(headers.getHeaderString(HttpHeaders.CONTENT_TYPE))
        .thenThrow(new IllegalStateException("boom"));

    Response response = resource.generate(new ByteArrayInputStream(new byte[0]));

    assertThat(response.getStatus()).isEqualTo(500);
    JsonNode error = error(response);
    assertThat(error.get("code").asInt()).isEqualTo(320500);
    assertThat(error.get("message").asText())
        .matches("Internal server error; see the server log \\(ref [0-9a-f-]{36}\\)");
    verify(transaction).setRollbackOnly();
  }

  @Test
  void everyServerErrorGetsItsOwnReference() throws Exception {
    when(headers.getHeaderString(HttpHeaders.CONTENT_TYPE))
        .thenThrow(new IllegalStateException("boom"));

    String first =
        error(resource.generate(new ByteArrayInputStream(new byte[0]))).get("message").asText();
    String second =
        error(resource.generate(new ByteArrayInputStream(new byte[0]))).get("message").asText();

    assertThat(first).isNotEqualTo(second);
  }
}
