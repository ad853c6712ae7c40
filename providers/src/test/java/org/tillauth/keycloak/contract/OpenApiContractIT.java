package org.tillauth.keycloak.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tillauth.keycloak.testing.AdminApi;
import org.tillauth.keycloak.testing.DemoRealm;
import org.tillauth.keycloak.testing.Http;
import org.tillauth.keycloak.testing.KeycloakIT;

/**
 * docs/openapi.yaml is the machine-readable contract of every endpoint the JAR adds: it must parse
 * as OpenAPI 3.1, and for each documented operation the server's real answers must use a documented
 * status, carry the documented required headers and match the documented body schema.
 */
@KeycloakIT
class OpenApiContractIT {

  static final Path SPEC = Path.of("..", "docs", "openapi.yaml");
  static final String REALM = DemoRealm.NAME;
  static final String TILL_BASIC =
      "Basic c3RvcmUuc2VydmVyOjhhMTZhNmI3MDUwNWViMWYxZmY3Y2RjMGNkNTU1OWE3";

  /** Stands for the bootstrap admin's current token (renewed when due) in a call's headers. */
  static final String ADMIN = "Bearer <bootstrap admin>";

  static JsonNode spec;

  @BeforeAll
  static void load() throws IOException {
    spec = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(SPEC));
  }

  @Test
  void specIsValidOpenApi31() {
    ParseOptions options = new ParseOptions();
    options.setResolve(true);
    SwaggerParseResult result =
        new OpenAPIV3Parser().readLocation(SPEC.toAbsolutePath().toString(), null, options);
    assertThat(result.getMessages()).isEmpty();
    assertThat(result.getOpenAPI().getOpenapi()).isEqualTo("3.1.0");
    assertThat(result.getOpenAPI().getPaths())
        .containsKeys(
            "/realms/{realm}/till-auth/verify",
            "/realms/{realm}/till-auth/verify/{originalPath}",
            "/realms/{realm}/v3/oauth/token/generate",
            "/admin/realms/{realm}/api-clients",
            "/admin/realms/{realm}/api-clients/{id}",
            "/admin/realms/{realm}/api-clients/{id}/secret",
            "/admin/realms/{realm}/access-groups",
            "/admin/realms/{realm}/access-groups/{name}",
            "/admin/realms/{realm}/organisation-audit",
            "/admin/realms/master/organisations",
            "/realms/{realm}/till-admin/",
            "/realms/{realm}/till-admin/{file}");
  }

  /** One real request per documented operation and outcome. */
  record Call(
      String pathTemplate,
      String method,
      String path,
      Map<String, String> headers,
      String body,
      int expected) {}

  private final Set<String> exercised = new TreeSet<>();
  private Http http;
  private AdminApi admin;

  @Test
  void everyDocumentedOperationAnswersAsDocumented(Http http, AdminApi admin) {
    this.http = http;
    this.admin = admin;
    String token =
        http.clientCredentials(REALM, "demo-integration", "demo-integration-secret", Map.of())
            .accessToken();
    String verify = "/realms/{realm}/till-auth/verify";
    String envoy = "/realms/{realm}/till-auth/verify/{originalPath}";
    String generate = "/realms/{realm}/v3/oauth/token/generate";
    String base = "/realms/" + REALM;
    String wrong =
        "Basic "
            + Base64.getEncoder()
                .encodeToString(
                    "no-such-till:00000000000000000000000000000000"
                        .getBytes(StandardCharsets.UTF_8));
    Map<String, String> write =
        Map.of(
            "Authorization",
            "Bearer " + token,
            "X-Original-Method",
            "POST",
            "X-Original-URI",
            "/v2/points");
    List<Call> calls = new ArrayList<>();
    for (String method : List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")) {
      calls.add(
          new Call(
              verify,
              method,
              base + "/till-auth/verify",
              Map.of("Authorization", TILL_BASIC),
              "",
              200));
      calls.add(
          new Call(
              verify, method, base + "/till-auth/verify", Map.of("Authorization", wrong), "", 401));
      calls.add(new Call(verify, method, base + "/till-auth/verify", write, "", 403));
    }
    calls.add(new Call(verify, "GET", base + "/till-auth/verify", Map.of(), "", 401));
    calls.add(
        new Call(
            verify,
            "GET",
            base + "/till-auth/verify",
            Map.of("Authorization", "Bearer x.y.z"),
            "",
            401));
    calls.add(
        new Call(
            envoy,
            "GET",
            base + "/till-auth/verify/v2/points",
            Map.of("Authorization", "Bearer " + token),
            "",
            200));
    calls.add(
        new Call(
            envoy,
            "POST",
            base + "/till-auth/verify/v2/points",
            Map.of("Authorization", "Bearer " + token),
            "",
            403));
    calls.add(new Call(envoy, "GET", base + "/till-auth/verify/v2/points", Map.of(), "", 401));
    Map<String, String> json = Map.of("Content-Type", "application/json");
    calls.add(
        new Call(
            generate,
            "POST",
            base + "/v3/oauth/token/generate",
            json,
            "{\"key\":\"demo-integration\",\"secret\":\"demo-integration-secret\"}",
            200));
    calls.add(
        new Call(
            generate,
            "POST",
            base + "/v3/oauth/token/generate",
            json,
            "{\"key\":\"demo-integration\",\"secret\":\"wrong\"}",
            401));
    calls.add(new Call(generate, "POST", base + "/v3/oauth/token/generate", json, "", 400));
    calls.add(
        new Call(
            generate,
            "POST",
            base + "/v3/oauth/token/generate",
            Map.of("Content-Type", "text/plain"),
            "{}",
            415));
    calls.add(new Call(generate, "GET", base + "/v3/oauth/token/generate", Map.of(), "", 405));

    calls.forEach(this::check);

    apiClients(token);
    accessGroups(token);
    adminPage();
    organisation(token);
    onboarding(token);

    // Every documented operation was called at least once.
    Set<String> documented = new TreeSet<>();
    spec.get("paths")
        .fields()
        .forEachRemaining(
            path ->
                path.getValue()
                    .fieldNames()
                    .forEachRemaining(
                        name -> {
                          if (!name.equals("parameters")) {
                            documented.add(path.getKey() + " " + name);
                          }
                        }));
    assertThat(exercised).containsAll(documented);
  }

  /**
   * The API client admin REST API, as the bootstrap admin, with an API client of its own that is
   * deleted at the end; a service-account token of the realm (no admin roles) gets the 403s.
   */
  private void apiClients(String noRoles) {
    String api = "/admin/realms/{realm}/api-clients";
    String one = api + "/{id}";
    String secret = one + "/secret";
    String base = "/admin/realms/" + REALM + "/api-clients";
    String name = "openapi-contract-" + UUID.randomUUID();
    String registration =
        Http.toJson(
            Map.of(
                "name", name,
                "description", "OpenApiContractIT",
                "tokenExpiry", "30m",
                "defaultTill", "store.server",
                "useDefaultTillForInvalidTill", true,
                "accessGroup", "POS"));
    Map<String, String> asAdmin =
        Map.of("Authorization", ADMIN, "Content-Type", "application/json");
    Map<String, String> asNobody =
        Map.of("Authorization", "Bearer " + noRoles, "Content-Type", "application/json");
    Map<String, String> anonymous = Map.of("Content-Type", "application/json");

    Http.Result created = check(new Call(api, "POST", base, asAdmin, registration, 201));
    String id = created.json().path("id").asText();
    try {
      check(new Call(api, "POST", base, asAdmin, registration, 400)); // same name
      check(new Call(api, "POST", base, anonymous, registration, 401));
      check(new Call(api, "POST", base, asNobody, registration, 403));
      check(new Call(api, "GET", base, asAdmin, "", 200));
      check(new Call(api, "GET", base, anonymous, "", 401));
      check(new Call(api, "GET", base, asNobody, "", 403));

      String path = base + "/" + id;
      String missing = base + "/" + UUID.randomUUID();
      check(new Call(one, "GET", path, asAdmin, "", 200));
      check(new Call(one, "GET", missing, asAdmin, "", 404));
      check(new Call(one, "GET", path, asNobody, "", 403));
      String change = "{\"description\":\"changed\",\"tokenExpiry\":\"15m\"}";
      check(new Call(one, "PUT", path, asAdmin, change, 200));
      check(new Call(one, "PUT", path, asAdmin, "{\"colour\":\"red\"}", 400));
      check(new Call(one, "PUT", missing, asAdmin, change, 404));
      check(new Call(one, "PUT", path, anonymous, change, 401));

      String grace = "{\"gracePeriod\":\"1h\"}";
      check(new Call(secret, "POST", path + "/secret", asAdmin, grace, 200));
      check(new Call(secret, "POST", path + "/secret", asAdmin, "", 200));
      check(new Call(secret, "POST", path + "/secret", asAdmin, "{\"gracePeriod\":\"soon\"}", 400));
      check(new Call(secret, "POST", missing + "/secret", asAdmin, grace, 404));
      check(new Call(secret, "POST", path + "/secret", asNobody, grace, 403));

      String till = api + "/default-till";
      check(new Call(till, "GET", base + "/default-till?code=store.server", asAdmin, "", 200));
      check(new Call(till, "GET", base + "/default-till?code=nope", asAdmin, "", 400));
      check(new Call(till, "GET", base + "/default-till?code=x", anonymous, "", 401));
      String groups = api + "/access-groups";
      check(new Call(groups, "GET", base + "/access-groups", asAdmin, "", 200));
      check(new Call(groups, "GET", base + "/access-groups", asNobody, "", 403));
      String settings = api + "/settings";
      check(new Call(settings, "GET", base + "/settings", asAdmin, "", 200));
      check(new Call(settings, "GET", base + "/settings", anonymous, "", 401));
      // The demo realm has the page's client already: 200, nothing changes.
      String page = api + "/page-client";
      check(new Call(page, "POST", base + "/page-client", asAdmin, "", 200));
      check(new Call(page, "POST", base + "/page-client", asNobody, "", 403));

      check(new Call(one, "DELETE", path, asNobody, "", 403));
      check(new Call(one, "DELETE", path, anonymous, "", 401));
      check(new Call(one, "DELETE", path, asAdmin, "", 204));
      check(new Call(one, "DELETE", path, asAdmin, "", 404));
    } finally {
      admin.delete(base + "/" + id);
    }
  }

  /**
   * The access-group admin REST API, as the bootstrap admin, with a group of its own that is
   * deleted at the end; the realm's service-account token (no admin roles) gets the 403s.
   */
  private void accessGroups(String noRoles) {
    String api = "/admin/realms/{realm}/access-groups";
    String one = api + "/{name}";
    String catalogue = api + "/resources";
    String base = "/admin/realms/" + REALM + "/access-groups";
    String name = "contract-" + UUID.randomUUID().toString().substring(0, 8);
    String creation =
        Http.toJson(
            Map.of(
                "name",
                name,
                "description",
                "OpenApiContractIT",
                "permissions",
                Map.of("data", Map.of("points", "write"), "config", Map.of("store", "read"))));
    Map<String, String> asAdmin =
        Map.of("Authorization", ADMIN, "Content-Type", "application/json");
    Map<String, String> asNobody =
        Map.of("Authorization", "Bearer " + noRoles, "Content-Type", "application/json");
    Map<String, String> anonymous = Map.of("Content-Type", "application/json");

    check(new Call(api, "POST", base, asAdmin, creation, 201));
    try {
      check(new Call(api, "POST", base, asAdmin, creation, 400)); // same name
      check(new Call(api, "POST", base, anonymous, creation, 401));
      check(new Call(api, "POST", base, asNobody, creation, 403));
      check(new Call(api, "GET", base, asAdmin, "", 200));
      check(new Call(api, "GET", base, anonymous, "", 401));
      check(new Call(api, "GET", base, asNobody, "", 403));
      check(new Call(catalogue, "GET", base + "/resources", asAdmin, "", 200));
      check(new Call(catalogue, "GET", base + "/resources", anonymous, "", 401));
      check(new Call(catalogue, "GET", base + "/resources", asNobody, "", 403));

      String path = base + "/" + name;
      String missing = base + "/no-such-group";
      check(new Call(one, "GET", path, asAdmin, "", 200));
      check(new Call(one, "GET", base + "/POS", asAdmin, "", 200));
      check(new Call(one, "GET", missing, asAdmin, "", 404));
      check(new Call(one, "GET", path, anonymous, "", 401));
      check(new Call(one, "GET", path, asNobody, "", 403));
      String change = "{\"permissions\":{\"data\":{\"points\":\"read\"}},\"active\":false}";
      check(new Call(one, "PUT", path, asAdmin, change, 200));
      check(
          new Call(
              one, "PUT", path, asAdmin, "{\"permissions\":{\"data\":{\"x\":\"read\"}}}", 400));
      check(new Call(one, "PUT", base + "/POS", asAdmin, "{\"active\":false}", 400));
      check(new Call(one, "PUT", missing, asAdmin, change, 404));
      check(new Call(one, "PUT", path, anonymous, change, 401));
      check(new Call(one, "PUT", path, asNobody, change, 403));

      check(new Call(one, "DELETE", base + "/POS", asAdmin, "", 400));
      check(new Call(one, "DELETE", path, asNobody, "", 403));
      check(new Call(one, "DELETE", path, anonymous, "", 401));
      check(new Call(one, "DELETE", path, asAdmin, "", 204));
      check(new Call(one, "DELETE", path, asAdmin, "", 404));
    } finally {
      admin.delete(base + "/" + name);
    }
  }

  /** The administration page: its static files, the slash-less URL redirects. */
  private void adminPage() {
    String base = "/realms/" + REALM + "/till-admin";
    Map<String, String> none = Map.of();
    check(new Call("/realms/{realm}/till-admin", "GET", base, none, "", 303));
    check(new Call("/realms/{realm}/till-admin/", "GET", base + "/", none, "", 200));
    String file = "/realms/{realm}/till-admin/{file}";
    for (String name :
        List.of("index.html", "dom.js", "app.js", "app.css", "organisation.js", "audit.js")) {
      check(new Call(file, "GET", base + "/" + name, none, "", 200));
    }
    check(new Call(file, "GET", base + "/access-groups.js", none, "", 200));
    check(new Call(file, "GET", base + "/secrets.txt", none, "", 404));
  }

  /**
   * Stores, tills and organisation settings, as the bootstrap admin; the store and till made here
   * are removed at the end, and the settings are "changed" to the values they have.
   */
  private void organisation(String noRoles) {
    Map<String, String> asAdmin =
        Map.of("Authorization", ADMIN, "Content-Type", "application/json");
    Map<String, String> asNobody =
        Map.of("Authorization", "Bearer " + noRoles, "Content-Type", "application/json");
    Map<String, String> anonymous = Map.of("Content-Type", "application/json");
    String realm = "/admin/realms/" + REALM;
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    String store = "contract-" + suffix;
    String till = "contract-till-" + suffix;

    String stores = "/admin/realms/{realm}/stores";
    String oneStore = stores + "/{code}";
    String storeBody = Http.toJson(Map.of("code", store, "name", "Contract"));
    try {
      check(new Call(stores, "POST", realm + "/stores", asAdmin, storeBody, 201));
      check(new Call(stores, "POST", realm + "/stores", asAdmin, storeBody, 400));
      check(new Call(stores, "POST", realm + "/stores", anonymous, storeBody, 401));
      check(new Call(stores, "POST", realm + "/stores", asNobody, storeBody, 403));
      check(new Call(stores, "GET", realm + "/stores", asAdmin, "", 200));
      check(new Call(stores, "GET", realm + "/stores", anonymous, "", 401));
      check(new Call(stores, "GET", realm + "/stores", asNobody, "", 403));
      check(new Call(oneStore, "GET", realm + "/stores/" + store, asAdmin, "", 200));
      check(new Call(oneStore, "GET", realm + "/stores/nope-" + suffix, asAdmin, "", 404));

      String tills = "/admin/realms/{realm}/tills";
      String oneTill = tills + "/{code}";
      String password = oneTill + "/password";
      String tillBody =
          Http.toJson(Map.of("code", till, "store", store, "password", "contract-pass"));
      check(new Call(tills, "POST", realm + "/tills", asAdmin, tillBody, 201));
      check(new Call(tills, "POST", realm + "/tills", asAdmin, tillBody, 400));
      check(new Call(tills, "POST", realm + "/tills", anonymous, tillBody, 401));
      check(new Call(tills, "POST", realm + "/tills", asNobody, tillBody, 403));
      check(new Call(tills, "GET", realm + "/tills?store=" + store, asAdmin, "", 200));
      check(new Call(tills, "GET", realm + "/tills?store=nope-" + suffix, asAdmin, "", 400));
      check(new Call(tills, "GET", realm + "/tills", anonymous, "", 401));
      check(new Call(tills, "GET", realm + "/tills", asNobody, "", 403));
      String path = realm + "/tills/" + till;
      String missing = realm + "/tills/nope-" + suffix;
      check(new Call(oneTill, "GET", path, asAdmin, "", 200));
      check(new Call(oneTill, "GET", missing, asAdmin, "", 404));
      check(new Call(oneTill, "GET", path, asNobody, "", 403));
      check(new Call(oneTill, "PUT", path, asAdmin, "{\"enabled\":false}", 200));
      check(new Call(oneTill, "PUT", path, asAdmin, "{\"store\":\"nope\"}", 400));
      check(new Call(oneTill, "PUT", missing, asAdmin, "{\"enabled\":true}", 404));
      check(new Call(oneTill, "PUT", path, anonymous, "{\"enabled\":true}", 401));
      String secret = "{\"password\":\"contract-new\"}";
      check(new Call(password, "PUT", path + "/password", asAdmin, secret, 204));
      check(new Call(password, "PUT", path + "/password", asAdmin, "{}", 400));
      check(new Call(password, "PUT", missing + "/password", asAdmin, secret, 404));
      check(new Call(password, "PUT", path + "/password", asNobody, secret, 403));
      check(
          new Call(
              password,
              "POST",
              path + "/password",
              asAdmin,
              "{\"md5Digest\":\"8a16a6b70505eb1f1ff7cdc0cd5559a7\"}",
              204));
      check(new Call(password, "POST", path + "/password", anonymous, secret, 401));

      bulk(realm, asAdmin, asNobody, anonymous, suffix, store, till);
      check(new Call(oneStore, "DELETE", realm + "/stores/" + store, asAdmin, "", 400));
      check(new Call(oneTill, "DELETE", path, asNobody, "", 403));
      check(new Call(oneTill, "DELETE", path, anonymous, "", 401));
      check(new Call(oneTill, "DELETE", path, asAdmin, "", 204));
      check(new Call(oneTill, "DELETE", path, asAdmin, "", 404));
      check(new Call(oneStore, "DELETE", realm + "/stores/" + store, asNobody, "", 403));
      check(new Call(oneStore, "DELETE", realm + "/stores/" + store, anonymous, "", 401));
      check(new Call(oneStore, "DELETE", realm + "/stores/" + store, asAdmin, "", 204));
      check(new Call(oneStore, "DELETE", realm + "/stores/" + store, asAdmin, "", 404));
      check(new Call(stores, "GET", realm + "/stores?max=0", asAdmin, "", 400));

      String settings = "/admin/realms/{realm}/organisation-settings";
      String current = realm + "/organisation-settings";
      check(new Call(settings, "GET", current, asAdmin, "", 200));
      check(new Call(settings, "GET", current, anonymous, "", 401));
      check(new Call(settings, "GET", current, asNobody, "", 403));
      check(
          new Call(
              settings,
              "PUT",
              current,
              asAdmin,
              "{\"basicAuthentication\":true,\"tokenLifespanCeiling\":\"60m\"}",
              200));
      check(new Call(settings, "PUT", current, asAdmin, "{\"tokenLifespanCeiling\":\"31d\"}", 400));
      check(new Call(settings, "PUT", current, anonymous, "{}", 401));
      check(new Call(settings, "PUT", current, asNobody, "{}", 403));

      String audit = "/admin/realms/{realm}/organisation-audit";
      check(new Call(audit, "GET", realm + "/organisation-audit?max=5", asAdmin, "", 200));
      check(new Call(audit, "GET", realm + "/organisation-audit?area=x", asAdmin, "", 400));
      check(new Call(audit, "GET", realm + "/organisation-audit", anonymous, "", 401));
      check(new Call(audit, "GET", realm + "/organisation-audit", asNobody, "", 403));
    } finally {
      Http.Result user = admin.get(realm + "/users?exact=true&username=" + till);
      if (user.status() == 200 && !user.json().isEmpty()) {
        admin.delete(realm + "/users/" + user.json().get(0).path("id").asText());
      }
      Http.Result group = admin.get(realm + "/group-by-path/stores/" + store);
      if (group.status() == 200) {
        admin.delete(realm + "/groups/" + group.json().path("id").asText());
      }
    }
  }

  /** One-call onboarding under master; the organisation made here is removed at the end. */
  private void onboarding(String noRoles) {
    String path = "/admin/realms/master/organisations";
    Map<String, String> asAdmin =
        Map.of("Authorization", ADMIN, "Content-Type", "application/json");
    String code = "contract-" + UUID.randomUUID().toString().substring(0, 8);
    String body =
        Http.toJson(
            Map.of(
                "code",
                code,
                "name",
                "Contract",
                "administrator",
                Map.of("email", "it@contract.example"),
                "redirectUris",
                List.of("https://contract.example/*")));
    try {
      check(new Call(path, "POST", path, asAdmin, body, 201));
      check(new Call(path, "POST", path, asAdmin, body, 409));
      check(new Call(path, "POST", path, asAdmin, body.replace(code, "Bad_Code"), 400));
      check(
          new Call(
              path,
              "POST",
              path,
              Map.of("Authorization", ADMIN, "Content-Type", "text/plain"),
              body,
              415));
      check(new Call(path, "POST", path, Map.of("Content-Type", "application/json"), body, 401));
      check(
          new Call(
              path,
              "POST",
              path,
              Map.of("Authorization", "Bearer " + noRoles, "Content-Type", "application/json"),
              body,
              403));
      // The platform view's list.
      Map<String, String> read = Map.of("Authorization", ADMIN);
      check(new Call(path, "GET", path + "?search=" + code + "&first=0&max=10", read, "", 200));
      check(new Call(path, "GET", path + "?max=0", read, "", 400));
      check(new Call(path, "GET", path, Map.of(), "", 401));
      check(new Call(path, "GET", path, Map.of("Authorization", "Bearer " + noRoles), "", 403));
    } finally {
      admin.delete("/admin/realms/" + code);
    }
  }

  /** Import and export of stores and tills, around the contract's own store and till. */
  private void bulk(
      String realm,
      Map<String, String> asAdmin,
      Map<String, String> asNobody,
      Map<String, String> anonymous,
      String suffix,
      String store,
      String till) {
    Map<String, String> csvAsAdmin = Map.of("Authorization", ADMIN, "Content-Type", "text/csv");
    String importStores = "/admin/realms/{realm}/organisation-import/stores";
    String importTills = "/admin/realms/{realm}/organisation-import/tills";
    String job = "/admin/realms/{realm}/organisation-import/{id}";
    String imported = "contract-imp-" + suffix;
    String storesCsv = "code,name\n" + imported + ",Imported\n";
    Http.Result started =
        check(
            new Call(
                importStores,
                "POST",
                realm + "/organisation-import/stores",
                csvAsAdmin,
                storesCsv,
                202));
    String jobPath = realm + "/organisation-import/" + started.json().path("id").asText();
    JsonNode status = check(new Call(job, "GET", jobPath, asAdmin, "", 200)).json();
    for (int i = 0; i < 100 && "running".equals(status.path("status").asText()); i++) {
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      status = check(new Call(job, "GET", jobPath, asAdmin, "", 200)).json();
    }
    assertThat(status.path("status").asText()).isEqualTo("done");
    check(new Call(job, "GET", jobPath, asNobody, "", 403));
    check(
        new Call(
            job, "GET", realm + "/organisation-import/" + UUID.randomUUID(), asAdmin, "", 404));
    check(
        new Call(
            importStores,
            "POST",
            realm + "/organisation-import/stores",
            csvAsAdmin,
            storesCsv,
            200));
    check(
        new Call(
            importStores,
            "POST",
            realm + "/organisation-import/stores",
            csvAsAdmin,
            "code,name\nx/y,Bad\n",
            400));
    check(
        new Call(
            importStores,
            "POST",
            realm + "/organisation-import/stores",
            Map.of("Authorization", ADMIN, "Content-Type", "application/xml"),
            storesCsv,
            415));
    check(
        new Call(
            importStores,
            "POST",
            realm + "/organisation-import/stores",
            anonymous,
            storesCsv,
            401));
    check(
        new Call(
            importStores, "POST", realm + "/organisation-import/stores", asNobody, storesCsv, 403));
    String tillsCsv = "code,store,password\n" + till + "-imp," + imported + ",imp-pass\n";
    check(
        new Call(
            importTills,
            "POST",
            realm + "/organisation-import/tills?dryRun=true",
            csvAsAdmin,
            tillsCsv,
            200));
    check(
        new Call(
            importTills,
            "POST",
            realm + "/organisation-import/tills",
            csvAsAdmin,
            "code,store,password\n" + till + "-imp,nope-" + suffix + ",p\n",
            400));
    check(
        new Call(
            importTills, "POST", realm + "/organisation-import/tills", asNobody, tillsCsv, 403));
    String exportStores = "/admin/realms/{realm}/organisation-export/stores";
    String exportTills = "/admin/realms/{realm}/organisation-export/tills";
    check(new Call(exportStores, "GET", realm + "/organisation-export/stores", asAdmin, "", 200));
    check(new Call(exportStores, "GET", realm + "/organisation-export/stores", asNobody, "", 403));
    check(new Call(exportStores, "GET", realm + "/organisation-export/stores", anonymous, "", 401));
    check(
        new Call(
            exportTills,
            "GET",
            realm + "/organisation-export/tills?store=" + store,
            asAdmin,
            "",
            200));
    check(
        new Call(
            exportTills,
            "GET",
            realm + "/organisation-export/tills?store=nope-" + suffix,
            asAdmin,
            "",
            400));
    check(new Call(exportTills, "GET", realm + "/organisation-export/tills", asNobody, "", 403));
    check(new Call(exportTills, "GET", realm + "/organisation-export/tills", anonymous, "", 401));
    admin.delete(realm + "/stores/" + imported);
  }

  /** Sends one call and checks its answer against the documented response. */
  private Http.Result check(Call call) {
    Map<String, String> headers = new LinkedHashMap<>(call.headers());
    headers.replaceAll((name, value) -> value.equals(ADMIN) ? admin.authorization() : value);
    Http.Result result =
        http.send(
            http.request(call.path(), headers)
                .method(call.method(), HttpRequest.BodyPublishers.ofString(call.body()))
                .build());
    String label = call.method() + " " + call.path() + " " + call.headers().keySet();
    assertThat(result.status()).as(label + " -> " + result).isEqualTo(call.expected());
    JsonNode response =
        documentedResponse(call.pathTemplate(), call.method(), result.status(), label);
    checkHeaders(response, result, label);
    checkBody(response, result, label);
    exercised.add(call.pathTemplate() + " " + call.method().toLowerCase(Locale.ROOT));
    return result;
  }

  private static JsonNode documentedResponse(
      String template, String method, int status, String label) {
    JsonNode operation = spec.path("paths").path(template).path(method.toLowerCase(Locale.ROOT));
    assertThat(operation.isMissingNode()).as("documented operation for " + label).isFalse();
    JsonNode response = operation.path("responses").path(Integer.toString(status));
    assertThat(response.isMissingNode())
        .as("status " + status + " documented for " + label)
        .isFalse();
    return resolve(response);
  }

  private static void checkHeaders(JsonNode response, Http.Result result, String label) {
    Iterator<Map.Entry<String, JsonNode>> headers = response.path("headers").fields();
    while (headers.hasNext()) {
      Map.Entry<String, JsonNode> header = headers.next();
      JsonNode definition = resolve(header.getValue());
      if (definition.path("required").asBoolean(false)) {
        assertThat(result.headers().firstValue(header.getKey()))
            .as(header.getKey() + " on " + label)
            .isPresent();
      }
    }
  }

  /**
   * A body must have a documented media type; JSON bodies must match the documented schema, other
   * media types (the page's files) are checked by type only.
   */
  private static void checkBody(JsonNode response, Http.Result result, String label) {
    if (result.body().isEmpty()) {
      return;
    }
    String type = result.header("Content-Type").split(";")[0].strip().toLowerCase(Locale.ROOT);
    JsonNode media = response.path("content").path(type);
    assertThat(media.isMissingNode())
        .as(label + ": content type " + type + " documented in " + response.path("content"))
        .isFalse();
    if (type.equals("application/json")) {
      Set<ValidationMessage> errors = schemaFor(media.path("schema")).validate(result.json());
      assertThat(errors).as(label + " body " + result.body()).isEmpty();
    }
  }

  /** The schema with components.schemas as its $defs, so that $refs resolve. */
  private static JsonSchema schemaFor(JsonNode schema) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
    root.put("$defs", spec.path("components").path("schemas"));
    root.put("allOf", List.of(schema));
    String text = Http.toJson(root).replace("#/components/schemas/", "#/$defs/");
    return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(text);
  }

  private static JsonNode resolve(JsonNode node) {
    JsonNode current = node;
    while (current.has("$ref")) {
      String ref = current.get("$ref").asText();
      assertThat(ref).startsWith("#/");
      current = spec.at(ref.substring(1));
      assertThat(current.isMissingNode()).as("reference " + ref).isFalse();
    }
    return current;
  }
}
