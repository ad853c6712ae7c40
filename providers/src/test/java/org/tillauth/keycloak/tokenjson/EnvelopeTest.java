package org.tillauth.keycloak.tokenjson;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EnvelopeTest {

  @Test
  void successHasThePlatformShape() {
    assertThat(Envelope.success("a.b.c", 300))
        .isEqualTo("{\"data\":{\"accessToken\":\"a.b.c\",\"ttlSeconds\":300},\"errors\":null}");
  }

  @Test
  void invalidClientIsTheDocumentedBody() {
    assertThat(Envelope.error(CompatError.INVALID_CLIENT))
        .isEqualTo(
            "{\"data\":null,\"errors\":[{\"code\":320001,\"message\":\"Invalid client key and secret\"}]}");
  }

  @Test
  void messagesAreJsonEscaped() {
    assertThat(Envelope.error(CompatError.rejected(400, "Unknown till code 'x\"y'")))
        .isEqualTo(
            "{\"data\":null,\"errors\":[{\"code\":320200,\"message\":\"Unknown till code 'x\\\"y'\"}]}");
  }
}
