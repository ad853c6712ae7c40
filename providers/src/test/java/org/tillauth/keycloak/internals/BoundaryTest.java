package org.tillauth.keycloak.internals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BoundaryTest {

  @Test
  void aChangedInternalFailsNamingWhatIsMirrored() {
    NoSuchMethodError removed = new NoSuchMethodError("TokenEndpoint.processGrantRequest()");
    assertThatThrownBy(
            () ->
                Boundary.call(
                    "TokenEndpoint.processGrantRequest() (Keycloak 26.4)",
                    () -> {
                      throw removed;
                    }))
        .isInstanceOf(Boundary.IncompatibleKeycloakException.class)
        .isInstanceOf(RuntimeException.class)
        .hasCause(removed)
        .hasMessageContaining("TokenEndpoint.processGrantRequest() (Keycloak 26.4)")
        .hasMessageContaining("must be updated for this Keycloak version");
  }

  @Test
  void otherFailuresAndResultsPassThrough() {
    assertThat(Boundary.call("x", () -> "answer")).isEqualTo("answer");
    IllegalArgumentException refused = new IllegalArgumentException("refused");
    assertThatThrownBy(
            () ->
                Boundary.run(
                    "x",
                    () -> {
                      throw refused;
                    }))
        .isSameAs(refused);
  }
}
