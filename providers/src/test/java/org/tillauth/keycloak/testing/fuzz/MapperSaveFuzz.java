package org.tillauth.keycloak.testing.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.tillauth.keycloak.testing.AdminApi;
import org.tillauth.keycloak.testing.Http;

/**
 * Fuzzes the admin REST saves of one protocol mapper type on one client: creates (POST) and updates
 * (PUT of an existing, valid mapper) with hostile configs. A refused save is a 4xx in Keycloak's
 * admin error format and leaves the client's mappers exactly as they were; an accepted save must be
 * usable ({@code acceptedCheck}, typically "the stored config is valid and the client still issues
 * tokens") and is undone before the next case.
 */
public final class MapperSaveFuzz {

  private final AdminApi admin;
  private final String models;
  private final String type;
  private final Map<String, List<String>> validConfig;

  public MapperSaveFuzz(
      AdminApi admin, String models, String type, Map<String, List<String>> validConfig) {
    this.admin = admin;
    this.models = models;
    this.type = type;
    this.validConfig = validConfig;
  }

  /**
   * @param existingId a valid mapper of {@code type} on the client, the target of updates
   * @param acceptedCheck called with the stored mapper after every accepted save
   */
  public void run(String surface, int cases, String existingId, Consumer<JsonNode> acceptedCheck) {
    JsonNode original = admin.getJson(models + "/" + existingId);
    JsonNode before = admin.getJson(models);
    FuzzRun.cases(
        surface,
        cases,
        fuzz -> {
          boolean update = fuzz.chance(0.4);
          Map<String, Object> mapper =
              AdminBodies.mapper(
                  fuzz,
                  update ? original.path("name").asText() : "fuzz-" + Long.toHexString(fuzz.seed()),
                  type,
                  AdminBodies.config(fuzz, validConfig));
          if (update) {
            mapper.put("id", existingId);
          }
          fuzz.note(update ? "PUT" : "POST", Http.toJson(mapper));

          Answers.Answer answer =
              Answers.Answer.of(
                  update
                      ? admin.put(models + "/" + existingId, mapper)
                      : admin.post(models, mapper));

          if (answer.status() >= 200 && answer.status() < 300) {
            String id =
                update ? existingId : answer.header().apply("Location").replaceAll(".*/", "");
            try {
              acceptedCheck.accept(admin.getJson(models + "/" + id));
            } finally {
              if (update) {
                assertThat(admin.put(models + "/" + existingId, original).status()).isEqualTo(204);
              } else {
                admin.delete(models + "/" + id);
              }
            }
          } else {
            Answers.adminError(answer);
          }
          // Refused: nothing half-saved. Accepted: undone completely before the next case.
          assertThat(admin.getJson(models)).as("the client's mappers afterwards").isEqualTo(before);
        });
  }
}
