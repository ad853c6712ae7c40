package org.tillauth.keycloak.request;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tillauth.keycloak.testing.AdminApi;
import org.tillauth.keycloak.testing.DemoRealm;
import org.tillauth.keycloak.testing.Http;
import org.tillauth.keycloak.testing.KeycloakIT;
import org.tillauth.keycloak.testing.UniqueNames;

/**
 * Two rules of docs/input-rules.md for the extension's admin writes: a JSON body must say it is
 * JSON (no {@code Content-Type} and {@code *}{@code /*} are 415, as any other type, and nothing is
 * saved), and names refuse the invisible and bidirectional characters with which one name can look
 * like another.
 */
@KeycloakIT
class AdminInputRulesIT {

  static final String REALM = UniqueNames.of("input-rules");
  static final String BASE = "/admin/realms/" + REALM;

  static String apiClientId;

  @BeforeAll
  static void realm(AdminApi admin) {
    DemoRealm.createCopy(admin, REALM);
    Map<String, Object> client = new LinkedHashMap<>();
    client.put("name", "rules client");
    client.put("tokenExpiry", "30m");
    client.put("defaultTill", "store.server");
    client.put("accessGroup", "POS");
    apiClientId = AdminApi.createdId(admin.post(BASE + "/api-clients", client));
    Map<String, Object> group = Map.of("name", "Rules");
    assertThat(admin.post(BASE + "/access-groups", group).status()).isEqualTo(201);
  }

  @AfterAll
  static void dropRealm(AdminApi admin) {
    admin.delete(BASE);
  }

  /** Method, path and a body the endpoint would accept with {@code application/json}. */
  static final List<String[]> WRITES =
      List.of(
          new String[] {
            "POST",
            "/api-clients",
            "{\"name\":\"typeless\",\"tokenExpiry\":\"30m\","
                + "\"defaultTill\":\"store.server\",\"accessGroup\":\"POS\"}"
          },
          new String[] {"PUT", "/api-clients/{id}", "{\"description\":\"typeless\"}"},
          new String[] {"POST", "/access-groups", "{\"name\":\"Typeless\"}"},
          new String[] {"PUT", "/access-groups/Rules", "{\"description\":\"typeless\"}"},
          new String[] {"POST", "/stores", "{\"code\":\"store-typeless\",\"name\":\"Typeless\"}"},
          new String[] {"PUT", "/organisation-settings", "{}"},
          new String[] {"PUT", "/tills/store.server", "{\"enabled\":true}"});

  @ParameterizedTest
  @ValueSource(strings = {"", "*/*", "application/*"})
  void aJsonWriteWithoutAJsonContentTypeIsUnsupported(
      String contentType, AdminApi admin, Http http) {
    JsonNode before = state(admin);
    for (String[] write : WRITES) {
      Map<String, String> headers = new LinkedHashMap<>();
      headers.put("Authorization", admin.authorization());
      if (!contentType.isEmpty()) {
        headers.put("Content-Type", contentType);
      }
      String path = BASE + write[1].replace("{id}", apiClientId);
      Http.Result answer =
          http.send(
              http.request(path, headers)
                  .method(write[0], HttpRequest.BodyPublishers.ofString(write[2]))
                  .build());
      assertThat(answer.status()).as("%s %s: %s", write[0], path, answer).isEqualTo(415);
      assertThat(answer.json().path("error").asText()).as("%s", answer).isNotBlank();
    }
    assertThat(state(admin)).isEqualTo(before);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"\u202E", "\u202A", "\u202D", "\u2066", "\u2069", "\u200B", "\u200F", "\uFEFF"})
  void namesRefuseInvisibleAndBidirectionalCharacters(String character, AdminApi admin) {
    JsonNode before = state(admin);
    String name = "store" + character + "100-";

    Map<String, Object> client = new LinkedHashMap<>();
    client.put("name", name);
    client.put("tokenExpiry", "30m");
    client.put("defaultTill", "store.server");
    client.put("accessGroup", "POS");
    refusedNamingName(admin.post(BASE + "/api-clients", client));
    refusedNamingName(admin.put(BASE + "/api-clients/" + apiClientId, Map.of("name", name)));
    refusedNamingName(admin.post(BASE + "/stores", Map.of("code", "store-bidi", "name", name)));
    Http.Result group = admin.post(BASE + "/access-groups", Map.of("name", "Bidi" + character));
    assertThat(group.status()).as("%s", group).isEqualTo(400);
    assertThat(group.json().path("error_description").asText()).contains("name");

    assertThat(state(admin)).isEqualTo(before);
  }

  @Test
  void visibleNamesInOtherScriptsAreStillAccepted(AdminApi admin) {
    Http.Result answer =
        admin.put(BASE + "/api-clients/" + apiClientId, Map.of("name", "Kasse \u05D0 Zürich"));
    assertThat(answer.status()).as("%s", answer).isEqualTo(200);
    assertThat(
            admin
                .put(BASE + "/api-clients/" + apiClientId, Map.of("name", "rules client"))
                .status())
        .isEqualTo(200);
  }

  private static void refusedNamingName(Http.Result answer) {
    assertThat(answer.status()).as("%s", answer).isEqualTo(400);
    assertThat(answer.json().path("error").asText()).isEqualTo("invalid_request");
    assertThat(answer.json().path("error_description").asText())
        .startsWith("Field 'name' must not contain invisible or bidirectional control characters");
  }

  private static JsonNode state(AdminApi admin) {
    Map<String, Object> state = new LinkedHashMap<>();
    state.put("apiClients", admin.getJson(BASE + "/api-clients"));
    state.put("accessGroups", admin.getJson(BASE + "/access-groups"));
    state.put("stores", admin.getJson(BASE + "/stores"));
    state.put("settings", admin.getJson(BASE + "/organisation-settings"));
    state.put("till", admin.getJson(BASE + "/tills/store.server"));
    return Http.JSON.valueToTree(state);
  }
}
