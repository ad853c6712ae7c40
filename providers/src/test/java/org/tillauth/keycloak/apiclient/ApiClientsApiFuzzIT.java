package org.tillauth.keycloak.apiclient;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tillauth.keycloak.testing.AdminApi;
import org.tillauth.keycloak.testing.DemoRealm;
import org.tillauth.keycloak.testing.Http;
import org.tillauth.keycloak.testing.KeycloakIT;
import org.tillauth.keycloak.testing.ServerLog;
import org.tillauth.keycloak.testing.VersionIndependent;
import org.tillauth.keycloak.testing.fuzz.AdminRequests;
import org.tillauth.keycloak.testing.fuzz.Answers.Answer;
import org.tillauth.keycloak.testing.fuzz.FormBodies;
import org.tillauth.keycloak.testing.fuzz.Fuzz;
import org.tillauth.keycloak.testing.fuzz.FuzzRun;

/**
 * Hostile requests at {@code /admin/realms/{realm}/api-clients}: bodies of every type, encoding,
 * size and structure, content types, path segments and methods. The extension answers each refusal
 * with 400/404 {@code {"error","error_description"}}, Keycloak's own layers answer the rest (405,
 * 415, unknown paths) without a 5xx, a refused request leaves the realm's clients exactly as they
 * were, and nothing lands in the server log as an error.
 */
@KeycloakIT
@VersionIndependent
class ApiClientsApiFuzzIT {

  private static final String REALM = "fuzz-api-clients";
  private static final String BASE = "/admin/realms/" + REALM;
  private static final String API = BASE + "/api-clients";
  private static final int BODY_CASES = 300;
  private static final int PATH_CASES = 150;
  private static final int FORM_CASES = 100;

  private static final Map<String, List<Object>> VALID =
      new TreeMap<>(
          Map.of(
              "description", List.of("Fuzz client", ""),
              "tokenExpiry", List.of("30m", "1h", "60m", "45m"),
              "defaultTill", List.of("store.server", "till-002"),
              "useDefaultTillForInvalidTill", List.of(true, false),
              "accessGroup", List.of("POS", "/access-groups/POS"),
              "enabled", List.of(true, false)));

  private static String existingId;
  private static Map<String, Object> existingBody;

  @BeforeAll
  static void realm(AdminApi admin) {
    DemoRealm.createCopy(admin, REALM);
    existingBody = new LinkedHashMap<>();
    existingBody.put("name", "fuzz existing");
    existingBody.put("description", "Target of updates");
    existingBody.put("tokenExpiry", "30m");
    existingBody.put("defaultTill", "store.server");
    existingBody.put("useDefaultTillForInvalidTill", false);
    existingBody.put("accessGroup", "POS");
    existingId = AdminApi.createdId(admin.post(API, existingBody));
  }

  @AfterAll
  static void dropRealm(AdminApi admin) {
    admin.delete(BASE);
  }

  @Test
  void hostileBodiesAreRefusedInTheErrorFormatAndChangeNothing(AdminApi admin, Http http) {
    AdminRequests requests = new AdminRequests(admin, http);
    long mark = ServerLog.mark();
    JsonNode[] before = {snapshot(admin)};
    FuzzRun.cases(
        "api-clients-bodies",
        BODY_CASES,
        fuzz -> {
          int target = fuzz.between(0, 9);
          String method;
          String path;
          Map<String, Object> fields;
          if (target < 4) {
            method = "POST";
            path = API;
            fields = fields(fuzz, false);
          } else if (target < 8) {
            method = "PUT";
            path = API + "/" + existingId;
            fields = fields(fuzz, true);
          } else {
            method = "POST";
            path = API + "/" + existingId + "/secret";
            fields = new LinkedHashMap<>();
            if (!fuzz.chance(0.1)) {
              fields.put(
                  "gracePeriod",
                  switch (fuzz.between(0, 3)) {
                    case 0 -> fuzz.pick("0", "30s", "15m", "1h", "7d", "30d", 0, 60);
                    case 1 -> fuzz.mutate(fuzz.pick("30s", "15m", "1h", "7d", "31d"));
                    case 2 -> fuzz.hostileString(9, 10);
                    default -> fuzz.jsonValue(2);
                  });
            }
          }
          String contentType = AdminRequests.contentType(fuzz);
          byte[] body = AdminRequests.body(fuzz, fields);
          fuzz.note("request", method + " " + path.replace(BASE, ""));
          fuzz.note("content-type", contentType);
          fuzz.note("body", body);

          Answer answer = requests.send(method, path, contentType, body);

          if (AdminRequests.acceptedOrRefused(answer, contentType)) {
            accepted(admin, answer, fields, path);
            before[0] = snapshot(admin);
          }
          AdminRequests.unchanged("the realm's clients afterwards", before[0], snapshot(admin));
        });
    AdminRequests.nothingLoggedSince(mark);
    stillWorks(admin);
  }

  @Test
  void hostilePathsAndMethodsGetAClearRefusal(AdminApi admin, Http http) {
    AdminRequests requests = new AdminRequests(admin, http);
    long mark = ServerLog.mark();
    JsonNode before = snapshot(admin);
    FuzzRun.cases(
        "api-clients-paths",
        PATH_CASES,
        fuzz -> {
          String method = fuzz.pick(AdminRequests.METHODS);
          String segment = AdminRequests.segment(fuzz);
          // Below the existing client, an empty or dot segment names the client itself
          // ({id}/ and {id}/. are {id} after normalisation): a DELETE there would be a real one.
          boolean self = segment.toLowerCase().replace("%2e", ".").chars().allMatch(c -> c == '.');
          String child = self ? "x" + segment : segment;
          String path =
              API
                  + fuzz.pick(
                      "/" + segment,
                      "/" + segment + "/secret",
                      "/" + segment + "/" + segment,
                      "/default-till?code=" + segment,
                      "/" + existingId + "/" + child);
          String body = fuzz.chance(0.5) ? null : Http.toJson(Map.of("name", "x"));
          fuzz.note("request", method + " " + path.replace(BASE, ""));

          Answer answer = requests.send(method, path, "application/json", body);

          AdminRequests.readOrRefused(answer, method);
          AdminRequests.unchanged("the realm's clients afterwards", before, snapshot(admin));
        });
    AdminRequests.nothingLoggedSince(mark);
    stillWorks(admin);
  }

  /**
   * Form and multipart bodies, most of them broken, on the paths that take a writing method (the
   * secret endpoint regenerates for any body it can read, so it has fixed probes in
   * request/MalformedBodiesIT): Keycloak parses them before the endpoint runs. The JSON endpoints
   * refuse the type (415); {@code page-client}, which reads no body, answers 400 {@code
   * invalid_request} for a body the framework cannot parse and works as usual otherwise; never a
   * 5xx, nothing changed, nothing logged.
   */
  @Test
  void formAndMultipartBodiesGetA4xxAndChangeNothing(AdminApi admin, Http http) {
    AdminRequests requests = new AdminRequests(admin, http);
    long mark = ServerLog.mark();
    JsonNode before = snapshot(admin);
    FuzzRun.cases(
        "api-clients-forms",
        FORM_CASES,
        fuzz -> {
          String[] target =
              fuzz.pick(
                  new String[] {"POST", API + "/page-client"},
                  new String[] {"POST", API + "/page-client"},
                  new String[] {"POST", API},
                  new String[] {"PUT", API + "/" + existingId});
          FormBodies.Body body = FormBodies.of(fuzz);
          fuzz.note("request", target[0] + " " + target[1].replace(BASE, "") + " " + body);

          Answer answer = requests.send(target[0], target[1], body.contentType(), body.bytes());

          if (target[1].endsWith("/page-client") && answer.status() < 300) {
            assertThat(answer.status()).as("%s", answer).isEqualTo(200);
          } else if (answer.status() == 415) {
            AdminRequests.keycloakRefusal(answer);
          } else {
            AdminRequests.extensionError(answer, 400);
          }
          AdminRequests.unchanged("the realm's clients afterwards", before, snapshot(admin));
        });
    AdminRequests.nothingLoggedSince(mark);
    stillWorks(admin);
  }

  /** Fixed probes whose answer is known exactly. */
  @Test
  void malformedRequestsGetTheExtensionsOwn400(AdminApi admin, Http http) {
    AdminRequests requests = new AdminRequests(admin, http);
    long mark = ServerLog.mark();
    JsonNode before = snapshot(admin);
    String put = API + "/" + existingId;
    Map<String, String> bodies = new LinkedHashMap<>();
    bodies.put("empty", "");
    bodies.put("null", "null");
    bodies.put("array", "[]");
    bodies.put("string", "\"x\"");
    bodies.put("truncated", "{\"name\":");
    bodies.put("trailing data", "{\"name\":\"fuzz a\"} x");
    bodies.put("two objects", "{\"name\":\"fuzz a\"}{\"name\":\"fuzz b\"}");
    bodies.put("duplicate key", "{\"name\":\"fuzz a\",\"name\":\"fuzz b\"}");
    bodies.put("deep", "[".repeat(5000) + "]".repeat(5000));
    bodies.put("comment", "{/* c */\"name\":\"fuzz a\"}");
    bodies.put("single quotes", "{'name':'fuzz a'}");
    bodies.put("NUL in name", "{\"name\":\"fuzz\\u0000a\"}");
    bodies.put("control in description", "{\"description\":\"a\\u001Bb\"}");
    bodies.put("lone surrogate", "{\"name\":\"fuzz \\uD800\"}");
    bodies.put("name as number", "{\"name\":5}");
    bodies.put("enabled as string", "{\"enabled\":\"true\"}");
    bodies.put("expiry beyond Keycloak's int", "{\"tokenExpiry\":\"2147483647\"}");
    bodies.put("huge name", "{\"name\":\"" + "a".repeat(100_000) + "\"}");
    bodies.forEach(
        (label, body) -> {
          Answer answer = requests.send("PUT", put, "application/json", body);
          assertThat(answer.status()).as("%s: %s", label, answer).isEqualTo(400);
          AdminRequests.extensionError(answer, 400);
          assertThat(answer.json().path("error_description").asText())
              .as(label)
              .doesNotContain("seconds");
        });

    byte[] overlong = "{\"name\":\"fuzz \u00C1\"}".getBytes(StandardCharsets.UTF_8);
    overlong[overlong.length - 4] = (byte) 0xC1;
    overlong[overlong.length - 3] = (byte) 0xA4;
    AdminRequests.extensionError(requests.send("PUT", put, "application/json", overlong), 400);
    AdminRequests.extensionError(
        requests.send(
            "PUT",
            put,
            "application/json",
            "{\"name\":\"fuzz utf16\"}".getBytes(StandardCharsets.UTF_16)),
        400);
    for (String type :
        List.of(
            "application/json; charset=x-no-such-charset",
            "application/json; charset=\"\"",
            "application/json; charset=utf-16")) {
      Answer answer = requests.send("PUT", put, type, "{\"name\":\"fuzz charset\"}");
      assertThat(answer.status()).as("%s: %s", type, answer).isIn(400, 415);
      AdminRequests.extensionError(answer, 400, 415);
    }
    for (String type : List.of("text/plain", "application/x-www-form-urlencoded")) {
      AdminRequests.keycloakRefusal(requests.send("POST", API, type, "{\"name\":\"fuzz type\"}"));
    }
    // Unknown ids are 404 in the extension's format, however long or strange.
    for (String id : List.of("no-such-id", "x".repeat(2000), "%00", "%E2%80%AE", "%F0%9F%98%80")) {
      AdminRequests.extensionError(requests.send("GET", API + "/" + id, null, (byte[]) null), 404);
      AdminRequests.extensionError(
          requests.send("PUT", API + "/" + id, "application/json", "{}"), 404);
      AdminRequests.extensionError(
          requests.send("POST", API + "/" + id + "/secret", "application/json", "{}"), 404);
      AdminRequests.extensionError(
          requests.send("DELETE", API + "/" + id, null, (byte[]) null), 404);
    }
    // Keycloak's HTTP layer refuses a body over 10 MiB itself: 413 with an empty body.
    byte[] huge = new byte[10 * 1024 * 1024 + 1];
    java.util.Arrays.fill(huge, (byte) ' ');
    Answer tooLarge = requests.send("PUT", put, "application/json", huge);
    assertThat(tooLarge.status()).as("%s", tooLarge).isEqualTo(413);
    assertThat(tooLarge.body()).isEmpty();
    // Keycloak's own answers: no token, wrong method.
    Answer anonymous = requests.anonymous("GET", API, null);
    assertThat(anonymous.status()).as("%s", anonymous).isEqualTo(401);
    Answer patch = requests.send("PATCH", put, "application/json", "{}");
    assertThat(patch.status()).as("%s", patch).isEqualTo(405);
    AdminRequests.keycloakRefusal(patch);
    // RESTEasy answers a method the collection lacks with 404, not 405: Keycloak's own answer.
    Answer deleteAll = requests.send("DELETE", API, null, (byte[]) null);
    assertThat(deleteAll.status()).as("%s", deleteAll).isIn(404, 405);
    AdminRequests.keycloakRefusal(deleteAll);

    AdminRequests.unchanged("afterwards", before, snapshot(admin));
    AdminRequests.nothingLoggedSince(mark);
  }

  /** Each field: absent, valid, a near miss, hostile text or another JSON type; sometimes extra. */
  private static Map<String, Object> fields(Fuzz fuzz, boolean update) {
    Map<String, Object> fields = new LinkedHashMap<>();
    if (fuzz.chance(update ? 0.3 : 0.9)) {
      fields.put("name", value(fuzz, List.of("fuzz " + Long.toHexString(fuzz.seed()))));
    }
    VALID.forEach(
        (field, choices) -> {
          if ((update || !field.equals("enabled")) && fuzz.chance(update ? 0.4 : 0.85)) {
            fields.put(field, value(fuzz, choices));
          }
        });
    if (fuzz.chance(0.1)) {
      fields.put(fuzz.pick(fuzz.hostileString(), "clientId", "secret", "id"), fuzz.jsonValue(1));
    }
    return fields;
  }

  private static Object value(Fuzz fuzz, List<Object> choices) {
    int roll = fuzz.between(0, 9);
    Object valid = fuzz.pick(choices);
    if (roll < 4) {
      return valid;
    }
    if (roll < 6) {
      return fuzz.mutate(String.valueOf(valid));
    }
    if (roll < 8) {
      return fuzz.hostileString(20, 21, 255, 256);
    }
    return fuzz.jsonValue(2);
  }

  /** An accepted write: a usable client with clean values; undone before the next case. */
  private static void accepted(
      AdminApi admin, Answer answer, Map<String, Object> fields, String path) {
    JsonNode json = answer.json();
    String id = json.path("id").asText();
    assertThat(id).as("%s", answer).isNotEmpty();
    String name = json.path("name").asText("");
    assertThat(name.chars().noneMatch(Character::isISOControl))
        .as("no control characters stored: %s", answer)
        .isTrue();
    if (path.endsWith("/secret")) {
      assertThat(json.path("clientSecret").asText()).isNotEmpty();
    } else if (answer.status() == 201) {
      assertThat(json.path("clientSecret").asText()).isNotEmpty();
      assertThat(admin.delete(API + "/" + id).status()).isEqualTo(204);
    } else {
      Map<String, Object> restore = new LinkedHashMap<>(existingBody);
      restore.put("enabled", true);
      Http.Result restored = admin.put(API + "/" + existingId, restore);
      assertThat(restored.status()).as("%s", restored).isEqualTo(200);
    }
  }

  /**
   * The API clients as listed and every client of the realm (id and client id), sorted: Keycloak
   * lists clients and their scopes in no fixed order.
   */
  private static JsonNode snapshot(AdminApi admin) {
    ObjectNode snapshot = Http.JSON.createObjectNode();
    TreeMap<String, JsonNode> apiClients = new TreeMap<>();
    admin.getJson(API).forEach(c -> apiClients.put(c.path("id").asText(), c));
    snapshot.set("apiClients", Http.JSON.valueToTree(apiClients));
    TreeMap<String, String> clients = new TreeMap<>();
    admin
        .getJson(BASE + "/clients?briefRepresentation=true")
        .forEach(c -> clients.put(c.path("id").asText(), c.path("clientId").asText()));
    snapshot.set("clients", Http.JSON.valueToTree(clients));
    return snapshot;
  }

  private static void stillWorks(AdminApi admin) {
    Map<String, Object> body = new LinkedHashMap<>(existingBody);
    body.put("name", "fuzz after");
    Http.Result created = admin.post(API, body);
    assertThat(created.status()).as("%s", created).isEqualTo(201);
    assertThat(admin.delete(API + "/" + created.json().path("id").asText()).status())
        .isEqualTo(204);
  }
}
