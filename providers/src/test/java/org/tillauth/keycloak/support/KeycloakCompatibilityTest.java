package org.tillauth.keycloak.support;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tillauth.keycloak.support.KeycloakCompatibility.Status;

class KeycloakCompatibilityTest {

  private static final String TESTED = "26.4.7, 26.5.6,26.7.0,26.7.3";

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "26.4.7, TESTED",
    "26.5.6, TESTED",
    "26.7.3, TESTED",
    "26.5.7, UNTESTED_IN_RANGE",
    "26.6.0, UNTESTED_IN_RANGE",
    "26.7.3-SNAPSHOT, UNTESTED_IN_RANGE",
    "26.4.6, OUTSIDE_RANGE",
    "26.3.0, OUTSIDE_RANGE",
    "25.0.6, OUTSIDE_RANGE",
    "26.7.4, OUTSIDE_RANGE",
    "27.0.0, OUTSIDE_RANGE",
    "999.0.0-SNAPSHOT, OUTSIDE_RANGE",
    "unknown, OUTSIDE_RANGE"
  })
  void statusAgainstTheTestedVersions(String running, Status expected) {
    assertThat(KeycloakCompatibility.of(running, TESTED).status()).isEqualTo(expected);
  }

  @Test
  void testedVersionGetsAnInfoLineNamingEveryTestedVersion() {
    KeycloakCompatibility compatibility = KeycloakCompatibility.of("26.5.6", TESTED);

    assertThat(compatibility.warn()).isFalse();
    assertThat(compatibility.message("1.2.3"))
        .isEqualTo(
            "keycloak-till-auth 1.2.3 on Keycloak 26.5.6: a tested version"
                + " (tested with Keycloak 26.4.7, 26.5.6, 26.7.0, 26.7.3)");
  }

  @Test
  void versionOutsideTheRangeIsAWarningThatSaysUnsupported() {
    KeycloakCompatibility compatibility = KeycloakCompatibility.of("27.0.1", TESTED);

    assertThat(compatibility.warn()).isTrue();
    assertThat(compatibility.message("1.2.3"))
        .startsWith("keycloak-till-auth 1.2.3 on Keycloak 27.0.1: UNSUPPORTED version")
        .contains("outside the tested range 26.4.7 to 26.7.3")
        .contains("tested with Keycloak 26.4.7, 26.5.6, 26.7.0, 26.7.3");
  }

  @Test
  void untestedPatchReleaseIsAWarningThatSaysNotTested() {
    KeycloakCompatibility compatibility = KeycloakCompatibility.of("26.5.7", TESTED);

    assertThat(compatibility.warn()).isTrue();
    assertThat(compatibility.message("1.2.3"))
        .startsWith("keycloak-till-auth 1.2.3 on Keycloak 26.5.7: NOT TESTED with this version")
        .contains("within the tested range 26.4.7 to 26.7.3");
  }

  @Test
  void rangeIsByVersionNotByListOrder() {
    assertThat(KeycloakCompatibility.of("26.5.0", "26.7.3,26.4.7").range())
        .isEqualTo("26.4.7 to 26.7.3");
  }

  @Test
  void noTestedVersionsMeansEverythingIsOutside() {
    KeycloakCompatibility compatibility = KeycloakCompatibility.of("26.7.3", "");

    assertThat(compatibility.status()).isEqualTo(Status.OUTSIDE_RANGE);
    assertThat(compatibility.range()).isEqualTo("(none)");
  }

  @Test
  void buildInfoCarriesTheTestedVersionsFromThePom() {
    // The filtered resource in target/classes: the same list the start-up line reports.
    assertThat(ExtensionInfo.compatibility().tested())
        .isNotEmpty()
        .allSatisfy(v -> assertThat(v).matches("\\d+\\.\\d+\\.\\d+"));
  }
}
