package org.tillauth.keycloak.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tillauth.keycloak.metrics.MetricsIT.basic;
import static org.tillauth.keycloak.metrics.MetricsIT.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.playwright.Page;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tillauth.keycloak.testing.AdminApi;
import org.tillauth.keycloak.testing.AdminPageChecks;
import org.tillauth.keycloak.testing.DemoRealm;
import org.tillauth.keycloak.testing.HeadlessChromium;
import org.tillauth.keycloak.testing.Http;
import org.tillauth.keycloak.testing.KeycloakIT;
import org.tillauth.keycloak.testing.KeycloakServer;
import org.tillauth.keycloak.testing.Prometheus;
import org.tillauth.keycloak.testing.RealmFixtures;
import org.tillauth.keycloak.testing.UniqueNames;
import org.tillauth.keycloak.testing.VersionIndependent;
import org.tillauth.keycloak.till.Md5Digest;

/**
 * The operator's side of the meters: docs/grafana-dashboard.json and docs/prometheus-alerts.yml
 * against a real Prometheus (Debian's) scraping the real server after known traffic. Every panel's
 * query must be valid PromQL over the names and labels the server really exports, the panels the
 * traffic feeds must show it, and every alert rule must evaluate without error. Grafana itself is
 * not installable here, so the picture in docs/ is a preview drawn from the same panel queries.
 */
@KeycloakIT
@VersionIndependent
class DashboardIT {

  static final ObjectMapper JSON = new ObjectMapper();
  static final Path DOCS = Path.of("..", "docs");
  static final String DIGEST = MetricsIT.DIGEST;
  static final String POS = MetricsIT.POS;
  static final String ENTITY_CODE = MetricsIT.ENTITY_CODE;

  static final String REALM = UniqueNames.of("dash");
  static final String LOCK_REALM = UniqueNames.of("dash-lock");

  /**
   * Panels the test's traffic cannot feed: Keycloak's own user-event meters need {@code
   * --event-metrics-user-enabled}, which the test server does not set; evictions need a full cache.
   * Their queries must still be valid.
   */
  static final Set<String> NO_DATA_EXPECTED = Set.of("User events with errors", "5xx by endpoint");

  static Prometheus prometheus;
  static RealmFixtures fixtures;
  static RealmFixtures lockFixtures;
  static String lockedTill;
  static JsonNode fallbackClient;
  static JsonNode strictClient;

  @BeforeAll
  static void trafficScrapedByPrometheus(AdminApi admin, Http http, KeycloakServer server) {
    URI management = server.managementUrl();
    Assumptions.assumeTrue(
        management != null, "this server kind exposes no management interface with metrics");
    Prometheus.requireInstalled();
    DemoRealm.createCopy(admin, REALM);
    DemoRealm.createCopy(admin, LOCK_REALM);
    RealmFixtures.expect(
        admin.put("/admin/realms/" + REALM, Map.of("bruteForceProtected", false)), 204);
    RealmFixtures.expect(
        admin.put(
            "/admin/realms/" + LOCK_REALM,
            Map.of(
                "bruteForceProtected", true, "failureFactor", 3, "quickLoginCheckMilliSeconds", 1)),
        204);
    fixtures = new RealmFixtures(admin, REALM, "dash");
    lockFixtures = new RealmFixtures(admin, LOCK_REALM, "dashl");
    lockedTill = lockFixtures.name("locked");
    lockFixtures.till(lockedTill, "locked-pass");
    String api = "/admin/realms/" + REALM + "/api-clients";
    fallbackClient = MetricsIT.register(admin, api, "Dash falls back", true);
    strictClient = MetricsIT.register(admin, api, "Dash strict", false);

    prometheus =
        Prometheus.start(
            "dashboard",
            management.resolve("/metrics"),
            List.of(DOCS.resolve("prometheus-alerts.yml")));
    // A counter's first sample is not an increase for rate(): a first round creates every
    // series, a second one (after a scrape) moves them.
    for (int round = 0; round < 2; round++) {
      traffic(admin, http, round);
      prometheus.awaitScrapeAfter(Instant.now());
    }
    // increase() and rate() need two samples of a series that only the second round created.
    prometheus.awaitScrapeAfter(Instant.now());
  }

  @AfterAll
  static void cleanUp(AdminApi admin) {
    if (prometheus != null) {
      prometheus.close();
    }
    if (fixtures != null) {
      admin.delete("/admin/realms/" + REALM);
      admin.delete("/admin/realms/" + LOCK_REALM);
    }
  }

  static void traffic(AdminApi admin, Http http, int round) {
    for (int i = 0; i < 3; i++) {
      assertThat(http.passwordGrant(REALM, POS, "store.server", DIGEST).status()).isEqualTo(200);
    }
    assertThat(http.passwordGrant(REALM, POS, "store.server", Md5Digest.of("x")).status())
        .isEqualTo(400);
    assertThat(http.passwordGrant(REALM, POS, "no-such-till", Md5Digest.of("x")).status())
        .isEqualTo(400);
    // 3 strikes lock the till: 5 locked answers in the first round, 8 in the second, well over the
    // lockout alert's 5 in 10 minutes however Prometheus extrapolates.
    for (int i = 0; i < 8; i++) {
      http.passwordGrant(LOCK_REALM, POS, lockedTill, Md5Digest.of("bad" + round + i));
    }

    String token =
        http.clientCredentials(REALM, MetricsIT.INTEGRATION, MetricsIT.INTEGRATION_SECRET, Map.of())
            .accessToken();
    for (int i = 0; i < 3; i++) {
      assertThat(verify(http, REALM, basic("store.server", DIGEST), "/v2/points")).isEqualTo(200);
    }
    assertThat(verify(http, REALM, basic("store.server", Md5Digest.of("y")), "/v2/points"))
        .isEqualTo(401);
    assertThat(verify(http, REALM, "Bearer " + token, "/v2/points")).isEqualTo(200);
    assertThat(verify(http, REALM, "Bearer " + token, "/v2/staff")).isEqualTo(403);

    String key = fallbackClient.path("clientKey").asText();
    String secret = fallbackClient.path("clientSecret").asText();
    assertThat(http.clientCredentials(REALM, key, secret, Map.of()).status()).isEqualTo(200);
    assertThat(
            http.clientCredentials(REALM, key, secret, Map.of(ENTITY_CODE, "store.server"))
                .status())
        .isEqualTo(200);
    assertThat(http.clientCredentials(REALM, key, secret, Map.of(ENTITY_CODE, "nope")).status())
        .isEqualTo(200);
    assertThat(
            http.clientCredentials(
                    REALM,
                    strictClient.path("clientKey").asText(),
                    strictClient.path("clientSecret").asText(),
                    Map.of(ENTITY_CODE, "nope"))
                .status())
        .isEqualTo(400);
    assertThat(http.clientCredentials(REALM, key, "wrong-secret", Map.of()).status())
        .isEqualTo(401);
    if (round == 0) {
      // From the next round on, the first secret is a previous one in its grace period.
      RealmFixtures.expect(
          admin.post(
              "/admin/realms/"
                  + REALM
                  + "/api-clients/"
                  + fallbackClient.path("id").asText()
                  + "/secret",
              Map.of("gracePeriod", "1h")),
          200);
    }

    RealmFixtures.expect(
        admin.put(
            "/admin/realms/" + REALM + "/organisation-settings",
            Map.of("basicAuthentication", true, "tokenLifespanCeiling", round == 0 ? "10m" : "1m")),
        200);
    // A ceiling below the client's 30 minutes: its tokens are clamped.
    assertThat(http.clientCredentials(REALM, key, secret, Map.of()).status()).isEqualTo(200);
    Http.Result imported =
        http.send(
            http.request(
                    "/admin/realms/" + REALM + "/organisation-import/stores",
                    Map.of("Authorization", admin.authorization(), "Content-Type", "text/csv"))
                .POST(
                    java.net.http.HttpRequest.BodyPublishers.ofString(
                        "code,name\ndash-store-" + round + ",Dash " + round + "\n"))
                .build());
    assertThat(imported.status()).as(imported.body()).isIn(200, 202);
  }

  @Test
  void promtoolAcceptsTheRulesAndTheirUnitTests() {
    Prometheus.Tool check =
        Prometheus.promtool("check", "rules", DOCS.resolve("prometheus-alerts.yml").toString());
    assertThat(check.exitCode()).as(check.output()).isZero();
    assertThat(check.output()).contains("SUCCESS: 9 rules found");
    Prometheus.Tool test =
        Prometheus.promtool("test", "rules", DOCS.resolve("prometheus-alerts-test.yml").toString());
    assertThat(test.exitCode()).as(test.output()).isZero();
    assertThat(test.output()).contains("SUCCESS");
  }

  @Test
  void everyAlertRuleEvaluatesAgainstTheRealSeries() {
    JsonNode groups = prometheus.api("rules").path("data").path("groups");
    List<String> rules = new ArrayList<>();
    List<String> unhealthy = new ArrayList<>();
    for (JsonNode group : groups) {
      for (JsonNode rule : group.path("rules")) {
        rules.add(rule.path("name").asText());
        // "unknown" until the first evaluation, which runs every second.
        if (!Set.of("ok", "unknown").contains(rule.path("health").asText())) {
          unhealthy.add(rule.path("name").asText() + ": " + rule.path("lastError").asText());
        }
      }
    }
    assertThat(rules).hasSize(9).contains("TillLoginFailureRatioHigh", "GatewayRouteTableInvalid");
    assertThat(unhealthy).isEmpty();
    // Alerts on real series: a previous secret was used (every round after the first) and the
    // lockouts fire at once; the others need minutes of traffic or errors the test does not make.
    List<String> firing = new ArrayList<>();
    for (JsonNode alert : prometheus.api("alerts").path("data").path("alerts")) {
      if ("firing".equals(alert.path("state").asText())) {
        firing.add(
            alert.path("labels").path("alertname").asText()
                + "/"
                + alert.path("labels").path("realm").asText());
      }
    }
    assertThat(firing)
        .containsExactlyInAnyOrder(
            "SecretUsedInGracePeriod/" + REALM, "TillLockoutsSpiking/" + LOCK_REALM);
  }

  @Test
  void everyPanelQueryIsValidAndTheFedPanelsShowTheTraffic() {
    List<String> invalid = new ArrayList<>();
    List<String> empty = new ArrayList<>();
    for (JsonNode panel : panels()) {
      for (JsonNode target : panel.path("targets")) {
        String expr = concrete(target.path("expr").asText());
        JsonNode answer = prometheus.query(expr);
        if (!"success".equals(answer.path("status").asText())) {
          invalid.add(panel.path("title").asText() + ": " + answer.path("error").asText());
        } else if (answer.path("data").path("result").isEmpty()
            && !NO_DATA_EXPECTED.contains(panel.path("title").asText())
            && !(panel.path("title").asText().equals("Lockouts")
                && expr.contains("keycloak_user_events_total"))) {
          empty.add(panel.path("title").asText() + ": " + expr);
        }
      }
    }
    assertThat(invalid).as("queries Prometheus refuses").isEmpty();
    assertThat(empty).as("panels the traffic feeds but that show nothing").isEmpty();
  }

  @Test
  void panelValuesMatchTheTraffic() {
    // Per round, 3 of 5 logins succeed in one realm and 8 of 8 fail in the lockout realm: 10 of 13.
    assertThat(value(panelQuery("Till login failure ratio", 0)))
        .isCloseTo(10.0 / 13, org.assertj.core.data.Offset.offset(0.05));
    // 3 Basic verifications of the same till per round hit the cache after the first.
    assertThat(value(panelQuery("Cache hit ratio", 0))).isBetween(0.3, 1.0);
    assertThat(value(panelQuery("Gateway 500s", 0))).isZero();
    JsonNode byOutcome = prometheus.query(panelQuery("Till logins by outcome", 0));
    List<String> outcomes = new ArrayList<>();
    byOutcome
        .path("data")
        .path("result")
        .forEach(s -> outcomes.add(s.path("metric").path("outcome").asText()));
    assertThat(outcomes).contains("success", "wrong_digest", "not_a_till", "locked");
    JsonNode attribution = prometheus.query(panelQuery("API-client tokens by attribution", 0));
    List<String> attributions = new ArrayList<>();
    attribution
        .path("data")
        .path("result")
        .forEach(s -> attributions.add(s.path("metric").path("outcome").asText()));
    assertThat(attributions).contains("default", "header", "fallback", "refused");
  }

  @Test
  void previewOfTheDashboardFromItsOwnQueries() throws IOException {
    ObjectNode data = JSON.createObjectNode();
    data.put("title", dashboard().path("title").asText());
    ArrayNode rendered = data.putArray("panels");
    for (JsonNode panel : dashboard().path("panels")) {
      ObjectNode out = rendered.addObject();
      out.put("type", panel.path("type").asText());
      out.put("title", panel.path("title").asText());
      out.set("gridPos", panel.path("gridPos"));
      out.put("unit", panel.path("fieldConfig").path("defaults").path("unit").asText(""));
      ArrayNode series = out.putArray("series");
      for (JsonNode target : panel.path("targets")) {
        String expr = concrete(target.path("expr").asText());
        String legend = target.path("legendFormat").asText("");
        if ("stat".equals(panel.path("type").asText())) {
          double value = value(expr);
          series.addObject().put("label", legend).put("value", value);
          continue;
        }
        for (JsonNode result : prometheus.queryRange(expr, 180, 2).path("data").path("result")) {
          ObjectNode one = series.addObject();
          one.put("label", label(legend, result.path("metric")));
          one.set("values", result.path("values"));
        }
      }
    }
    try (HeadlessChromium chromium = HeadlessChromium.launchOrSkip()) {
      Page page = chromium.newPage(1400, 900);
      page.setContent(resource("dashboard-preview.html"));
      page.evaluate("data => render(data)", JSON.writeValueAsString(data));
      int drawn = ((Number) page.evaluate("document.querySelectorAll('.panel').length")).intValue();
      assertThat(drawn).isEqualTo(panels().size());
      AdminPageChecks.screenshot(page, "dashboard-preview");
    }
  }

  static String label(String legend, JsonNode metric) {
    if (legend.isEmpty()) {
      return metric.toString();
    }
    String label = legend;
    var fields = metric.fields();
    while (fields.hasNext()) {
      var field = fields.next();
      label = label.replace("{{" + field.getKey() + "}}", field.getValue().asText());
    }
    return label;
  }

  static String panelQuery(String title, int target) {
    for (JsonNode panel : panels()) {
      if (panel.path("title").asText().equals(title)) {
        return concrete(panel.path("targets").get(target).path("expr").asText());
      }
    }
    throw new AssertionError("no panel " + title);
  }

  /** An instant query's single value. */
  static double value(String expr) {
    JsonNode answer = prometheus.query(expr);
    JsonNode result = answer.path("data").path("result");
    assertThat(result).as(expr + " -> " + answer).hasSize(1);
    return Double.parseDouble(result.get(0).path("value").get(1).asText());
  }

  /** Grafana's variables as a dashboard user would pick them: the test's realms, every node. */
  static String concrete(String expr) {
    return expr.replace("$realm", REALM + "|" + LOCK_REALM)
        .replace("$instance", ".+")
        .replace("$__rate_interval", "1m")
        .replace("$__range", "10m");
  }

  static List<JsonNode> panels() {
    List<JsonNode> panels = new ArrayList<>();
    for (JsonNode panel : dashboard().path("panels")) {
      if (!"row".equals(panel.path("type").asText())) {
        panels.add(panel);
      }
    }
    assertThat(panels).hasSizeGreaterThan(15);
    return panels;
  }

  static JsonNode dashboard() {
    try {
      return JSON.readTree(DOCS.resolve("grafana-dashboard.json").toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String resource(String name) throws IOException {
    try (InputStream in = DashboardIT.class.getResourceAsStream("/" + name)) {
      assertThat(in).as(name).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
