package org.tillauth.keycloak.accessgroup;

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
import org.tillauth.keycloak.testing.fuzz.Fuzz;
import org.tillauth.keycloak.testing.fuzz.FuzzRun;

/**
 * Hostile requests at {@code /admin/realms/{realm}/access-groups}: bodies of every type, encoding
 * and structure (the permission matrix included), content types, path segments and methods. Each
 * refusal is a 400/404/415 {@code {"error","error_description"}} from the extension or Keycloak's
 * own 4xx, never a 5xx; a refused request leaves the access groups exactly as they were; nothing is
 * logged as an error.
 */
@KeycloakIT
@VersionIndependent
class AccessGroupsApiFuzzIT {

  private static final String REALM = "fuzz-access-groups";
  private static final String BASE = "/admin/realms/" + REALM;
  private static final String API = BASE + "/access-groups";
  private static final String CUSTOM = "Fuzz target";
  private static final int BODY_CASES = 300;
  private static final int PATH_CASES = 150;

  private static final List<Object> RESOURCES =
      List.of("customer", "points", "transaction", "store", "event-simulation");
  private static final List<Object> LEVELS = List.of("none", "read", "write");

  @BeforeAll
  static void realm(AdminApi admin) {
    DemoRealm.createCopy(admin, REALM);
    Http.Result created = admin.post(API, original());
    assertThat(created.status()).as("%s", created).isEqualTo(201);
  }

  @AfterAll
  static void dropRealm(AdminApi admin) {
    admin.delete(BASE);
  }

  private static Map<String, Object> original() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("name", CUSTOM);
    body.put("description", "Target of updates");
    body.put("permissions", Map.of("data", Map.of("points", "read")));
    return body;
  }

  @Test
  void hostileBodiesAreRefusedInTheErrorFormatAndChangeNothing(AdminApi admin, Http http) {
    AdminRequests requests = new AdminRequests(admin, http);
    long mark = ServerLog.mark();
    JsonNode[] before = {snapshot(admin)};
    FuzzRun.cases(
        "access-groups-bodies",
        BODY_CASES,
        fuzz -> {
          boolean create = fuzz.chance(0.5);
          String method = create ? "POST" : "PUT";
          String path = create ? API : API + "/" + AdminRequests.encode(CUSTOM);
          Map<String, Object> fields = fields(fuzz, create);
          String contentType = AdminRequests.contentType(fuzz);
          byte[] body = AdminRequests.body(fuzz, fields);
          fuzz.note("request", method + " " + path.replace(BASE, ""));
          fuzz.note("content-type", contentType);
          fuzz.note("body", body);

          Answer answer = requests.send(method, path, contentType, body);

          if (AdminRequests.acceptedOrRefused(answer, contentType)) {
            accepted(admin, answer, create);
            before[0] = snapshot(admin);
          }
          AdminRequests.unchanged("the access groups afterwards", before[0], snapshot(admin));
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
        "access-groups-paths",
        PATH_CASES,
        fuzz -> {
          String method = fuzz.pick(AdminRequests.METHODS);
          String segment = AdminRequests.segment(fuzz);
          String path =
              API
                  + fuzz.pick(
                      "/" + segment,
                      "/" + segment + "/" + segment,
                      "/resources/" + segment,
                      "/" + AdminRequests.encode(CUSTOM) + "/" + segment);
          String body = fuzz.chance(0.5) ? null : Http.toJson(Map.of("description", "x"));
          fuzz.note("request", method + " " + path.replace(BASE, ""));

          Answer answer = requests.send(method, path, "application/json", body);

          AdminRequests.readOrRefused(answer, method);
          AdminRequests.unchanged("the access groups afterwards", before, snapshot(admin));
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
    String put = API + "/" + AdminRequests.encode(CUSTOM);
    Map<String, String> bodies = new LinkedHashMap<>();
    bodies.put("empty", "");
    bodies.put("null", "null");
    bodies.put("array", "[]");
    bodies.put("truncated", "{\"description\":");
    bodies.put("trailing data", "{\"description\":\"a\"} x");
    bodies.put("two objects", "{\"description\":\"a\"}{\"description\":\"b\"}");
    bodies.put("duplicate key", "{\"description\":\"a\",\"description\":\"b\"}");
    bodies.put("deep", "[".repeat(5000) + "]".repeat(5000));
    bodies.put(
        "deep permissions", "{\"permissions\":" + "{\"a\":".repeat(3000) + "1" + "}".repeat(3001));
    bodies.put("NUL in description", "{\"description\":\"a\\u0000b\"}");
    bodies.put("lone surrogate", "{\"description\":\"x \\uD800\"}");
    bodies.put("permissions as array", "{\"permissions\":[]}");
    bodies.put("unknown api", "{\"permissions\":{\"admin\":{\"points\":\"read\"}}}");
    bodies.put("unknown resource", "{\"permissions\":{\"data\":{\"loyalty\":\"read\"}}}");
    bodies.put("level in capitals", "{\"permissions\":{\"data\":{\"points\":\"READ\"}}}");
    bodies.put("level as number", "{\"permissions\":{\"data\":{\"points\":1}}}");
    bodies.put("level full", "{\"permissions\":{\"data\":{\"points\":\"full\"}}}");
    bodies.put("active as string", "{\"active\":\"false\"}");
    bodies.put("rename", "{\"name\":\"Other\"}");
    bodies.put("huge description", "{\"description\":\"" + "a".repeat(100_000) + "\"}");
    bodies.forEach(
        (label, body) -> {
          Answer answer = requests.send("PUT", put, "application/json", body);
          assertThat(answer.status()).as("%s: %s", label, answer).isEqualTo(400);
          AdminRequests.extensionError(answer, 400);
        });

    byte[] overlong = "{\"description\":\"x \u00C1\"}".getBytes(StandardCharsets.UTF_8);
    overlong[overlong.length - 4] = (byte) 0xC1;
    overlong[overlong.length - 3] = (byte) 0xA4;
    AdminRequests.extensionError(requests.send("PUT", put, "application/json", overlong), 400);
    for (String type :
        List.of("application/json; charset=utf-16", "application/json; charset=\"\"")) {
      Answer answer = requests.send("PUT", put, type, "{\"description\":\"x\"}");
      assertThat(answer.status()).as("%s: %s", type, answer).isIn(400, 415);
      AdminRequests.extensionError(answer, 400, 415);
    }
    // Not a media type at all: the request filter hands RESTEasy a type it refuses with 415.
    for (String type : List.of("", "60MINUTES", "text/plain", "multipart/form-data; boundary=x")) {
      Answer answer = requests.send("POST", API, type, "{\"name\":\"Fuzz type\"}");
      assertThat(answer.status()).as("'%s': %s", type, answer).isEqualTo(415);
    }
    // Built-in groups are read-only, whatever the body.
    AdminRequests.extensionError(
        requests.send("PUT", API + "/POS", "application/json", "{\"description\":\"x\"}"), 400);
    AdminRequests.extensionError(requests.send("DELETE", API + "/POS", null, (byte[]) null), 400);
    // Unknown groups are 404 in the extension's format, however long or strange.
    for (String name : List.of("no-such-group", "x".repeat(2000), "%00", "%E2%80%AE", "..%2F..")) {
      AdminRequests.extensionError(
          requests.send("GET", API + "/" + name, null, (byte[]) null), 404);
      AdminRequests.extensionError(
          requests.send("PUT", API + "/" + name, "application/json", "{}"), 404);
      AdminRequests.extensionError(
          requests.send("DELETE", API + "/" + name, null, (byte[]) null), 404);
    }
    Answer anonymous = requests.anonymous("GET", API, null);
    assertThat(anonymous.status()).as("%s", anonymous).isEqualTo(401);
    Answer patch = requests.send("PATCH", put, "application/json", "{}");
    assertThat(patch.status()).as("%s", patch).isEqualTo(405);
    AdminRequests.keycloakRefusal(patch);

    AdminRequests.unchanged("afterwards", before, snapshot(admin));
    AdminRequests.nothingLoggedSince(mark);
  }

  /** Each field: absent, valid, a near miss, hostile text or another JSON type; sometimes extra. */
  private static Map<String, Object> fields(Fuzz fuzz, boolean create) {
    Map<String, Object> fields = new LinkedHashMap<>();
    if (create ? fuzz.chance(0.9) : fuzz.chance(0.2)) {
      Object valid = create ? "Fuzz " + Long.toHexString(fuzz.seed()) : CUSTOM;
      fields.put("name", value(fuzz, List.of(valid)));
    }
    if (fuzz.chance(0.6)) {
      fields.put("description", value(fuzz, List.of("Nightly sync", "")));
    }
    if (fuzz.chance(0.8)) {
      fields.put("permissions", permissions(fuzz));
    }
    if (!create && fuzz.chance(0.3)) {
      fields.put("active", value(fuzz, List.of(true)));
    }
    if (fuzz.chance(0.1)) {
      fields.put(fuzz.pick(fuzz.hostileString(), "builtIn", "id", "path"), fuzz.jsonValue(1));
    }
    return fields;
  }

  private static Object permissions(Fuzz fuzz) {
    if (fuzz.chance(0.15)) {
      return fuzz.jsonValue(3);
    }
    Map<String, Object> matrix = new LinkedHashMap<>();
    for (String api : List.of("data", "config")) {
      if (fuzz.chance(0.7)) {
        Map<String, Object> levels = new LinkedHashMap<>();
        int entries = fuzz.between(0, 4);
        for (int i = 0; i < entries; i++) {
          levels.put(String.valueOf(value(fuzz, RESOURCES)), value(fuzz, LEVELS));
        }
        matrix.put(fuzz.chance(0.9) ? api : fuzz.mutate(api), levels);
      }
    }
    return matrix;
  }

  private static Object value(Fuzz fuzz, List<Object> choices) {
    int roll = fuzz.between(0, 9);
    Object valid = fuzz.pick(choices);
    if (roll < 5) {
      return valid;
    }
    if (roll < 7) {
      return fuzz.mutate(String.valueOf(valid));
    }
    if (roll < 9) {
      return fuzz.hostileString(63, 64, 65, 255, 256);
    }
    return fuzz.jsonValue(2);
  }

  /** An accepted write: a group with clean values; undone before the next case. */
  private static void accepted(AdminApi admin, Answer answer, boolean create) {
    JsonNode json = answer.json();
    String name = json.path("name").asText("");
    assertThat(name).as("%s", answer).isNotEmpty();
    assertThat(json.path("description").asText("").chars().noneMatch(Character::isISOControl))
        .as("no control characters stored: %s", answer)
        .isTrue();
    json.path("permissions")
        .forEach(
            levels ->
                levels.forEach(
                    level -> assertThat(level.asText()).as("%s", answer).isIn("read", "write")));
    if (create) {
      Http.Result deleted = admin.delete(API + "/" + AdminRequests.encode(name));
      assertThat(deleted.status()).as("%s", deleted).isEqualTo(204);
    } else {
      Map<String, Object> restore = new LinkedHashMap<>(original());
      restore.remove("name");
      restore.put("active", true);
      Http.Result restored = admin.put(API + "/" + AdminRequests.encode(CUSTOM), restore);
      assertThat(restored.status()).as("%s", restored).isEqualTo(200);
    }
  }

  /** The access groups as listed, by name. */
  private static JsonNode snapshot(AdminApi admin) {
    ObjectNode snapshot = Http.JSON.createObjectNode();
    TreeMap<String, JsonNode> groups = new TreeMap<>();
    admin.getJson(API).forEach(g -> groups.put(g.path("name").asText(), g));
    snapshot.set("accessGroups", Http.JSON.valueToTree(groups));
    return snapshot;
  }

  private static void stillWorks(AdminApi admin) {
    Map<String, Object> body = new LinkedHashMap<>(original());
    body.put("name", "Fuzz after");
    Http.Result created = admin.post(API, body);
    assertThat(created.status()).as("%s", created).isEqualTo(201);
    assertThat(admin.delete(API + "/Fuzz%20after").status()).isEqualTo(204);
  }
}
