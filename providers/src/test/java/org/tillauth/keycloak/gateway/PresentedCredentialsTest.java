package org.tillauth.keycloak.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tillauth.keycloak.gateway.PresentedCredentials.Problem;

class PresentedCredentialsTest {

  static final String JWT = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln-_";

  @Test
  void nothingPresented() {
    assertThat(PresentedCredentials.from(null, null)).isInstanceOf(PresentedCredentials.None.class);
    assertThat(PresentedCredentials.from(List.of(), List.of()))
        .isInstanceOf(PresentedCredentials.None.class);
  }

  @Test
  void basicSchemeIsCaseInsensitive() {
    assertThat(PresentedCredentials.from(List.of("bAsIc YTpi"), null))
        .isEqualTo(new PresentedCredentials.Basic(new BasicCredentials("a", "b")));
  }

  @Test
  void bearerFromAuthorizationOrThePlatformHeader() {
    assertThat(PresentedCredentials.from(List.of("Bearer " + JWT), null))
        .isEqualTo(new PresentedCredentials.Bearer(JWT));
    assertThat(PresentedCredentials.from(null, List.of(JWT)))
        .isEqualTo(new PresentedCredentials.Bearer(JWT));
    assertThat(PresentedCredentials.from(List.of("Bearer " + JWT), List.of(JWT)))
        .isEqualTo(new PresentedCredentials.Bearer(JWT));
  }

  @Test
  void conflictsAndRepeatsAreUnusable() {
    assertThat(PresentedCredentials.from(List.of("Bearer " + JWT), List.of(JWT + "x")))
        .isEqualTo(new PresentedCredentials.Unusable(Problem.CONFLICT));
    assertThat(PresentedCredentials.from(List.of("Basic YTpi"), List.of(JWT)))
        .isEqualTo(new PresentedCredentials.Unusable(Problem.CONFLICT));
    assertThat(PresentedCredentials.from(List.of("Basic YTpi", "Basic YTpi"), null))
        .isEqualTo(new PresentedCredentials.Unusable(Problem.CONFLICT));
  }

  @Test
  void malformedValuesAreUnusable() {
    assertThat(PresentedCredentials.from(List.of("Basic !!"), null))
        .isEqualTo(new PresentedCredentials.Unusable(Problem.MALFORMED_BASIC));
    assertThat(PresentedCredentials.from(List.of("Bearer"), null))
        .isEqualTo(new PresentedCredentials.Unusable(Problem.MALFORMED_TOKEN));
    assertThat(PresentedCredentials.from(List.of("Bearer a b"), null))
        .isEqualTo(new PresentedCredentials.Unusable(Problem.MALFORMED_TOKEN));
    assertThat(PresentedCredentials.from(List.of("Digest x"), null))
        .isEqualTo(new PresentedCredentials.Unusable(Problem.MALFORMED_TOKEN));
    assertThat(PresentedCredentials.from(null, List.of("x".repeat(20_000))))
        .isEqualTo(new PresentedCredentials.Unusable(Problem.MALFORMED_TOKEN));
  }
}
