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
 * Hostile values of an API client's {@code access.token.lifespan} under the 60-minute policy: a
 * refused save is 400 {@code invalid_client_metadata} and leaves the client as it was; an accepted
 * one is a value Keycloak uses as written, and the client's tokens live 1 s to 60 min.
 */
@KeycloakIT
@VersionIndependent
class ClientLifespanFuzzIT {

  private static final int CASES = 200;

  private static LifespanTestRealm realm;
  private static String clientId;
  private static String uuid;

  @BeforeAll
  static void setUp(AdminApi admin) {
    realm = LifespanTestRealm.create(admin, "fuzz-lifespan", Map.of());
    realm.applyLimit("60m");
    clientId = "fuzz-api-client";
    uuid = realm.createClientOk(LifespanTestRealm.apiClient(clientId, null));
  }

  @AfterAll
  static void tearDown() {
    realm.close();
  }

  @Test
  void hostileLifespansAreRefusedOrUsable(AdminApi admin, Http http) {
    String path = realm.path("/clients/" + uuid);
    FuzzRun.cases(
        "client-lifespan",
        CASES,
        fuzz -> {
          JsonNode before = realm.clientSnapshot(uuid);
          Object value =
              switch (fuzz.between(0, 5)) {
                case 0, 1 -> fuzz.pick(HostileValues.NUMBERS);
                case 2 -> fuzz.mutate(fuzz.pick("3600", "60", "-1", "1"));
                case 3 -> String.valueOf(fuzz.between(-5, 4000));
                case 4 -> fuzz.hostileString(10, 11);
                default -> fuzz.jsonValue(1);
              };
          Map<String, Object> attributes = new LinkedHashMap<>();
          attributes.put(LifespanTestRealm.LIFESPAN, value);
          Map<String, Object> update = new LinkedHashMap<>();
          update.put("clientId", clientId);
          update.put("attributes", fuzz.chance(0.05) ? fuzz.pick(List.of(), "x", 5) : attributes);
          fuzz.note("PUT", Http.toJson(update));

          Answer answer = Answer.of(admin.put(path, update));

          if (answer.status() == 204) {
            String stored =
                realm.client(uuid).path("attributes").path(LifespanTestRealm.LIFESPAN).asText("");
            assertThat(stored).as("stored lifespan").matches("|-1|[1-9][0-9]{0,3}");
            long lifetime =
                LifespanTestRealm.lifetime(
                    LifespanTestRealm.clientCredentials(http, realm.name, clientId));
            assertThat(lifetime).isBetween(1L, 3600L);
            reset(admin, path);
          } else {
            Answers.adminError(answer);
            assertThat(realm.clientSnapshot(uuid)).as("nothing half-saved").isEqualTo(before);
          }
        });

    assertThat(
            LifespanTestRealm.lifetime(
                LifespanTestRealm.clientCredentials(http, realm.name, clientId)))
        .isBetween(1L, 3600L);
  }

  private static void reset(AdminApi admin, String path) {
    Map<String, Object> attributes = new LinkedHashMap<>();
    attributes.put(LifespanTestRealm.LIFESPAN, "");
    Http.Result reset = admin.put(path, Map.of("clientId", clientId, "attributes", attributes));
    assertThat(reset.status()).as("%s", reset).isEqualTo(204);
  }
}
