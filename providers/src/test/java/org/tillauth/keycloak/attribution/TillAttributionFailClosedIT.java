package org.tillauth.keycloak.attribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tillauth.keycloak.testing.RealmFixtures.mapper;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tillauth.keycloak.testing.AdminApi;
import org.tillauth.keycloak.testing.DemoRealm;
import org.tillauth.keycloak.testing.Http;
import org.tillauth.keycloak.testing.KeycloakIT;
import org.tillauth.keycloak.testing.RealmFixtures;
import org.tillauth.keycloak.testing.ServerLog;

/**
 * A realm whose client policies do not apply the {@code till-attribution} executor: clients with a
 * till-attribution mapper get no client-credentials token at all (not a token without attribution),
 * at both token endpoints, and the server log says why once, not per token.
 */
@KeycloakIT
class TillAttributionFailClosedIT {

  private static final String SECRET = "it-secret";
  private static final String PROFILE = "till-attribution";

  private static String realm;
  private static RealmFixtures fixtures;
  private static String attributed;
  private static String plain;

  @BeforeAll
  static void setUp(AdminApi admin) {
    realm =
        DemoRealm.createCopy(
            admin, "it-no-executor-" + UUID.randomUUID().toString().substring(0, 8));
    String policies = "/admin/realms/" + realm + "/client-policies/policies";
    // The demo realm's policy api-clients applies the till-attribution profile together with the
    // lifespan profile: drop that profile from every policy, keep the policies and other profiles.
    ObjectNode current = (ObjectNode) admin.getJson(policies);
    int removed = 0;
    for (JsonNode policy : current.path("policies")) {
      ArrayNode kept = Http.JSON.createArrayNode();
      for (JsonNode profile : policy.path("profiles")) {
        if (PROFILE.equals(profile.asText())) {
          removed++;
        } else {
          kept.add(profile);
        }
      }
      ((ObjectNode) policy).set("profiles", kept);
    }
    assertThat(removed).as("policies applying the till-attribution profile").isPositive();
    RealmFixtures.expect(admin.put(policies, current), 204);
    List<String> applied = new ArrayList<>();
    admin
        .getJson(policies)
        .path("policies")
        .forEach(p -> p.path("profiles").forEach(n -> applied.add(n.asText())));
    assertThat(applied).doesNotContain(PROFILE).contains("api-client-token-lifespan");

    fixtures = new RealmFixtures(admin, realm, "it-closed");
    attributed = attributedClient("attributed");
    plain = fixtures.name("plain");
    fixtures.confidentialClient(plain, SECRET, Map.of(), List.of());
  }

  /** A client with a till-attribution mapper (each its own cause of the throttled warning). */
  private static String attributedClient(String suffix) {
    String clientId = fixtures.name(suffix);
    fixtures.confidentialClient(
        clientId,
        SECRET,
        Map.of(),
        List.of(
            mapper(
                "till attribution",
                TillAttributionMapper.PROVIDER_ID,
                Map.of("default.till", "store.server"))));
    return clientId;
  }

  @AfterAll
  static void tearDown(AdminApi admin) {
    if (realm != null) {
      admin.delete("/admin/realms/" + realm);
    }
  }

  @Test
  void tokensOfClientsWithTheMapperAreRefusedAndLoggedOnce(Http http) {
    String logged = attributedClient("logged");
    long mark = ServerLog.mark();
    for (Map<String, String> headers :
        List.of(
            Map.<String, String>of(),
            Map.of("X-CAP-API-ATTRIBUTION-ENTITY-CODE", "till-002"),
            Map.of("X-CAP-API-ATTRIBUTION-ENTITY-CODE", "no-such-till"))) {
      Http.Result result = http.clientCredentials(realm, logged, SECRET, headers);
      assertThat(result.status()).as("%s %s", headers, result).isEqualTo(400);
      assertThat(result.json())
          .isEqualTo(
              Http.JSON
                  .createObjectNode()
                  .put("error", "invalid_request")
                  .put("error_description", TokenAttribution.NOT_DECIDED));
    }
    if (ServerLog.file().isPresent()) {
      String line =
          "Client "
              + logged
              + " of realm "
              + realm
              + " has a till-attribution mapper, but the 'till-attribution' client policy"
              + " executor does not apply to it";
      assertThat(ServerLog.since(mark).split(Pattern.quote(line), -1))
          .as("logged once for three refused tokens")
          .hasSize(2);
    }
  }

  @Test
  void theJsonEndpointRefusesThemWithTheSameText(Http http) {
    Http.Result result =
        http.postJson(
            "/realms/" + realm + "/v3/oauth/token/generate",
            "{\"key\":\"" + attributed + "\",\"secret\":\"" + SECRET + "\"}",
            Map.of());
    assertThat(result.status()).as("%s", result).isEqualTo(400);
    assertThat(result.json().at("/errors/0/code").asInt()).isEqualTo(320200);
    assertThat(result.json().at("/errors/0/message").asText())
        .isEqualTo(TokenAttribution.NOT_DECIDED);
  }

  /** The refusal comes while the token is built: the server log, not an event, reports it. */
  @Test
  void aRefusedTokenRecordsNoEventWhereASuccessDoes(Http http, AdminApi admin) {
    String refused = attributedClient("events");
    assertThat(http.clientCredentials(realm, refused, SECRET, Map.of()).status()).isEqualTo(400);
    assertThat(http.clientCredentials(realm, plain, SECRET, Map.of()).status()).isEqualTo(200);

    String events = "/admin/realms/" + realm + "/events?client=";
    assertThat(admin.getJson(events + plain + "&type=CLIENT_LOGIN")).isNotEmpty();
    assertThat(admin.getJson(events + refused)).isEmpty();
  }

  /** The console's Evaluate tab builds example tokens outside any grant: nothing to refuse. */
  @Test
  void theConsolesExampleTokensAreShownWithoutAttribution(AdminApi admin) {
    String base = "/admin/realms/" + realm + "/clients/";
    String id =
        admin
            .getJson(base.substring(0, base.length() - 1) + "?clientId=" + attributed)
            .get(0)
            .path("id")
            .asText();
    String user = admin.getJson(base + id + "/service-account-user").path("id").asText();
    for (String example : List.of("access-token", "id-token")) {
      Http.Result result =
          admin.get(
              base
                  + id
                  + "/evaluate-scopes/generate-example-"
                  + example
                  + "?scope=openid&userId="
                  + user);
      assertThat(result.status()).as("%s: %s", example, result).isEqualTo(200);
      assertThat(result.json().has("till_code")).as(example).isFalse();
    }
  }

  @Test
  void clientsWithoutTheMapperAreNotAffected(Http http) {
    assertThat(http.clientCredentials(realm, plain, SECRET, Map.of()).accessToken()).isNotBlank();
  }
}
