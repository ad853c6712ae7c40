package org.tillauth.keycloak.customer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tillauth.keycloak.customer.CustomerApps.MARKER_ATTRIBUTE;
import static org.tillauth.keycloak.customer.CustomerApps.MOBILE_REDIRECT;
import static org.tillauth.keycloak.customer.CustomerApps.REALM;
import static org.tillauth.keycloak.customer.CustomerApps.WEB;
import static org.tillauth.keycloak.customer.CustomerApps.WEB_REDIRECT;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.tillauth.keycloak.testing.AdminApi;
import org.tillauth.keycloak.testing.AuthorizationCodeClient;
import org.tillauth.keycloak.testing.Http;
import org.tillauth.keycloak.testing.KeycloakIT;
import org.tillauth.keycloak.testing.Pkce;

/**
 * PKCE with S256 is required for the customer apps. Two layers: the clients' own PKCE setting
 * (checked first by Keycloak's authorization endpoint) and the client policy
 * customer-apps-require-pkce (pkce-enforcer for every client marked tillauth.customer.app=true),
 * which also refuses admin changes that would drop S256.
 */
@KeycloakIT
class CustomerPkceIT {

  private static final String PLAIN_CHALLENGE = "plain-challenge-plain-challenge-plain-challenge";

  @Test
  void authorizationRequestWithoutPkceIsRefusedWithAnOAuthErrorRedirect(Http http) {
    for (AuthorizationCodeClient client :
        List.of(CustomerApps.web(http), CustomerApps.mobile(http))) {
      Map<String, String> error = refusal(http, client, client.baseParams("st-none"));

      assertThat(error)
          .as(client.clientId())
          .containsEntry("error", "invalid_request")
          .containsEntry("error_description", "Missing parameter: code_challenge_method")
          .containsEntry("state", "st-none")
          .containsEntry("iss", client.issuer());
    }
  }

  @Test
  void authorizationRequestWithPlainMethodIsRefused(Http http) {
    for (AuthorizationCodeClient client :
        List.of(CustomerApps.web(http), CustomerApps.mobile(http))) {
      Map<String, String> params = client.baseParams("st-plain");
      params.put("code_challenge", PLAIN_CHALLENGE);
      params.put("code_challenge_method", "plain");

      Map<String, String> error = refusal(http, client, params);

      assertThat(error)
          .as(client.clientId())
          .containsEntry("error", "invalid_request")
          .containsEntry(
              "error_description",
              "Invalid parameter: code challenge method is not matching the configured one")
          .containsEntry("state", "st-plain");
    }
  }

  @Test
  void authorizationRequestWithS256ChallengeShowsTheThemedLoginPage(Http http) {
    for (AuthorizationCodeClient client :
        List.of(CustomerApps.web(http), CustomerApps.mobile(http))) {
      Http.Result page =
          http.send(
              HttpRequest.newBuilder(
                      client.authorizationUrl(
                          client.authorizationParams(Pkce.s256(), "st-ok", "n-ok")))
                  .build());

      assertThat(page.status()).as(client.clientId()).isEqualTo(200);
      assertThat(page.body())
          .contains("id=\"kc-form-login\"")
          .contains("<div class=\"kc-logo-text\"><span>Demo Retail Rewards</span></div>")
          .contains("/resources/")
          .contains("css/till-auth.css");
    }
  }

  /**
   * The policy on its own: a client marked as a customer app but without the client-level PKCE
   * setting (admin REST registration does not run the marker condition, the client does not exist
   * yet) is still refused without S256; an unmarked client is not.
   */
  @Test
  void clientPolicyEnforcesS256ForEveryClientMarkedAsCustomerApp(AdminApi admin, Http http) {
    String marked = "pkce-marked-" + UUID.randomUUID();
    String unmarked = "pkce-unmarked-" + UUID.randomUUID();
    String markedId = createPublicClient(admin, marked, Map.of(MARKER_ATTRIBUTE, "true"));
    String unmarkedId = createPublicClient(admin, unmarked, Map.of());
    try {
      AuthorizationCodeClient markedClient =
          new AuthorizationCodeClient(http, REALM, marked, WEB_REDIRECT);
      assertThat(refusal(http, markedClient, markedClient.baseParams("s1")))
          .containsEntry("error", "invalid_request")
          .containsEntry("error_description", "Missing parameter: code_challenge_method");

      Map<String, String> plain = markedClient.baseParams("s2");
      plain.put("code_challenge", PLAIN_CHALLENGE);
      plain.put("code_challenge_method", "plain");
      assertThat(refusal(http, markedClient, plain))
          .containsEntry("error", "invalid_request")
          .containsEntry("error_description", "Invalid parameter: invalid code_challenge_method");

      assertThat(
              status(http, markedClient, markedClient.authorizationParams(Pkce.s256(), "s3", "n")))
          .isEqualTo(200);

      AuthorizationCodeClient unmarkedClient =
          new AuthorizationCodeClient(http, REALM, unmarked, WEB_REDIRECT);
      assertThat(status(http, unmarkedClient, unmarkedClient.baseParams("s4"))).isEqualTo(200);
    } finally {
      admin.delete("/admin/realms/" + REALM + "/clients/" + markedId);
      admin.delete("/admin/realms/" + REALM + "/clients/" + unmarkedId);
    }
  }

  @Test
  void adminCannotDropS256FromACustomerApp(AdminApi admin) {
    String path = "/admin/realms/" + REALM + "/clients/" + admin.clientUuid(REALM, WEB);
    ObjectNode client = (ObjectNode) admin.getJson(path);
    ((ObjectNode) client.path("attributes")).put("pkce.code.challenge.method", "");
    try {
      Http.Result result = admin.put(path, client);

      assertThat(result.status()).isEqualTo(400);
      assertThat(result.json().path("error").asText()).isEqualTo("invalid_client_metadata");
      assertThat(result.json().path("error_description").asText())
          .isEqualTo("Invalid client metadata: code_challenge_method");
      assertThat(admin.getJson(path).path("attributes").path("pkce.code.challenge.method").asText())
          .isEqualTo("S256");
    } finally {
      ObjectNode current = (ObjectNode) admin.getJson(path);
      if (!"S256".equals(current.path("attributes").path("pkce.code.challenge.method").asText())) {
        ((ObjectNode) current.path("attributes")).put("pkce.code.challenge.method", "S256");
        admin.put(path, current);
      }
    }
  }

  @Test
  void policyUsesTheBuiltInPkceEnforcerWithoutAutoConfiguration(AdminApi admin) {
    JsonNode profiles = admin.getJson("/admin/realms/" + REALM + "/client-policies/profiles");
    JsonNode profile = named(profiles.path("profiles"), "customer-app-pkce");
    assertThat(profile.path("executors")).hasSize(1);
    assertThat(profile.path("executors").get(0).path("executor").asText())
        .isEqualTo("pkce-enforcer");
    assertThat(
            profile.path("executors").get(0).path("configuration").path("auto-configure").asText())
        .isEqualTo("false");

    JsonNode policies = admin.getJson("/admin/realms/" + REALM + "/client-policies/policies");
    JsonNode policy = named(policies.path("policies"), "customer-apps-require-pkce");
    assertThat(policy.path("enabled").asBoolean()).isTrue();
    assertThat(policy.path("profiles").get(0).asText()).isEqualTo("customer-app-pkce");
    assertThat(policy.path("conditions").get(0).path("condition").asText())
        .isEqualTo("client-attributes");
  }

  @Test
  void mobileRedirectKeepsTheCustomScheme(Http http) {
    AuthorizationCodeClient mobile = CustomerApps.mobile(http);
    Http.Result result =
        http.send(HttpRequest.newBuilder(mobile.authorizationUrl(mobile.baseParams("m"))).build());
    assertThat(result.header("Location")).startsWith(MOBILE_REDIRECT + "?error=invalid_request");
  }

  private static Map<String, String> refusal(
      Http http, AuthorizationCodeClient client, Map<String, String> params) {
    Http.Result result = http.send(HttpRequest.newBuilder(client.authorizationUrl(params)).build());
    assertThat(result.status()).as("%s: %s", client.clientId(), result.body()).isEqualTo(302);
    String location = result.header("Location");
    assertThat(location).startsWith(client.redirectUri() + "?");
    return AuthorizationCodeClient.responseParams(location);
  }

  private static int status(Http http, AuthorizationCodeClient client, Map<String, String> params) {
    Http.Result result = http.send(HttpRequest.newBuilder(client.authorizationUrl(params)).build());
    return result.status();
  }

  private static String createPublicClient(
      AdminApi admin, String clientId, Map<String, String> attributes) {
    Map<String, Object> client =
        Map.of(
            "clientId",
            clientId,
            "publicClient",
            true,
            "standardFlowEnabled",
            true,
            "directAccessGrantsEnabled",
            false,
            "redirectUris",
            List.of("http://localhost:3000/*"),
            "attributes",
            attributes);
    return AdminApi.createdId(admin.post("/admin/realms/" + REALM + "/clients", client));
  }

  private static JsonNode named(JsonNode array, String name) {
    for (JsonNode node : array) {
      if (name.equals(node.path("name").asText())) {
        return node;
      }
    }
    throw new AssertionError("No '" + name + "' in " + array);
  }
}
