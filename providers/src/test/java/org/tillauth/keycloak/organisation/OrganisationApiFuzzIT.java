package org.tillauth.keycloak.organisation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * Hostile requests at {@code /stores}, {@code /tills} and {@code /organisation-settings}: bodies of
 * every type, encoding, size and structure, content types, path segments, query values and methods.
 * The extension answers each refusal with 400/404 {@code {"error","error_description"}}, Keycloak's
 * own layers answer the rest without a 5xx, a refused request changes no store, till, user,
 * credential or setting, and nothing lands in the server log as an error.
 */
@KeycloakIT
@VersionIndependent
class OrganisationApiFuzzIT {

  private static final String REALM = "fuzz-org";
  private static final String BASE = "/admin/realms/" + REALM;
  private static final String STORE = "fuzz-store";
  private static final String TILL = "fuzz-till";
  private static final String DIGEST = "5f4dcc3b5aa765d61d8327deb882cf99";
  private static final int BODY_CASES = 300;
  private static final int PATH_CASES = 150;

  private static String tillId;
  private static JsonNode originalSettings;

  @BeforeAll
  static void realm(AdminApi admin) {
    DemoRealm.createCopy(admin, REALM);
    OrganisationFixtures.expect(
        admin.post(BASE + "/stores", Map.of("code", STORE, "name", "Fuzz Store")), 201);
    OrganisationFixtures.expect(
        admin.post(
            BASE + "/tills", Map.of("code", TILL, "store", STORE, "password", "Fuzz-pass-1")),
        201);
    tillId = admin.userId(REALM, TILL);
    originalSettings = admin.getJson(BASE + "/organisation-settings");
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
        "organisation-bodies",
        BODY_CASES,
        fuzz -> {
          String tag = Long.toHexString(fuzz.seed()).substring(0, 8);
          String method;
          String path;
          Map<String, Object> fields = new LinkedHashMap<>();
          switch (fuzz.between(0, 4)) {
            case 0 -> {
              method = "POST";
              path = BASE + "/stores";
              maybe(fuzz, fields, "code", "fs-" + tag, 64, 65);
              maybe(fuzz, fields, "name", "Fuzz " + tag, 255, 256);
            }
            case 1 -> {
              method = "POST";
              path = BASE + "/tills";
              maybe(fuzz, fields, "code", "ft-" + tag, 64, 65);
              maybe(fuzz, fields, "store", fuzz.pick(STORE, "store-001"), 64, 65);
              secret(fuzz, fields);
            }
            case 2 -> {
              method = "PUT";
              path = BASE + "/tills/" + TILL;
              maybe(fuzz, fields, "enabled", fuzz.pick(true, false), 5, 6);
              maybe(fuzz, fields, "store", fuzz.pick(STORE, "store-001"), 64, 65);
            }
            case 3 -> {
              method = fuzz.pick("PUT", "POST");
              path = BASE + "/tills/" + TILL + "/password";
              secret(fuzz, fields);
            }
            default -> {
              method = "PUT";
              path = BASE + "/organisation-settings";
              maybe(fuzz, fields, "basicAuthentication", fuzz.pick(true, false), 5, 6);
              maybe(
                  fuzz,
                  fields,
                  "tokenLifespanCeiling",
                  fuzz.pick("60m", "2h", "1m", "30d", "45m"),
                  20,
                  255,
                  256);
            }
          }
          if (fuzz.chance(0.08)) {
            fields.put(fuzz.pick(fuzz.hostileString(), "id", "parent", "roles"), fuzz.jsonValue(1));
          }
          String contentType = AdminRequests.contentType(fuzz);
          byte[] body = AdminRequests.body(fuzz, fields);
          fuzz.note("request", method + " " + path.replace(BASE, ""));
          fuzz.note("content-type", contentType);
          fuzz.note("body", body);

          Answer answer = requests.send(method, path, contentType, body);

          if (AdminRequests.acceptedOrRefused(answer, contentType)) {
            accepted(admin, answer, path);
            before[0] = snapshot(admin);
          }
          AdminRequests.unchanged(
              "stores, tills and settings afterwards", before[0], snapshot(admin));
        });
    AdminRequests.nothingLoggedSince(mark);
    stillWorks(admin, http);
  }

  @Test
  void hostilePathsQueriesAndMethodsGetAClearRefusal(AdminApi admin, Http http) {
    AdminRequests requests = new AdminRequests(admin, http);
    long mark = ServerLog.mark();
    JsonNode before = snapshot(admin);
    FuzzRun.cases(
        "organisation-paths",
        PATH_CASES,
        fuzz -> {
          String method = fuzz.pick(AdminRequests.METHODS);
          String segment = AdminRequests.segment(fuzz);
          String path =
              BASE
                  + fuzz.pick(
                      "/stores/" + segment,
                      "/stores/" + segment + "/" + segment,
                      "/tills/" + segment,
                      "/tills/" + segment + "/password",
                      "/tills?store=" + segment,
                      "/tills/" + TILL + "/" + segment,
                      "/organisation-settings/" + segment,
                      "/stores",
                      "/tills",
                      "/organisation-settings");
          String body = fuzz.chance(0.5) ? null : "{}";
          fuzz.note("request", method + " " + path.replace(BASE, ""));
          fuzz.note("body", body);

          Answer answer = requests.send(method, path, "application/json", body);

          AdminRequests.readOrRefused(answer, method);
          AdminRequests.unchanged("stores, tills and settings afterwards", before, snapshot(admin));
        });
    AdminRequests.nothingLoggedSince(mark);
    stillWorks(admin, http);
  }

  /** Fixed probes whose answer is known exactly. */
  @Test
  void malformedRequestsGetTheExtensionsOwnAnswer(AdminApi admin, Http http) {
    AdminRequests requests = new AdminRequests(admin, http);
    long mark = ServerLog.mark();
    JsonNode before = snapshot(admin);
    Map<String, String> bodies = new LinkedHashMap<>();
    bodies.put("empty", "");
    bodies.put("null", "null");
    bodies.put("array", "[]");
    bodies.put("truncated", "{\"code\":");
    bodies.put("trailing data", "{\"code\":\"fs-a\",\"name\":\"A\"} x");
    bodies.put("two objects", "{\"code\":\"fs-a\",\"name\":\"A\"}{}");
    bodies.put("duplicate key", "{\"code\":\"fs-a\",\"name\":\"A\",\"code\":\"fs-b\"}");
    bodies.put("deep", "{\"a\":".repeat(5000) + "1" + "}".repeat(5000));
    bodies.put("NUL in name", "{\"code\":\"fs-nul\",\"name\":\"a\\u0000b\"}");
    bodies.put("escape in name", "{\"code\":\"fs-esc\",\"name\":\"a\\u001B[31mb\"}");
    bodies.put("lone surrogate", "{\"code\":\"fs-sur\",\"name\":\"a\\uDFFF\"}");
    bodies.put("code as object", "{\"code\":{},\"name\":\"A\"}");
    bodies.put("huge name", "{\"code\":\"fs-huge\",\"name\":\"" + "a".repeat(100_000) + "\"}");
    bodies.forEach(
        (label, body) -> {
          Answer answer = requests.send("POST", BASE + "/stores", "application/json", body);
          assertThat(answer.status()).as("%s: %s", label, answer).isEqualTo(400);
          AdminRequests.extensionError(answer, 400);
        });
    Map<String, String> tills = new LinkedHashMap<>();
    tills.put(
        "NUL in password",
        "{\"code\":\"ft-nul\",\"store\":\"" + STORE + "\",\"password\":\"a\\u0000\"}");
    tills.put(
        "duplicate password",
        "{\"code\":\"ft-dup\",\"store\":\"" + STORE + "\",\"password\":\"a\",\"password\":\"b\"}");
    tills.put(
        "NUL in store",
        "{\"code\":\"ft-st\",\"store\":\"fuzz\\u0000store\",\"password\":\"Fuzz-pass-2\"}");
    tills.put(
        "digest as number", "{\"code\":\"ft-num\",\"store\":\"" + STORE + "\",\"md5Digest\":5}");
    tills.forEach(
        (label, body) -> {
          Answer answer = requests.send("POST", BASE + "/tills", "application/json", body);
          assertThat(answer.status()).as("%s: %s", label, answer).isEqualTo(400);
          AdminRequests.extensionError(answer, 400);
        });
    AdminRequests.extensionError(
        requests.send(
            "PUT",
            BASE + "/organisation-settings",
            "application/json",
            "{\"tokenLifespanCeiling\":\"2h\",\"tokenLifespanCeiling\":\"1m\"}"),
        400);

    byte[] overlong = "{\"code\":\"fs-ov\",\"name\":\"x\"}".getBytes(StandardCharsets.UTF_8);
    overlong[overlong.length - 3] = (byte) 0xC1;
    AdminRequests.extensionError(
        requests.send("POST", BASE + "/stores", "application/json", overlong), 400);
    for (String type :
        List.of("application/json; charset=x-no-such-charset", "application/json; charset=\"\"")) {
      Answer answer =
          requests.send("POST", BASE + "/stores", type, "{\"code\":\"fs-cs\",\"name\":\"A\"}");
      AdminRequests.extensionError(answer, 400, 415);
    }
    for (String code : List.of("no-such-till", "x".repeat(2000), "%00", "a%00b", "%E2%80%AE")) {
      AdminRequests.extensionError(
          requests.send("GET", BASE + "/tills/" + code, null, (byte[]) null), 404);
      AdminRequests.extensionError(
          requests.send("PUT", BASE + "/tills/" + code, "application/json", "{\"enabled\":true}"),
          404);
      AdminRequests.extensionError(
          requests.send(
              "PUT",
              BASE + "/tills/" + code + "/password",
              "application/json",
              "{\"password\":\"x\"}"),
          404);
      AdminRequests.extensionError(
          requests.send("GET", BASE + "/stores/" + code, null, (byte[]) null), 404);
      Answer byStore = requests.send("GET", BASE + "/tills?store=" + code, null, (byte[]) null);
      if (code.contains("%00")) {
        // Keycloak refuses control characters in query values before any resource runs:
        // 400 {"error":"Blocking invalid query parameter value"}.
        assertThat(byStore.status()).as("%s", byStore).isEqualTo(400);
        AdminRequests.keycloakRefusal(byStore);
      } else {
        AdminRequests.extensionError(byStore, 400);
      }
    }
    Answer anonymous = requests.anonymous("GET", BASE + "/organisation-settings", null);
    assertThat(anonymous.status()).as("%s", anonymous).isEqualTo(401);
    for (String path : List.of("/stores", "/tills", "/organisation-settings")) {
      Answer delete = requests.send("DELETE", BASE + path, null, (byte[]) null);
      // RESTEasy answers a method the resource lacks with 404 or 405: Keycloak's own answer.
      assertThat(delete.status()).as("%s %s", path, delete).isIn(404, 405);
      AdminRequests.keycloakRefusal(delete);
    }

    AdminRequests.unchanged("afterwards", before, snapshot(admin));
    AdminRequests.nothingLoggedSince(mark);
  }

  /** Adds the field (most of the time): valid, a near miss, hostile text or another JSON type. */
  private static void maybe(
      Fuzz fuzz, Map<String, Object> fields, String field, Object valid, int... limits) {
    if (fuzz.chance(0.15)) {
      return;
    }
    int roll = fuzz.between(0, 9);
    fields.put(
        field,
        roll < 4
            ? valid
            : roll < 6
                ? fuzz.mutate(String.valueOf(valid))
                : roll < 8 ? fuzz.hostileString(limits) : fuzz.jsonValue(2));
  }

  private static void secret(Fuzz fuzz, Map<String, Object> fields) {
    if (fuzz.chance(0.6)) {
      maybe(fuzz, fields, "password", "Fuzz-" + Long.toHexString(fuzz.seed()), 255, 256);
    }
    if (fuzz.chance(0.5)) {
      maybe(fuzz, fields, "md5Digest", fuzz.pick(DIGEST, DIGEST.toUpperCase()), 31, 32, 33);
    }
  }

  /** An accepted write is undone: its store or till deleted, the fuzz till and settings reset. */
  private static void accepted(AdminApi admin, Answer answer, String path) {
    if (path.endsWith("/stores")) {
      assertThat(answer.status()).isEqualTo(201);
      String code = answer.json().path("code").asText();
      assertThat(code).matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
      assertThat(answer.json().path("name").asText().chars().noneMatch(Character::isISOControl))
          .as("no control characters stored: %s", answer)
          .isTrue();
      String id = admin.getJson(BASE + "/group-by-path/stores/" + code).path("id").asText();
      assertThat(admin.delete(BASE + "/groups/" + id).status()).isEqualTo(204);
    } else if (path.endsWith("/tills")) {
      assertThat(answer.status()).isEqualTo(201);
      String code = answer.json().path("code").asText();
      assertThat(code).matches("[a-z0-9][a-z0-9._-]{2,63}");
      assertThat(admin.delete(BASE + "/users/" + answer.json().path("id").asText()).status())
          .isEqualTo(204);
    } else if (path.endsWith("/password")) {
      assertThat(answer.status()).isEqualTo(204);
    } else if (path.endsWith("/organisation-settings")) {
      Map<String, Object> restore = new LinkedHashMap<>();
      restore.put("basicAuthentication", originalSettings.path("basicAuthentication").asBoolean());
      restore.put("tokenLifespanCeiling", originalSettings.path("tokenLifespanCeiling").asText());
      OrganisationFixtures.expect(admin.put(BASE + "/organisation-settings", restore), 200);
    } else {
      OrganisationFixtures.expect(
          admin.put(BASE + "/tills/" + TILL, Map.of("enabled", true, "store", STORE)), 200);
    }
  }

  /** Stores, tills, the fuzz till's credentials, the number of users, the settings. */
  private static JsonNode snapshot(AdminApi admin) {
    ObjectNode snapshot = Http.JSON.createObjectNode();
    snapshot.set("stores", admin.getJson(BASE + "/stores"));
    snapshot.set("storeGroups", admin.getJson(BASE + "/group-by-path/stores"));
    snapshot.set("tills", admin.getJson(BASE + "/tills"));
    snapshot.set("credentials", admin.getJson(BASE + "/users/" + tillId + "/credentials"));
    snapshot.set("users", admin.getJson(BASE + "/users/count"));
    snapshot.set("settings", admin.getJson(BASE + "/organisation-settings"));
    return snapshot;
  }

  private static void stillWorks(AdminApi admin, Http http) {
    OrganisationFixtures.expect(
        admin.put(BASE + "/tills/" + TILL + "/password", Map.of("md5Digest", DIGEST)), 204);
    assertThat(OrganisationFixtures.tillLogin(http, REALM, TILL, DIGEST).status()).isEqualTo(200);
    assertThat(admin.getJson(BASE + "/organisation-settings").path("tokenLifespanCeiling"))
        .isEqualTo(originalSettings.path("tokenLifespanCeiling"));
  }
}
