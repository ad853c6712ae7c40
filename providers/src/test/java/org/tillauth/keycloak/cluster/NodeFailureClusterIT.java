package org.tillauth.keycloak.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tillauth.keycloak.cluster.ClusterFixtures.digest;
import static org.tillauth.keycloak.cluster.ClusterFixtures.unique;
import static org.tillauth.keycloak.testing.RealmFixtures.audience;
import static org.tillauth.keycloak.testing.RealmFixtures.mapper;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.tillauth.keycloak.testing.AdminApi;
import org.tillauth.keycloak.testing.AuthorizationCodeClient;
import org.tillauth.keycloak.testing.BrowserlessLogin;
import org.tillauth.keycloak.testing.BruteForce;
import org.tillauth.keycloak.testing.ClusterIT;
import org.tillauth.keycloak.testing.ClusterNode;
import org.tillauth.keycloak.testing.DemoRealm;
import org.tillauth.keycloak.testing.Http;
import org.tillauth.keycloak.testing.Jwt;
import org.tillauth.keycloak.testing.KeycloakCluster;
import org.tillauth.keycloak.testing.OrganisationSettings;
import org.tillauth.keycloak.testing.Pkce;

/**
 * Node A is killed with SIGKILL while both nodes are under load. B answers every request without an
 * error, and every check of the other cluster tests still holds on B alone; A restarts, rejoins the
 * cluster, serves again and has lost nothing. Runs last: it restarts node A.
 */
@ClusterIT
@Order(5)
class NodeFailureClusterIT {

  static final String REALM = DemoRealm.NAME;
  static final String SECRET = "failure-secret";
  static final String BASE = "/admin/realms/" + REALM;

  /** One request of the load, and when it ran. */
  record Outcome(String node, Instant started, boolean ok, String detail) {}

  @Test
  void bKeepsServingWhileAIsKilledUnderLoadAndARejoinsWithNothingLost(KeycloakCluster cluster)
      throws Exception {
    ClusterNode a = cluster.a();
    ClusterNode b = cluster.b();
    String till = unique("fault-till");
    String tillId = ClusterFixtures.createTill(a.admin(), REALM, till, "fault-pass");
    String resourceServer = unique("fault-rs");
    String apiClient = unique("fault-api");
    createClient(a.admin(), resourceServer, List.of());
    createClient(
        a.admin(),
        apiClient,
        List.of(
            mapper(
                "till attribution",
                "till-attribution-mapper",
                Map.of("default.till", till, "fallback.to.default.till", "false")),
            mapper("access group", "access-group-mapper", Map.of("access.group", "POS")),
            audience(resourceServer)));
    // One till per load thread: Keycloak refuses parallel logins of the same user on a node while
    // brute-force detection is on (its blocking protector), which would look like failures here.
    List<String> loadTills = new ArrayList<>();
    for (int thread = 0; thread < 4; thread++) {
      String loadTill = unique("fault-load");
      ClusterFixtures.createTill(a.admin(), REALM, loadTill, "fault-pass");
      loadTills.add(loadTill);
    }
    Snapshot before = Snapshot.of(b.admin(), tillId, apiClient);

    // Load on both nodes; A's threads stop at the kill, B's go on through the view change.
    List<Outcome> outcomes = Collections.synchronizedList(new ArrayList<>());
    AtomicBoolean aAlive = new AtomicBoolean(true);
    AtomicBoolean running = new AtomicBoolean(true);
    ExecutorService load = Executors.newFixedThreadPool(4);
    for (int thread = 0; thread < 4; thread++) {
      ClusterNode node = thread % 2 == 0 ? a : b;
      AtomicBoolean go = node == a ? aAlive : running;
      String loadTill = loadTills.get(thread);
      load.submit(
          () -> {
            int i = 0;
            while (go.get() && running.get()) {
              outcomes.add(request(node, i++, loadTill, apiClient));
            }
          });
    }
    ClusterFixtures.sleep(Duration.ofSeconds(3));
    Instant killedAt = Instant.now();
    aAlive.set(false);
    a.kill();
    ClusterFixtures.sleep(Duration.ofSeconds(8));
    running.set(false);
    load.shutdown();
    assertThat(load.awaitTermination(2, TimeUnit.MINUTES)).isTrue();

    List<Outcome> onB = outcomes.stream().filter(o -> o.node().equals("b")).toList();
    List<Outcome> failedOnA =
        outcomes.stream().filter(o -> o.node().equals("a") && !o.ok()).toList();
    assertThat(onB).as("requests answered by B").hasSizeGreaterThan(4);
    assertThat(onB.stream().filter(o -> o.started().isAfter(killedAt)).count())
        .as("requests B answered after the kill")
        .isPositive();
    assertThat(onB.stream().filter(o -> !o.ok()).toList())
        .as(
            "errors on B (brute-force status of the till: %s)",
            BruteForce.status(b.admin(), REALM, tillId))
        .isEmpty();
    // At most the two requests A's threads had in flight when it died.
    assertThat(failedOnA).as("errors on A").hasSizeLessThanOrEqualTo(2);

    // B alone: every kind of check still holds.
    b.awaitClusterView(1, Duration.ofMinutes(2));
    checkEverythingOn(cluster, b, till, tillId, apiClient, resourceServer);
    String tokenFromB =
        b.http().clientCredentials(REALM, apiClient, SECRET, Map.of()).accessToken();
    String latecomer = unique("fault-late");
    String latecomerId = ClusterFixtures.createTill(b.admin(), REALM, latecomer, "late-pass");
    assertThat(b.http().passwordGrant(REALM, DemoRealm.POS_CLIENT, till, digest("wrong")).status())
        .isEqualTo(400);
    BruteForce.awaitFailures(b.admin(), REALM, tillId, 1);

    // A comes back, rejoins, and serves with nothing lost.
    cluster.restart(a);
    cluster.awaitClusterOfTwo();
    Snapshot after = Snapshot.of(a.admin(), tillId, apiClient);
    assertThat(after.users()).as("users seen on A after it rejoined").contains(latecomer);
    after.users().remove(latecomer);
    assertThat(after).isEqualTo(before);
    assertThat(BruteForce.status(a.admin(), REALM, tillId).path("numFailures").asInt())
        .as("failure counted on B while A was down, seen on A")
        .isEqualTo(1);
    ClusterFixtures.sleep(Duration.ofMillis(1100));
    checkEverythingOn(cluster, a, till, tillId, apiClient, resourceServer);
    assertThat(introspect(a, resourceServer, tokenFromB).path("active").asBoolean()).isTrue();
    assertThat(
            a.http()
                .passwordGrant(REALM, DemoRealm.POS_CLIENT, latecomer, digest("late-pass"))
                .status())
        .as("a till created on B while A was down logs in on A")
        .isEqualTo(200);
    assertThat(a.admin().getJson(BASE + "/users/" + latecomerId).path("username").asText())
        .isEqualTo(latecomer);
  }

  /** One request of the load: a till login, an API-client token or a gateway check, in turn. */
  static Outcome request(ClusterNode node, int i, String till, String apiClient) {
    Instant started = Instant.now();
    try {
      Http.Result result =
          switch (i % 3) {
            case 0 ->
                node.http().passwordGrant(REALM, DemoRealm.POS_CLIENT, till, digest("fault-pass"));
            case 1 -> node.http().clientCredentials(REALM, apiClient, SECRET, Map.of());
            default -> ClusterGateway.verifyBasic(node, REALM, till, digest("fault-pass"));
          };
      return new Outcome(node.name(), started, result.status() == 200, result.toString());
    } catch (RuntimeException e) {
      return new Outcome(node.name(), started, false, e.toString());
    }
  }

  /** The checks of the other cluster tests, on one node alone. */
  static void checkEverythingOn(
      KeycloakCluster cluster,
      ClusterNode node,
      String till,
      String tillId,
      String apiClient,
      String resourceServer) {
    Http http = node.http();
    assertThat(
            Jwt.claims(
                http.passwordGrant(REALM, DemoRealm.POS_CLIENT, till, digest("fault-pass"))
                    .accessToken()))
        .as("till login on %s", node)
        .containsEntry("till_code", till);
    String token = http.clientCredentials(REALM, apiClient, SECRET, Map.of()).accessToken();
    assertThat(Jwt.claims(token))
        .containsEntry("till_code", till)
        .containsEntry("access_group", "POS");
    assertThat(introspect(node, resourceServer, token).path("active").asBoolean()).isTrue();
    assertThat(
            ClusterGateway.verifyToken(node, REALM, token, "GET", "/v2/customers/42")
                .header("X-Client-Id"))
        .isEqualTo(apiClient);
    assertThat(
            ClusterGateway.verifyBasic(node, REALM, till, digest("fault-pass"))
                .header("X-Till-Code"))
        .isEqualTo(till);

    OrganisationSettings.setBasicAuth(node.admin(), REALM, false);
    try {
      assertThat(
              http.passwordGrant(REALM, DemoRealm.POS_CLIENT, till, digest("fault-pass"))
                  .json()
                  .path("error")
                  .asText())
          .isEqualTo("unauthorized_client");
    } finally {
      OrganisationSettings.setBasicAuth(node.admin(), REALM, true);
    }

    AuthorizationCodeClient web =
        new AuthorizationCodeClient(http, REALM, "customer-web", "http://localhost:3000/callback");
    Pkce pkce = Pkce.s256();
    BrowserlessLogin browser = new BrowserlessLogin(cluster.routeTo(node));
    browser.get(web.authorizationUrl(web.authorizationParams(pkce, "s", "n")));
    Http.Result redirect = browser.submitCredentials("jane.doe", "JaneRewards1");
    assertThat(redirect.status()).as("customer sign-in on %s: %s", node, redirect).isEqualTo(302);
    String code = AuthorizationCodeClient.responseParams(redirect.header("Location")).get("code");
    assertThat(Jwt.claims(web.exchange(code, pkce.verifier()).accessToken()))
        .containsEntry("preferred_username", "jane.doe");
  }

  static JsonNode introspect(ClusterNode node, String resourceServer, String token) {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("token", token);
    form.put("client_id", resourceServer);
    form.put("client_secret", SECRET);
    return node.http()
        .postForm("/realms/" + REALM + "/protocol/openid-connect/token/introspect", form)
        .json();
  }

  static void createClient(AdminApi admin, String clientId, List<Object> mappers) {
    Map<String, Object> client = new LinkedHashMap<>();
    client.put("clientId", clientId);
    client.put("publicClient", false);
    client.put("secret", SECRET);
    client.put("standardFlowEnabled", false);
    client.put("serviceAccountsEnabled", true);
    client.put("protocolMappers", mappers);
    AdminApi.createdId(admin.post(BASE + "/clients", client));
  }

  /**
   * What must survive: users, clients, client policies and profiles, a till's credential, a secret.
   */
  record Snapshot(
      TreeSet<String> users,
      TreeSet<String> clients,
      JsonNode policies,
      JsonNode profiles,
      String tillCredentialId,
      String secret) {

    static Snapshot of(AdminApi admin, String tillId, String apiClient) {
      String apiClientUuid = admin.clientUuid(REALM, apiClient);
      return new Snapshot(
          names(
              () -> admin.getJson(BASE + "/users?briefRepresentation=true&max=10000"), "username"),
          names(() -> admin.getJson(BASE + "/clients?max=10000"), "clientId"),
          admin.getJson(BASE + "/client-policies/policies"),
          admin.getJson(BASE + "/client-policies/profiles"),
          ClusterFixtures.passwordCredential(admin, REALM, tillId).path("id").asText(),
          admin
              .getJson(BASE + "/clients/" + apiClientUuid + "/client-secret")
              .path("value")
              .asText());
    }

    private static TreeSet<String> names(Supplier<JsonNode> list, String field) {
      TreeSet<String> names = new TreeSet<>();
      list.get().forEach(item -> names.add(item.path(field).asText()));
      return names;
    }
  }
}
