package org.tillauth.keycloak.lifespan;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tillauth.keycloak.testing.AdminApi;
import org.tillauth.keycloak.testing.Http;
import org.tillauth.keycloak.testing.KeycloakIT;
import org.tillauth.keycloak.testing.VersionIndependent;
import org.tillauth.keycloak.testing.fuzz.Answers;
import org.tillauth.keycloak.testing.fuzz.Answers.Answer;
import org.tillauth.keycloak.testing.fuzz.FuzzRun;
import org.tillauth.keycloak.testing.fuzz.HostileValues;

/**
 * Hostile configurations of the {@code token-lifespan-limit} executor saved through the client
 * profiles endpoint: refused whole (4xx, profiles unchanged) or stored as a valid maximum, and the
 * API client keeps getting tokens within the limit.
 */
@KeycloakIT
@VersionIndependent
class LifespanProfileFuzzIT {

  private static final int CASES = 200;

  private static LifespanTestRealm realm;
  private static String clientId;

  @BeforeAll
  static void setUp(AdminApi admin) {
    realm = LifespanTestRealm.create(admin, "fuzz-profile", Map.of());
    realm.applyLimit("60m");
    clientId = "fuzz-api-client";
    realm.createClientOk(LifespanTestRealm.apiClient(clientId, null));
  }

  @AfterAll
  static void tearDown() {
    realm.close();
  }

  @Test
  void hostileMaximaAreRefusedWholeOrValid(AdminApi admin, Http http) {
    String path = realm.path("/client-policies/profiles");
    FuzzRun.cases(
        "lifespan-profile",
        CASES,
        fuzz -> {
          JsonNode before = realm.storedProfiles();
          Object configuration;
          if (fuzz.chance(0.1)) {
            configuration = fuzz.jsonValue(2);
          } else {
            Map<String, Object> config = new LinkedHashMap<>();
            Object value =
                switch (fuzz.between(0, 4)) {
                  case 0, 1 -> fuzz.pick(HostileValues.NUMBERS);
                  case 2 -> fuzz.mutate(fuzz.pick("60m", "2h", "30d", "1m"));
                  case 3 -> fuzz.hostileString(9, 10, 100_000);
                  default -> fuzz.jsonValue(1);
                };
            config.put(TokenLifespanLimitExecutorFactory.MAXIMUM, value);
            if (fuzz.chance(0.1)) {
              config.put(fuzz.hostileString(), fuzz.jsonValue(1));
            }
            configuration = config;
          }
          Map<String, Object> executor = new LinkedHashMap<>();
          executor.put("executor", "token-lifespan-limit");
          executor.put("configuration", configuration);
          Map<String, Object> profile = new LinkedHashMap<>();
          profile.put("name", LifespanTestRealm.PROFILE);
          profile.put("executors", List.of(executor));
          Map<String, Object> body = Map.of("profiles", List.of(profile));
          fuzz.note("PUT", Http.toJson(body));

          Answer answer = Answer.of(admin.put(path, body));

          if (answer.status() == 204) {
            JsonNode stored =
                realm
                    .storedProfiles()
                    .path("profiles")
                    .get(0)
                    .path("executors")
                    .get(0)
                    .path("configuration");
            String maximum = stored.path(TokenLifespanLimitExecutorFactory.MAXIMUM).asText(null);
            LifespanDuration parsed = LifespanDuration.parseMaximum(maximum);
            long lifetime =
                LifespanTestRealm.lifetime(
                    LifespanTestRealm.clientCredentials(http, realm.name, clientId));
            // The realm default (300 s) is not clamped: exp and iat come from two clock reads, so
            // exp - iat may be one second more.
            assertThat(lifetime).isBetween(1L, Math.min(parsed.seconds(), 301L));
            realm.applyLimit("60m");
          } else {
            Answers.adminError(answer);
            assertThat(realm.storedProfiles()).as("nothing half-saved").isEqualTo(before);
          }
        });

    assertThat(
            LifespanTestRealm.lifetime(
                LifespanTestRealm.clientCredentials(http, realm.name, clientId)))
        .isBetween(1L, 3600L);
  }
}
