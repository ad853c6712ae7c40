package org.tillauth.keycloak.lifespan;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.tillauth.keycloak.testing.AdminApi;
import org.tillauth.keycloak.testing.Http;
import org.tillauth.keycloak.testing.KeycloakIT;

/** Behaviour 1 and the profile half of 6: the executor is offered and its maximum is validated. */
@KeycloakIT
class TokenLifespanProfileIT {

  private static final String EXECUTORS =
      "org.keycloak.services.clientpolicy.executor.ClientPolicyExecutorProvider";
  private static final String CONDITIONS =
      "org.keycloak.services.clientpolicy.condition.ClientPolicyConditionProvider";

  private static LifespanTestRealm realm;

  @BeforeAll
  static void createRealm(AdminApi admin) {
    realm = LifespanTestRealm.create(admin, "lifespan-profile", Map.of());
  }

  @AfterAll
  static void deleteRealm() {
    realm.close();
  }

  @Test
  void executorAndConditionAreOfferedWithHelpTexts(AdminApi admin) {
    JsonNode types = admin.getJson("/admin/serverinfo").path("componentTypes");

    JsonNode executor = byId(types.path(EXECUTORS), "token-lifespan-limit");
    assertThat(executor.path("helpText").asText()).startsWith("Limits the access token lifespan");
    JsonNode property = executor.path("properties").get(0);
    assertThat(property.path("name").asText()).isEqualTo("max-access-token-lifespan");
    assertThat(property.path("label").asText()).isEqualTo("Maximum access token lifespan");
    assertThat(property.path("helpText").asText()).contains("60m, 2h or 30d");
    assertThat(property.path("defaultValue").asText()).isEqualTo("60m");

    JsonNode condition = byId(types.path(CONDITIONS), "service-account-client");
    assertThat(condition.path("helpText").asText()).startsWith("Matches API clients");
  }

  @ParameterizedTest
  @ValueSource(strings = {"1m", "60m", "60", "2h", "720h", "43200m", "30d"})
  void savesMaximaFromOneMinuteToThirtyDays(String maximum) {
    Http.Result saved = realm.putProfiles(maximum);

    assertThat(saved.status()).as("%s", saved).isEqualTo(204);
    assertThat(configuredMaximum()).isEqualTo(maximum);
  }

  @Test
  void savesAProfileWithoutMaximumMeaningTheDefault() {
    assertThat(realm.putProfiles(null).status()).isEqualTo(204);
  }

  @ParameterizedTest
  @CsvSource({
    // The configuration's granularity is a minute: these are the closest values past each bound.
    "0m, 0 minutes",
    "0, 0 minutes",
    "31d, 31 days",
    "721h, 721 hours",
    "43201m, 43201 minutes",
  })
  void rejectsMaximaOutsideOneMinuteToThirtyDaysAndSavesNothing(String maximum, String shown) {
    assertThat(realm.putProfiles("45m").status()).isEqualTo(204);
    JsonNode before = realm.storedProfiles();

    Http.Result rejected = realm.putProfiles(maximum);

    assertThat(rejected.status()).isEqualTo(400);
    assertThat(rejected.json().path("errorMessage").asText())
        .isEqualTo(
            "Maximum access token lifespan must be between 1 minute and 30 days, not " + shown);
    assertThat(realm.storedProfiles()).isEqualTo(before);
    assertThat(configuredMaximum()).isEqualTo("45m");
  }

  @ParameterizedTest
  @ValueSource(strings = {"soon", "1.5h", "90s", "2h30m", "-5"})
  void rejectsUnparseableMaximaAndSavesNothing(String maximum) {
    assertThat(realm.putProfiles("45m").status()).isEqualTo(204);

    Http.Result rejected = realm.putProfiles(maximum);

    assertThat(rejected.status()).isEqualTo(400);
    assertThat(rejected.json().path("errorMessage").asText())
        .isEqualTo(
            "Maximum access token lifespan must be a whole number of minutes, hours or days,"
                + " for example 60m, 2h or 30d (a bare number means minutes)");
    assertThat(configuredMaximum()).isEqualTo("45m");
  }

  private static String configuredMaximum() {
    return realm
        .storedProfiles()
        .path("profiles")
        .get(0)
        .path("executors")
        .get(0)
        .path("configuration")
        .path("max-access-token-lifespan")
        .asText();
  }

  private static JsonNode byId(JsonNode components, String id) {
    for (JsonNode component : components) {
      if (id.equals(component.path("id").asText())) {
        return component;
      }
    }
    throw new AssertionError("No component " + id + " in " + components);
  }
}
