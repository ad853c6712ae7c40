package org.tillauth.keycloak.bulk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tillauth.keycloak.bulk.BulkRequests.awaitJob;
import static org.tillauth.keycloak.bulk.BulkRequests.csv;
import static org.tillauth.keycloak.bulk.BulkRequests.upload;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tillauth.keycloak.testing.AdminApi;
import org.tillauth.keycloak.testing.DemoRealm;
import org.tillauth.keycloak.testing.Http;
import org.tillauth.keycloak.testing.KeycloakIT;
import org.tillauth.keycloak.till.Md5Digest;

/**
 * Bulk import and export of stores and tills against the real server, in a copy of the demo realm
 * (stores store-001, store-002; tills store.server, till-002; user jane.doe).
 */
@KeycloakIT
class OrganisationImportIT {

  static final String REALM = "org-import";
  static final String ADMIN = "/admin/realms/" + REALM;

  @BeforeAll
  static void realm(AdminApi admin) {
    DemoRealm.createCopy(admin, REALM);
    admin.put(ADMIN, Map.of("adminEventsEnabled", true));
  }

  @AfterAll
  static void dropRealm(AdminApi admin) {
    admin.delete(ADMIN);
  }

  static Http.Result login(Http http, String code, String digest) {
    return http.passwordGrant(REALM, "pos-terminal", code, digest);
  }

  @Test
  void aFleetGoesInFromOneCsvAndLogsInWithItsDigests(AdminApi admin, Http http) {
    JsonNode stores =
        awaitJob(
            admin,
            REALM,
            csv(admin, http, REALM, "stores", "code,name\nfleet-a,Fleet A\nfleet-b,Fleet B\n"));
    assertThat(stores.path("status").asText()).isEqualTo("done");
    assertThat(stores.path("created").asInt()).isEqualTo(2);

    StringBuilder file = new StringBuilder("code,store,password,md5Digest\n");
    for (int i = 1; i <= 40; i++) {
      file.append(String.format("fleet-%02d,%s,pw-%02d,%n", i, i <= 20 ? "fleet-a" : "FLEET-B", i));
    }
    // A legacy digest from a migration (upper case is normalised).
    String legacy = Md5Digest.of("legacy-pos");
    file.append("fleet-legacy,fleet-a,,").append(legacy.toUpperCase()).append('\n');
    Http.Result accepted = csv(admin, http, REALM, "tills", file.toString());
    assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
    assertThat(accepted.header("Location"))
        .endsWith("/organisation-import/" + accepted.json().path("id").asText());
    assertThat(accepted.json().path("toWrite").asInt()).isEqualTo(41);
    JsonNode job = awaitJob(admin, REALM, accepted);
    assertThat(job.path("status").asText()).as(job.toString()).isEqualTo("done");
    assertThat(job.path("created").asInt()).isEqualTo(41);
    assertThat(job.path("failed").asInt()).isZero();
    assertThat(job.path("progress").asInt()).isEqualTo(100);

    assertThat(login(http, "fleet-07", Md5Digest.of("pw-07")).status()).isEqualTo(200);
    assertThat(login(http, "fleet-33", Md5Digest.of("pw-33")).status()).isEqualTo(200);
    assertThat(login(http, "fleet-legacy", legacy).status()).isEqualTo(200);
    assertThat(login(http, "fleet-07", Md5Digest.of("pw-08")).status()).isEqualTo(400);

    // Stored exactly as POST /tills stores it: role, one store, Argon2 over the digest.
    JsonNode till = admin.getJson(ADMIN + "/tills/fleet-33");
    assertThat(till.path("store").asText()).isEqualTo("fleet-b");
    assertThat(till.path("password").asText()).isEqualTo("md5-prehash");
    assertThat(till.path("problems")).isEmpty();
    Http.Result fleetB = admin.get(ADMIN + "/tills?store=fleet-b&max=1");
    assertThat(fleetB.header("X-Total-Count")).isEqualTo("20");

    // The same file again changes nothing and says so.
    Http.Result again = csv(admin, http, REALM, "tills", file.toString());
    assertThat(again.status()).as(again.body()).isEqualTo(200);
    assertThat(again.json().path("status").asText()).isEqualTo("done");
    assertThat(again.json().path("unchanged").asInt()).isEqualTo(41);
    assertThat(again.json().path("toWrite").asInt()).isZero();
    assertThat(again.json().path("message").asText())
        .isEqualTo(OrganisationImportResource.NOTHING_TO_DO);

    JsonNode events = admin.getJson(ADMIN + "/admin-events?operationTypes=CREATE&max=50");
    List<String> paths = new ArrayList<>();
    events.forEach(e -> paths.add(e.path("resourcePath").asText()));
    assertThat(paths).anyMatch(p -> p.startsWith("organisation-import/"));
  }

  @Test
  void anyBadRowRefusesTheWholeFileWithAReportAndWritesNothing(AdminApi admin, Http http) {
    String file =
        String.join(
            "\n",
            "code,store,password,md5Digest",
            "bad-ok-1,store-001,pw1,", // 2: fine on its own
            "bad-unknown,no-such-store,pw2,", // 3
            "store.server,store-002,,", // 4: exists in store-001
            "jane.doe,store-001,pw3,", // 5: a user that is no till
            "bad-ok-1,store-002,pw4,", // 6: repeated
            "x,store-001,pw5,", // 7: code too short
            "bad-digest,store-001,,12345", // 8
            "bad-both,store-001,pw6," + Md5Digest.of("a"), // 9
            "bad-none,store-001,,", // 10: a new till without secret
            "bad-hexpw,store-001," + Md5Digest.of("b") + ",", // 11: a digest in the password
            "till-002,store-002,,"); // 12: in place: no error
    Http.Result refused = csv(admin, http, REALM, "tills", file);
    assertThat(refused.status()).as(refused.body()).isEqualTo(400);
    JsonNode report = refused.json();
    assertThat(report.path("error").asText()).isEqualTo("invalid_request");
    assertThat(report.path("error_description").asText())
        .isEqualTo("9 of 11 rows cannot be imported; nothing was imported");
    List<Integer> rows = new ArrayList<>();
    report.path("errors").forEach(e -> rows.add(e.path("row").asInt()));
    assertThat(rows).containsExactly(3, 4, 5, 6, 7, 8, 9, 10, 11);
    Map<Integer, String> byRow = new java.util.HashMap<>();
    report.path("errors").forEach(e -> byRow.put(e.path("row").asInt(), e.path("error").asText()));
    assertThat(byRow.get(3)).isEqualTo("Store \"no-such-store\" does not exist; add it first");
    assertThat(byRow.get(4)).contains("exists in store \"store-001\"");
    assertThat(byRow.get(5)).contains("already used by a user");
    assertThat(byRow.get(6)).isEqualTo("Till \"bad-ok-1\" appears again (first on row 2)");
    assertThat(byRow.get(10)).isEqualTo(TillImport.NO_SECRET);
    assertThat(admin.get(ADMIN + "/tills/bad-ok-1").status()).isEqualTo(404);
  }

  @Test
  void hostileCsvIsReadAsDataOrRefusedAsAWhole(AdminApi admin, Http http) {
    // BOM, CRLF, quoted commas and quotes, a formula-looking name, blank lines, header case.
    String stores =
        "\uFEFFCode,NAME\r\nhostile-1,\"Mall, \"\"North\"\"\"\r\n\r\nhostile-2,=cmd|' /C calc'!A0\r\n";
    JsonNode job = awaitJob(admin, REALM, csv(admin, http, REALM, "stores", stores));
    assertThat(job.path("created").asInt()).as(job.toString()).isEqualTo(2);
    assertThat(admin.getJson(ADMIN + "/stores/hostile-1").path("name").asText())
        .isEqualTo("Mall, \"North\"");
    assertThat(admin.getJson(ADMIN + "/stores/hostile-2").path("name").asText())
        .isEqualTo("=cmd|' /C calc'!A0");

    // Exported back out, the formula is defused and the quotes survive.
    Http.Result export = admin.get(ADMIN + "/organisation-export/stores");
    assertThat(export.status()).isEqualTo(200);
    assertThat(export.header("Content-Type")).startsWith("text/csv");
    assertThat(export.header("Content-Disposition")).contains("org-import-stores.csv");
    assertThat(export.body())
        .startsWith("\uFEFFcode,name\r\n")
        .contains("hostile-1,\"Mall, \"\"North\"\"\"\r\n")
        .contains("hostile-2,'=cmd|' /C calc'!A0\r\n")
        .contains("store-001,Demo Flagship\r\n");
    // ...and the export imports again without a change.
    Http.Result roundTrip = csv(admin, http, REALM, "stores", export.body());
    assertThat(roundTrip.status()).as(roundTrip.body()).isEqualTo(200);
    assertThat(roundTrip.json().path("toWrite").asInt()).isZero();

    for (String[] bad :
        new String[][] {
          {"code,name\nx1,\"unclosed\n", "a quoted field is not closed"},
          {"code,name\nx1,a\"b\n", "a quote inside an unquoted field"},
          {"code,label\nx1,a\n", "Unknown column 'label'"},
          {"code\nx1\n", "The header has no column 'name'"},
          {"code,code\nx1,x2\n", "appears twice"},
          {"code,name\n", ImportFile.NO_ROWS},
          {"", ImportFile.NO_ROWS},
        }) {
      Http.Result refused = csv(admin, http, REALM, "stores", bad[0]);
      assertThat(refused.status()).as(bad[0]).isEqualTo(400);
      assertThat(refused.json().path("error_description").asText()).as(bad[0]).contains(bad[1]);
    }
    Http.Result control = csv(admin, http, REALM, "stores", "code,name\nctl-1,a\u0000b\n");
    assertThat(control.status()).isEqualTo(400);
    assertThat(control.json().path("errors").get(0).path("error").asText())
        .contains("control characters");
    Http.Result extra = csv(admin, http, REALM, "stores", "code,name\nx9,a,b\n");
    assertThat(extra.json().path("errors").get(0).path("error").asText())
        .contains("quote values that contain a comma");
  }

  @Test
  void wrongTypesEncodingsAndSizesAreRefusedWithAClearAnswer(AdminApi admin, Http http) {
    byte[] csv = "code,name\nsz-1,Size\n".getBytes(StandardCharsets.UTF_8);
    Http.Result xml = upload(admin, http, REALM, "stores", "application/xml", csv);
    assertThat(xml.status()).isEqualTo(415);
    assertThat(xml.json().path("error_description").asText()).isEqualTo(ImportFile.NOT_CSV_OR_JSON);
    Http.Result form =
        upload(admin, http, REALM, "stores", "application/x-www-form-urlencoded", csv);
    assertThat(form.status()).isEqualTo(415);
    Http.Result none = upload(admin, http, REALM, "stores", null, csv);
    assertThat(none.status()).isEqualTo(415);
    Http.Result latin1 = upload(admin, http, REALM, "stores", "text/csv; charset=ISO-8859-1", csv);
    assertThat(latin1.status()).isEqualTo(415);
    Http.Result notUtf8 =
        upload(admin, http, REALM, "stores", "text/csv", new byte[] {'c', ',', (byte) 0xff, '\n'});
    assertThat(notUtf8.status()).isEqualTo(400);

    // Over the import's 8 MB: refused before anything is parsed, with the limit in words.
    byte[] large = new byte[9 * 1024 * 1024];
    java.util.Arrays.fill(large, (byte) 'a');
    System.arraycopy(csv, 0, large, 0, csv.length);
    Http.Result tooLarge = upload(admin, http, REALM, "stores", "text/csv", large);
    assertThat(tooLarge.status()).isEqualTo(413);
    assertThat(tooLarge.json().path("error_description").asText()).isEqualTo(ImportFile.TOO_LARGE);
    // 50 MB: Keycloak's HTTP layer refuses it (over its 10 MiB body limit) before the upload.
    assertThat(BulkRequests.oversized(admin, http, REALM, 50 * 1024 * 1024)).isEqualTo(413);

    Http.Result badDryRun = upload(admin, http, REALM, "stores", "text/csv", csv, "?dryRun=maybe");
    assertThat(badDryRun.status()).isEqualTo(400);
  }

  @Test
  void jsonRowsDryRunExportAndJobsAreScopedToTheOrganisation(AdminApi admin, Http http) {
    String json =
        "[{\"code\":\"json-1\",\"store\":\"store-002\",\"password\":\"pw-json\"},"
            + "{\"code\":\"json-2\",\"store\":\"store-002\",\"md5Digest\":\""
            + Md5Digest.of("pw-json2")
            + "\",\"password\":null}]";
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    Http.Result dry = upload(admin, http, REALM, "tills", "application/json", body, "?dryRun=true");
    assertThat(dry.status()).as(dry.body()).isEqualTo(200);
    assertThat(dry.json().path("status").asText()).isEqualTo("validated");
    assertThat(dry.json().path("toWrite").asInt()).isEqualTo(2);
    assertThat(admin.get(ADMIN + "/tills/json-1").status()).isEqualTo(404);

    Http.Result accepted = upload(admin, http, REALM, "tills", "application/json", body);
    JsonNode job = awaitJob(admin, REALM, accepted);
    assertThat(job.path("created").asInt()).as(job.toString()).isEqualTo(2);
    assertThat(login(http, "json-2", Md5Digest.of("pw-json2")).status()).isEqualTo(200);

    Http.Result export = admin.get(ADMIN + "/organisation-export/tills?store=store-002");
    assertThat(export.status()).isEqualTo(200);
    assertThat(export.body())
        .startsWith("\uFEFFcode,store,password,md5Digest\r\n")
        .contains("json-1,store-002,,\r\n")
        .contains("json-2,store-002,,\r\n")
        .contains("till-002,store-002,,\r\n")
        .doesNotContain("store.server")
        .doesNotContain(Md5Digest.of("pw-json2"));
    Http.Result exportAll = admin.get(ADMIN + "/organisation-export/tills");
    assertThat(exportAll.body()).contains("store.server,store-001,,\r\n");
    Http.Result reimport = csv(admin, http, REALM, "tills", exportAll.body());
    assertThat(reimport.status()).as(reimport.body()).isEqualTo(200);
    assertThat(reimport.json().path("toWrite").asInt()).isZero();
    assertThat(admin.get(ADMIN + "/organisation-export/tills?store=nowhere").status())
        .isEqualTo(400);

    String id = accepted.json().path("id").asText();
    assertThat(admin.get("/admin/realms/demo-org/organisation-import/" + id).status())
        .isEqualTo(404);
    assertThat(admin.get(ADMIN + "/organisation-import/" + java.util.UUID.randomUUID()).status())
        .isEqualTo(404);
    assertThat(admin.get(ADMIN + "/organisation-import/not-an-id").status()).isEqualTo(404);
    Http.Result notArray =
        upload(admin, http, REALM, "tills", "application/json", "{\"code\":1}".getBytes());
    assertThat(notArray.status()).isEqualTo(400);
    assertThat(notArray.json().path("error_description").asText()).isEqualTo(ImportFile.NOT_ARRAY);
  }

  @Test
  void twoAdministratorsImportingTheSameFileAtOnceCreateEachTillOnce(AdminApi admin, Http http)
      throws Exception {
    String prefix = "twin-" + java.util.UUID.randomUUID().toString().substring(0, 6);
    StringBuilder file = new StringBuilder("code,store,password\n");
    for (int i = 0; i < 120; i++) {
      file.append(prefix).append('-').append(i).append(",store-002,pw-").append(i).append('\n');
    }
    java.util.concurrent.CyclicBarrier barrier = new java.util.concurrent.CyclicBarrier(2);
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(2);
    List<java.util.concurrent.Future<Http.Result>> uploads = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      uploads.add(
          pool.submit(
              () -> {
                barrier.await();
                return csv(admin, http, REALM, "tills", file.toString());
              }));
    }
    int created = 0;
    int unchanged = 0;
    for (java.util.concurrent.Future<Http.Result> upload : uploads) {
      Http.Result answer = upload.get();
      JsonNode job = answer.status() == 202 ? awaitJob(admin, REALM, answer) : answer.json();
      assertThat(job.path("status").asText()).as(job.toString()).isEqualTo("done");
      assertThat(job.path("failed").asInt()).as(job.toString()).isZero();
      created += job.path("created").asInt();
      unchanged += job.path("unchanged").asInt();
    }
    pool.shutdown();
    assertThat(created).as("tills created by the two imports together").isEqualTo(120);
    assertThat(unchanged).isEqualTo(120);
    Http.Result listed = admin.get(ADMIN + "/tills?max=1&search=" + prefix);
    assertThat(listed.header("X-Total-Count")).isEqualTo("120");
    assertThat(admin.getJson(ADMIN + "/users/count?search=" + prefix).asInt()).isEqualTo(120);
  }
}
