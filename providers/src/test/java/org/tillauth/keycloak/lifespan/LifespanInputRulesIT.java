package org.tillauth.keycloak.lifespan;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tillauth.keycloak.testing.AdminApi;
import org.tillauth.keycloak.testing.Http;
import org.tillauth.keycloak.testing.KeycloakIT;
import org.tillauth.keycloak.testing.ServerLog;

/**
 * Lifespan values that Keycloak would store and then fail on (or read differently) are refused on
 * save, and refused executor maxima leave nothing misleading in the log.
 */
@KeycloakIT
class LifespanInputRulesIT {

  private static LifespanTestRealm realm;
  private static String clientId;
  private static String uuid;

  @BeforeAll
  static void setUp(AdminApi admin) {
    realm = LifespanTestRealm.create(admin, "lifespan-rules", Map.of());
    realm.applyLimit("60m");
    clientId = "rules-api-client";
    uuid = realm.createClientOk(LifespanTestRealm.apiClient(clientId, "1800"));
  }

  @AfterAll
  static void tearDown() {
    realm.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {" 3600", "3600 ", "+60", "\uFF19", "0", "-0", "060", "2147483648"})
  void valuesKeycloakCannotUseAsWrittenAreRefusedAndTheClientKeepsWorking(
      String lifespan, AdminApi admin, Http http) {
    JsonNode before = realm.clientSnapshot(uuid);
    Map<String, Object> update = new LinkedHashMap<>();
    update.put("clientId", clientId);
    update.put("attributes", Map.of(LifespanTestRealm.LIFESPAN, lifespan));

    Http.Result result = admin.put(realm.path("/clients/" + uuid), update);

    assertThat(result.status()).as("%s", result).isEqualTo(400);
    assertThat(result.json().path("error").asText()).isEqualTo("invalid_client_metadata");
    assertThat(result.json().path("error_description").asText())
        .isEqualTo(ClientLifespanRule.NOT_SECONDS);
    assertThat(realm.clientSnapshot(uuid)).isEqualTo(before);
    assertThat(
            LifespanTestRealm.lifetime(
                LifespanTestRealm.clientCredentials(http, realm.name, clientId)))
        .isBetween(1800L, 1801L);
    Http.Result compat =
        http.postJson(
            "/realms/" + realm.name + "/v3/oauth/token/generate",
            "{\"key\":\""
                + clientId
                + "\",\"secret\":\""
                + LifespanTestRealm.secret(clientId)
                + "\"}",
            Map.of());
    assertThat(compat.status()).as("%s", compat).isEqualTo(200);
  }

  @Test
  void hugeMaximumGetsTheRangeMessage() {
    Http.Result result = realm.putProfiles("2147483647m");
    assertThat(result.status()).isEqualTo(400);
    assertThat(result.json().path("errorMessage").asText())
        .isEqualTo(
            "Maximum access token lifespan must be between 1 minute and 30 days, not 2147483647"
                + " minutes");
  }

  @Test
  void refusedMaximaAreNotReportedAsAppliedNorLoggedInFull(AdminApi admin) {
    long mark = ServerLog.mark();
    String huge = "9".repeat(100_000) + "m";

    assertThat(realm.putProfiles("31d").status()).isEqualTo(400);
    assertThat(realm.putProfiles(huge).status()).isEqualTo(400);

    String logged = ServerLog.since(mark);
    assertThat(logged).doesNotContain("using 60 minutes").doesNotContain("applying 60 minutes");
    assertThat(logged).doesNotContain("9".repeat(200));
    assertThat(
            realm
                .storedProfiles()
                .path("profiles")
                .get(0)
                .path("executors")
                .get(0)
                .path("configuration")
                .path("max-access-token-lifespan")
                .asText())
        .isEqualTo("60m");
  }
}
