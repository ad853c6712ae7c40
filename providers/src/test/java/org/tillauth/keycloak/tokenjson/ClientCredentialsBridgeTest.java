package org.tillauth.keycloak.tokenjson;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.OAuth2ErrorRepresentation;
import org.mockito.Mockito;

class ClientCredentialsBridgeTest {

  @Test
  void ttlIsExpMinusIatOfTheToken() {
    String token = unsignedJwt("{\"iat\":1000,\"exp\":1123,\"jti\":\"x\"}");

    assertThat(ClientCredentialsBridge.ttlSeconds(token, 99)).isEqualTo(123);
  }

  @Test
  void ttlFallsBackToExpiresInForUnreadableTokens() {
    assertThat(ClientCredentialsBridge.ttlSeconds("not-a-jwt", 300)).isEqualTo(300);
    assertThat(ClientCredentialsBridge.ttlSeconds(unsignedJwt("{\"iat\":1000}"), 300))
        .isEqualTo(300);
    assertThat(ClientCredentialsBridge.ttlSeconds("a.!!!.c", 300)).isEqualTo(300);
    assertThat(ClientCredentialsBridge.ttlSeconds("a.b.c.d.e", 300)).isEqualTo(300);
  }

  @Test
  void oauthErrorResponsesMapToTheEnvelopeError() {
    Response rejected = Mockito.mock(Response.class);
    Mockito.when(rejected.getStatus()).thenReturn(400);
    Mockito.when(rejected.getEntity())
        .thenReturn(new OAuth2ErrorRepresentation("invalid_request", "Unknown till code 'x'"));
    Response unauthorized = Mockito.mock(Response.class);
    Mockito.when(unauthorized.getStatus()).thenReturn(401);
    Mockito.when(unauthorized.getEntity()).thenReturn("not an OAuth error");

    assertThat(ClientCredentialsBridge.fromResponse(rejected))
        .isEqualTo(new CompatError(320200, 400, "Unknown till code 'x'"));
    assertThat(ClientCredentialsBridge.fromResponse(unauthorized))
        .isEqualTo(CompatError.INVALID_CLIENT);
    assertThat(ClientCredentialsBridge.fromResponse(null)).isEqualTo(CompatError.INTERNAL_ERROR);
  }

  @Test
  void serverErrorsAreDescribedForTheLog() {
    Response failed = Mockito.mock(Response.class);
    Mockito.when(failed.getStatus()).thenReturn(500);
    Mockito.when(failed.getEntity())
        .thenReturn(new OAuth2ErrorRepresentation("unknown_error", "For input string: \"x\""));

    assertThat(ClientCredentialsBridge.describe(failed))
        .isEqualTo("Keycloak's token endpoint answered 500 unknown_error: For input string: \"x\"");
    assertThat(ClientCredentialsBridge.describe(null))
        .isEqualTo("Keycloak's token endpoint answered without a response");
    assertThat(ClientCredentialsBridge.fromResponse(failed)).isEqualTo(CompatError.INTERNAL_ERROR);
  }

  @Test
  void aReferencedServerErrorKeepsCodeAndStatus() {
    CompatError referenced = CompatError.INTERNAL_ERROR.withReference("abc");
    assertThat(referenced.code()).isEqualTo(320500);
    assertThat(referenced.status()).isEqualTo(500);
    assertThat(referenced.message())
        .isEqualTo("Internal server error; see the server log (ref abc)");
  }

  private static String unsignedJwt(String claims) {
    Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
    return base64.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8))
        + "."
        + base64.encodeToString(claims.getBytes(StandardCharsets.UTF_8))
        + ".";
  }
}
