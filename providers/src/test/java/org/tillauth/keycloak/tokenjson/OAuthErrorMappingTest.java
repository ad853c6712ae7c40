package org.tillauth.keycloak.tokenjson;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OAuthErrorMappingTest {

  @Test
  void every401IsTheInvalidClientError() {
    assertThat(
            OAuthErrorMapping.toCompatError(
                401, "unauthorized_client", "Client not enabled to retrieve service account"))
        .isEqualTo(CompatError.INVALID_CLIENT);
    assertThat(OAuthErrorMapping.toCompatError(401, null, null))
        .isEqualTo(CompatError.INVALID_CLIENT);
  }

  @Test
  void clientErrorsAreTheInvalidClientErrorWhateverTheirStatus() {
    assertThat(OAuthErrorMapping.toCompatError(400, "invalid_client", "Bearer-only not allowed"))
        .isEqualTo(CompatError.INVALID_CLIENT);
    assertThat(
            OAuthErrorMapping.toCompatError(400, "unauthorized_client", "Wrong client protocol."))
        .isEqualTo(CompatError.INVALID_CLIENT);
  }

  @Test
  void otherClientErrorsKeepStatusAndDescription() {
    assertThat(OAuthErrorMapping.toCompatError(400, "invalid_request", "Unknown till code 'x'"))
        .isEqualTo(new CompatError(320200, 400, "Unknown till code 'x'"));
    assertThat(OAuthErrorMapping.toCompatError(403, "access_denied", "Realm not enabled"))
        .isEqualTo(new CompatError(320200, 403, "Realm not enabled"));
  }

  @Test
  void fallsBackToTheErrorCodeThenToAGenericText() {
    assertThat(OAuthErrorMapping.toCompatError(400, "invalid_dpop_proof", " ").message())
        .isEqualTo("invalid_dpop_proof");
    assertThat(OAuthErrorMapping.toCompatError(400, null, null).message())
        .isEqualTo("Token request rejected");
  }

  @Test
  void serverErrorsAndNonErrorsAreInternalErrors() {
    assertThat(OAuthErrorMapping.toCompatError(500, "unknown_error", "boom"))
        .isEqualTo(CompatError.INTERNAL_ERROR);
    assertThat(OAuthErrorMapping.toCompatError(302, null, null))
        .isEqualTo(CompatError.INTERNAL_ERROR);
  }
}
