package org.tillauth.keycloak.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tillauth.keycloak.testing.AdminApi;
import org.tillauth.keycloak.testing.BruteForce;
import org.tillauth.keycloak.testing.DemoRealm;
import org.tillauth.keycloak.testing.Http;
import org.tillauth.keycloak.testing.KeycloakIT;
import org.tillauth.keycloak.testing.KeycloakServer;
import org.tillauth.keycloak.testing.PrometheusScrape;
import org.tillauth.keycloak.testing.RealmFixtures;
import org.tillauth.keycloak.testing.UniqueNames;
import org.tillauth.keycloak.till.Md5Digest;

/**
 * The extension's meters on the management port's {@code /metrics}, as Prometheus scrapes them:
 * known traffic, then exact differences per outcome between a scrape before and one after. Each
 * test has a realm of its own, so its realm-tagged counts are its own; the node-wide cache counters
 * are read around traffic of this class only (the suite runs its classes one after another).
 */
@KeycloakIT
class MetricsIT {

  static final String DIGEST = "8a16a6b70505eb1f1ff7cdc0cd5559a7"; // store.server / server123
  static final String POS = DemoRealm.POS_CLIENT;
  static final String INTEGRATION = "demo-integration";
  static final String INTEGRATION_SECRET = "demo-integration-secret";
  static final String ENTITY_CODE = "X-CAP-API-ATTRIBUTION-ENTITY-CODE";

  static final String TILL_REALM = UniqueNames.of("metrics-till");
  static final String LOCK_REALM = UniqueNames.of("metrics-lock");
  static final String GATEWAY_REALM = UniqueNames.of("metrics-gw");
  static final String API_REALM = UniqueNames.of("metrics-api");
  static final String ORG_REALM = UniqueNames.of("metrics-org");

  static URI management;

  @BeforeAll
  static void realms(AdminApi admin, KeycloakServer server) {
    management = server.managementUrl();
    // The container variant (-Dkeycloak.server=container) starts Keycloak without metrics.
    Assumptions.assumeTrue(
        management != null, "this server kind exposes no management interface with metrics");
    for (String realm : List.of(TILL_REALM, LOCK_REALM, GATEWAY_REALM, API_REALM, ORG_REALM)) {
      DemoRealm.createCopy(admin, realm);
    }
    // Keycloak's brute-force detector can refuse a correct login as user_temporarily_disabled now
    // and then (see the project's Keycloak notes), which the meter rightly counts as locked: the
    // realm for exact counts has it off, the lockout has a realm of its own (3 strikes, no
    // quick-login check).
    for (String realm : List.of(TILL_REALM, GATEWAY_REALM)) {
      RealmFixtures.expect(
          admin.put("/admin/realms/" + realm, Map.of("bruteForceProtected", false)), 204);
    }
    RealmFixtures.expect(
        admin.put(
            "/admin/realms/" + LOCK_REALM,
            Map.of(
                "bruteForceProtected", true, "failureFactor", 3, "quickLoginCheckMilliSeconds", 1)),
        204);
  }

  @AfterAll
  static void cleanUp(AdminApi admin) {
    if (management == null) {
      return;
    }
    for (String realm : List.of(TILL_REALM, LOCK_REALM, GATEWAY_REALM, API_REALM, ORG_REALM)) {
      admin.delete("/admin/realms/" + realm);
    }
  }

  /** Two scrapes and the difference of one sample between them. */
  record Delta(PrometheusScrape before, PrometheusScrape after) {
    double of(String name, String... labels) {
      return after.value(name, labels) - before.value(name, labels);
    }
  }

  static PrometheusScrape scrape() {
    return PrometheusScrape.of(management);
  }

  @Test
  void managementEndpointServesTheExtensionsMetersAndKeycloaksOwn(Http http) {
    // One request of each kind so that the meters exist.
    http.get("/realms/" + GATEWAY_REALM + "/till-auth/verify", Map.of("X-Original-Method", "GET"));
    PrometheusScrape scrape = scrape();
    assertThat(scrape.has("tillauth_gateway_verifications_total")).as(scrape.text()).isTrue();
    assertThat(scrape.has("tillauth_gateway_cache_hits_total")).isTrue();
    assertThat(scrape.has("tillauth_gateway_cache_entries")).isTrue();
    assertThat(scrape.has("http_server_requests_seconds_count")).isTrue();
    // Low cardinality: only the documented tags, never a till code or client id.
    assertThat(scrape.labelValues("tillauth_gateway_verifications_total", "credential"))
        .isSubsetOf("basic", "bearer", "none", "malformed");
  }

  @Test
  void tillLoginsByOutcomeWithTheirDuration(AdminApi admin, Http http) {
    RealmFixtures fixtures = new RealmFixtures(admin, TILL_REALM, "mt");
    String wrong = fixtures.name("wrong");
    fixtures.till(wrong, "wrong-pass");
    String disabled = fixtures.name("disabled");
    fixtures.till(disabled, "disabled-pass");
    fixtures.disableTill(disabled);
    RealmFixtures lockFixtures = new RealmFixtures(admin, LOCK_REALM, "ml");
    String locked = lockFixtures.name("locked");
    String lockedId = lockFixtures.till(locked, "locked-pass");

    PrometheusScrape before = scrape();
    for (int i = 0; i < 3; i++) {
      assertThat(http.passwordGrant(TILL_REALM, POS, "store.server", DIGEST).status())
          .isEqualTo(200);
    }
    for (int i = 0; i < 2; i++) {
      assertThat(http.passwordGrant(TILL_REALM, POS, wrong, Md5Digest.of("bad" + i)).status())
          .isEqualTo(400);
    }
    for (int i = 0; i < 2; i++) {
      assertThat(
              http.passwordGrant(TILL_REALM, POS, "no-such-till-" + i, Md5Digest.of("x")).status())
          .isEqualTo(400);
    }
    assertThat(
            http.passwordGrant(TILL_REALM, POS, disabled, Md5Digest.of("disabled-pass")).status())
        .isEqualTo(400);
    assertThat(http.passwordGrant(TILL_REALM, POS, "store.server", "not-a-digest").status())
        .isEqualTo(400);
    // Keycloak records a failure after the response; before 26.6 a failure sent while the previous
    // one is still being recorded may go uncounted. Each waits for the one before.
    for (int i = 0; i < 3; i++) {
      if (i > 0) {
        BruteForce.awaitFailures(admin, LOCK_REALM, lockedId, i);
      }
      http.passwordGrant(LOCK_REALM, POS, locked, Md5Digest.of("bad" + i));
    }
    BruteForce.awaitLocked(admin, LOCK_REALM, lockedId);
    assertThat(http.passwordGrant(LOCK_REALM, POS, locked, Md5Digest.of("locked-pass")).status())
        .isEqualTo(400);
    Delta delta = new Delta(before, scrape());

    String logins = "tillauth_till_logins_total";
    assertThat(delta.of(logins, "realm", TILL_REALM, "outcome", "success")).isEqualTo(3);
    assertThat(delta.of(logins, "realm", TILL_REALM, "outcome", "wrong_digest")).isEqualTo(2);
    assertThat(delta.of(logins, "realm", TILL_REALM, "outcome", "not_a_till")).isEqualTo(2);
    assertThat(delta.of(logins, "realm", TILL_REALM, "outcome", "disabled")).isEqualTo(1);
    assertThat(delta.of(logins, "realm", TILL_REALM, "outcome", "malformed_digest")).isEqualTo(1);
    assertThat(delta.of(logins, "realm", TILL_REALM)).isEqualTo(9);
    assertThat(delta.of(logins, "realm", LOCK_REALM, "outcome", "wrong_digest")).isEqualTo(3);
    assertThat(delta.of(logins, "realm", LOCK_REALM, "outcome", "locked")).isEqualTo(1);
    assertThat(delta.of(logins, "realm", LOCK_REALM)).isEqualTo(4);
    assertThat(delta.of("tillauth_till_login_duration_seconds_count", "realm", TILL_REALM))
        .isEqualTo(9);
    // Cumulative buckets: +Inf holds every login.
    assertThat(
            delta.of(
                "tillauth_till_login_duration_seconds_bucket", "realm", TILL_REALM, "le", "+Inf"))
        .isEqualTo(9);
    assertThat(delta.of("tillauth_till_login_duration_seconds_sum", "realm", TILL_REALM))
        .isPositive();
    fixtures.close();
    lockFixtures.close();
  }

  @Test
  void gatewayByCredentialAndStatusWithTheCache(AdminApi admin, Http http) {
    String token =
        http.clientCredentials(GATEWAY_REALM, INTEGRATION, INTEGRATION_SECRET, Map.of())
            .accessToken();

    PrometheusScrape before = scrape();
    for (int i = 0; i < 3; i++) {
      assertThat(verify(http, GATEWAY_REALM, basic("store.server", DIGEST), "/v2/points"))
          .isEqualTo(200);
    }
    assertThat(verify(http, GATEWAY_REALM, basic("store.server", Md5Digest.of("x")), "/v2/points"))
        .isEqualTo(401);
    assertThat(verify(http, GATEWAY_REALM, null, "/v2/points")).isEqualTo(401);
    assertThat(verify(http, GATEWAY_REALM, "Bearer not.a.token", "/v2/points")).isEqualTo(401);
    assertThat(verify(http, GATEWAY_REALM, "Bearer " + token, "/v2/points")).isEqualTo(200);
    assertThat(verify(http, GATEWAY_REALM, "Bearer " + token, "/v2/staff")).isEqualTo(403);
    // An invalid route table: API clients are denied, and the meter says why.
    RealmFixtures.expect(
        admin.put(
            "/admin/realms/" + GATEWAY_REALM,
            Map.of(
                "realm",
                GATEWAY_REALM,
                "attributes",
                Map.of("till-auth.gateway.routes", "/api/people=data:nonsense"))),
        204);
    assertThat(verify(http, GATEWAY_REALM, "Bearer " + token, "/api/people")).isEqualTo(403);
    Delta delta = new Delta(before, scrape());

    String verifications = "tillauth_gateway_verifications_total";
    String[] realm = {"realm", GATEWAY_REALM};
    assertThat(delta.of(verifications, with(realm, "credential", "basic", "status", "200")))
        .isEqualTo(3);
    assertThat(delta.of(verifications, with(realm, "credential", "basic", "status", "401")))
        .isEqualTo(1);
    assertThat(delta.of(verifications, with(realm, "credential", "none", "status", "401")))
        .isEqualTo(1);
    assertThat(delta.of(verifications, with(realm, "credential", "bearer", "status", "401")))
        .isEqualTo(1);
    assertThat(delta.of(verifications, with(realm, "credential", "bearer", "status", "200")))
        .isEqualTo(1);
    assertThat(delta.of(verifications, with(realm, "credential", "bearer", "status", "403")))
        .isEqualTo(2);
    assertThat(delta.of("tillauth_gateway_verification_duration_seconds_count", realm))
        .isEqualTo(9);
    assertThat(delta.of("tillauth_gateway_route_table_invalid_total", realm)).isEqualTo(1);
    // First Basic request verifies (miss) and is remembered; the next two are hits; the wrong
    // digest misses.
    assertThat(delta.of("tillauth_gateway_cache_hits_total")).isEqualTo(2);
    assertThat(delta.of("tillauth_gateway_cache_misses_total")).isEqualTo(2);
    assertThat(delta.of("tillauth_gateway_cache_evictions_total")).isZero();
  }

  @Test
  void apiClientTokensByAttributionSecretChecksAndClamps(AdminApi admin, Http http) {
    String api = "/admin/realms/" + API_REALM + "/api-clients";
    PrometheusScrape before = scrape();
    JsonNode fallback = register(admin, api, "Falls back", true);
    JsonNode strict = register(admin, api, "Strict", false);
    String key = fallback.path("clientKey").asText();
    String secret = fallback.path("clientSecret").asText();

    assertThat(http.clientCredentials(API_REALM, key, secret, Map.of()).status()).isEqualTo(200);
    assertThat(
            http.clientCredentials(API_REALM, key, secret, Map.of(ENTITY_CODE, "store.server"))
                .status())
        .isEqualTo(200);
    assertThat(http.clientCredentials(API_REALM, key, secret, Map.of(ENTITY_CODE, "nope")).status())
        .isEqualTo(200);
    assertThat(
            http.clientCredentials(
                    API_REALM,
                    strict.path("clientKey").asText(),
                    strict.path("clientSecret").asText(),
                    Map.of(ENTITY_CODE, "nope"))
                .status())
        .isEqualTo(400);
    assertThat(http.clientCredentials(API_REALM, key, "wrong-secret", Map.of()).status())
        .isEqualTo(401);
    Http.Result regenerated =
        admin.post(
            api + "/" + fallback.path("id").asText() + "/secret", Map.of("gracePeriod", "1h"));
    RealmFixtures.expect(regenerated, 200);
    assertThat(http.clientCredentials(API_REALM, key, secret, Map.of()).status())
        .as("the previous secret, in its grace period")
        .isEqualTo(200);
    // A ceiling below the client's 30 minutes: its next token is clamped at issue.
    RealmFixtures.expect(
        admin.put(
            "/admin/realms/" + API_REALM + "/organisation-settings",
            Map.of("tokenLifespanCeiling", "1m")),
        200);
    Http.Result clamped =
        http.clientCredentials(
            API_REALM, key, regenerated.json().path("clientSecret").asText(), Map.of());
    assertThat(clamped.json().path("expires_in").asInt()).isLessThanOrEqualTo(60);
    Delta delta = new Delta(before, scrape());

    String tokens = "tillauth_api_client_tokens_total";
    String[] realm = {"realm", API_REALM};
    assertThat(delta.of(tokens, with(realm, "outcome", "default"))).isEqualTo(3);
    assertThat(delta.of(tokens, with(realm, "outcome", "header"))).isEqualTo(1);
    assertThat(delta.of(tokens, with(realm, "outcome", "fallback"))).isEqualTo(1);
    assertThat(delta.of(tokens, with(realm, "outcome", "refused"))).isEqualTo(1);
    String checks = "tillauth_client_secret_checks_total";
    assertThat(delta.of(checks, with(realm, "outcome", "accepted"))).isEqualTo(5);
    assertThat(delta.of(checks, with(realm, "outcome", "accepted_in_grace"))).isEqualTo(1);
    assertThat(delta.of(checks, with(realm, "outcome", "invalid_secret"))).isEqualTo(1);
    assertThat(delta.of("tillauth_token_lifespan_clamps_total", realm)).isEqualTo(1);
    String changes = "tillauth_organisation_changes_total";
    assertThat(delta.of(changes, with(realm, "change", "api_client_registered"))).isEqualTo(2);
    assertThat(delta.of(changes, with(realm, "change", "api_client_secret_regenerated")))
        .isEqualTo(1);
    assertThat(delta.of(changes, with(realm, "change", "lifespan_ceiling"))).isEqualTo(1);
  }

  @Test
  void organisationChangesAndImportRowsCountOnceCommitted(AdminApi admin, Http http) {
    String base = "/admin/realms/" + ORG_REALM;
    String store = UniqueNames.of("mstore");
    String till = UniqueNames.of("mtill");
    PrometheusScrape before = scrape();
    RealmFixtures.expect(
        admin.put(base + "/organisation-settings", Map.of("basicAuthentication", true)), 200);
    RealmFixtures.expect(admin.post(base + "/stores", Map.of("code", store, "name", "M")), 201);
    RealmFixtures.expect(
        admin.post(
            base + "/tills", Map.of("code", till, "store", store, "password", "till-pass-1")),
        201);
    // Refused changes count nothing.
    RealmFixtures.expect(
        admin.post(base + "/stores", Map.of("code", store, "name", "M again")), 400);
    RealmFixtures.expect(admin.delete(base + "/stores/" + store), 400);
    RealmFixtures.expect(admin.delete(base + "/tills/" + till), 204);
    RealmFixtures.expect(admin.delete(base + "/stores/" + store), 204);
    String registered =
        register(admin, base + "/api-clients", "Short-lived", true).path("id").asText();
    RealmFixtures.expect(admin.delete(base + "/api-clients/" + registered), 204);

    String csv = "code,name\n" + store + "-a,A\n" + store + "-b,B\n";
    JsonNode job = awaitJob(admin, http, importCsv(admin, http, csv));
    assertThat(job.path("created").asInt()).isEqualTo(2);
    Http.Result again = importCsv(admin, http, csv);
    assertThat(again.status()).as(again.body()).isIn(200, 202);
    if (again.status() == 202) {
      awaitJob(admin, http, again);
    }
    Http.Result invalid = importCsv(admin, http, "code,name\n,No code\n");
    assertThat(invalid.status()).isEqualTo(400);
    Delta delta = new Delta(before, scrape());

    String changes = "tillauth_organisation_changes_total";
    String[] realm = {"realm", ORG_REALM};
    assertThat(delta.of(changes, with(realm, "change", "basic_auth_switch"))).isEqualTo(1);
    assertThat(delta.of(changes, with(realm, "change", "store_added"))).isEqualTo(1);
    assertThat(delta.of(changes, with(realm, "change", "store_deleted"))).isEqualTo(1);
    assertThat(delta.of(changes, with(realm, "change", "till_added"))).isEqualTo(1);
    assertThat(delta.of(changes, with(realm, "change", "till_deleted"))).isEqualTo(1);
    assertThat(delta.of(changes, with(realm, "change", "api_client_registered"))).isEqualTo(1);
    assertThat(delta.of(changes, with(realm, "change", "api_client_deleted"))).isEqualTo(1);
    assertThat(delta.of(changes, realm)).isEqualTo(7);
    String rows = "tillauth_import_rows_total";
    assertThat(delta.of(rows, with(realm, "outcome", "created"))).isEqualTo(2);
    assertThat(delta.of(rows, with(realm, "outcome", "unchanged"))).isEqualTo(2);
    assertThat(delta.of(rows, with(realm, "outcome", "invalid"))).isEqualTo(1);
    assertThat(delta.of(rows, with(realm, "outcome", "failed"))).isZero();
  }

  static JsonNode register(AdminApi admin, String api, String name, boolean fallback) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("name", UniqueNames.of(name));
    body.put("tokenExpiry", "30m");
    body.put("defaultTill", "store.server");
    body.put("useDefaultTillForInvalidTill", fallback);
    body.put("accessGroup", "POS");
    Http.Result result = admin.post(api, body);
    assertThat(result.status()).as(result.body()).isEqualTo(201);
    return result.json();
  }

  private static Http.Result importCsv(AdminApi admin, Http http, String csv) {
    return http.send(
        http.request(
                "/admin/realms/" + ORG_REALM + "/organisation-import/stores",
                Map.of("Authorization", admin.authorization(), "Content-Type", "text/csv"))
            .POST(java.net.http.HttpRequest.BodyPublishers.ofString(csv))
            .build());
  }

  private static JsonNode awaitJob(AdminApi admin, Http http, Http.Result accepted) {
    assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
    String id = accepted.json().path("id").asText();
    Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
    while (Instant.now().isBefore(deadline)) {
      JsonNode job =
          admin.getJson(
              "/admin/realms/"
                  + ORG_REALM
                  + "/organisation-import/"
                  + URLEncoder.encode(id, StandardCharsets.UTF_8));
      if (!"running".equals(job.path("status").asText())) {
        return job;
      }
      sleep();
    }
    throw new AssertionError("Import " + id + " still running after two minutes");
  }

  private static void sleep() {
    try {
      Thread.sleep(200);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The gateway's answer to a GET of {@code uri} with these credentials (null: none). */
  static int verify(Http http, String realm, String authorization, String uri) {
    Map<String, String> headers = new LinkedHashMap<>();
    if (authorization != null) {
      headers.put("Authorization", authorization);
    }
    headers.put("X-Original-Method", "GET");
    headers.put("X-Original-URI", uri);
    return http.get("/realms/" + realm + "/till-auth/verify", headers).status();
  }

  static String basic(String user, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  static String[] with(String[] first, String... more) {
    String[] all = new String[first.length + more.length];
    System.arraycopy(first, 0, all, 0, first.length);
    System.arraycopy(more, 0, all, first.length, more.length);
    return all;
  }
}
