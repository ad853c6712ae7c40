package org.tillauth.keycloak.customer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tillauth.keycloak.customer.CustomerApps.CUSTOMER;
import static org.tillauth.keycloak.customer.CustomerApps.CUSTOMER_EMAIL;
import static org.tillauth.keycloak.customer.CustomerApps.CUSTOMER_PASSWORD;
import static org.tillauth.keycloak.customer.CustomerApps.FLOW_ALIAS;
import static org.tillauth.keycloak.customer.CustomerApps.MARKER_ATTRIBUTE;
import static org.tillauth.keycloak.customer.CustomerApps.MOBILE;
import static org.tillauth.keycloak.customer.CustomerApps.MOBILE_REDIRECT;
import static org.tillauth.keycloak.customer.CustomerApps.REALM;
import static org.tillauth.keycloak.customer.CustomerApps.THEME;
import static org.tillauth.keycloak.customer.CustomerApps.WEB;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.tillauth.keycloak.testing.AdminApi;
import org.tillauth.keycloak.testing.AuthorizationCodeClient;
import org.tillauth.keycloak.testing.Http;
import org.tillauth.keycloak.testing.KeycloakIT;
import org.tillauth.keycloak.testing.Pkce;

/** realm-export's customer apps: public, authorization code only, bound to the customer flow. */
@KeycloakIT
class CustomerClientsIT {

  @Test
  void customerClientsArePublicAuthorizationCodeClientsWithRefreshTokens(AdminApi admin) {
    String flowId = flowId(admin, FLOW_ALIAS);
    for (String clientId : List.of(WEB, MOBILE)) {
      JsonNode client =
          admin.getJson("/admin/realms/" + REALM + "/clients/" + admin.clientUuid(REALM, clientId));
      assertThat(client.path("publicClient").asBoolean()).as(clientId).isTrue();
      assertThat(client.path("standardFlowEnabled").asBoolean()).as(clientId).isTrue();
      assertThat(client.path("implicitFlowEnabled").asBoolean()).as(clientId).isFalse();
      assertThat(client.path("directAccessGrantsEnabled").asBoolean()).as(clientId).isFalse();
      assertThat(client.path("serviceAccountsEnabled").asBoolean()).as(clientId).isFalse();
      JsonNode attributes = client.path("attributes");
      assertThat(attributes.path("use.refresh.tokens").asText()).as(clientId).isEqualTo("true");
      assertThat(attributes.path("pkce.code.challenge.method").asText())
          .as(clientId)
          .isEqualTo("S256");
      assertThat(attributes.path(MARKER_ATTRIBUTE).asText()).as(clientId).isEqualTo("true");
      assertThat(client.path("authenticationFlowBindingOverrides").path("browser").asText())
          .as(clientId)
          .isEqualTo(flowId);
    }
    JsonNode web =
        admin.getJson("/admin/realms/" + REALM + "/clients/" + admin.clientUuid(REALM, WEB));
    assertThat(texts(web.path("redirectUris"))).containsExactly("http://localhost:3000/*");
    assertThat(texts(web.path("webOrigins"))).containsExactly("http://localhost:3000");
    JsonNode mobile =
        admin.getJson("/admin/realms/" + REALM + "/clients/" + admin.clientUuid(REALM, MOBILE));
    assertThat(texts(mobile.path("redirectUris"))).containsExactly(MOBILE_REDIRECT);
  }

  @Test
  void demoRealmShowsTheTillAuthLoginTheme(AdminApi admin) {
    assertThat(admin.getJson("/admin/realms/" + REALM).path("loginTheme").asText())
        .isEqualTo(THEME);
  }

  @Test
  void sampleCustomerHasACompleteProfileAndIsNotATill(AdminApi admin) {
    String id = admin.userId(REALM, CUSTOMER);
    JsonNode user = admin.getJson("/admin/realms/" + REALM + "/users/" + id);
    assertThat(user.path("firstName").asText()).isEqualTo("Jane");
    assertThat(user.path("lastName").asText()).isEqualTo("Doe");
    assertThat(user.path("email").asText()).isEqualTo(CUSTOMER_EMAIL);
    assertThat(user.path("emailVerified").asBoolean()).isTrue();
    JsonNode realmRoles =
        admin.getJson("/admin/realms/" + REALM + "/users/" + id + "/role-mappings/realm");
    assertThat(realmRoles.findValuesAsText("name")).doesNotContain("till");
  }

  @Test
  void passwordGrantIsRefusedForTheCustomerApps(Http http) {
    for (String clientId : List.of(WEB, MOBILE)) {
      Http.Result result = http.passwordGrant(REALM, clientId, CUSTOMER, CUSTOMER_PASSWORD);
      assertThat(result.status()).as(clientId).isEqualTo(400);
      assertThat(result.json().path("error").asText()).isEqualTo("unauthorized_client");
      assertThat(result.json().path("error_description").asText())
          .isEqualTo("Client not allowed for direct access grants");
    }
  }

  @Test
  void implicitFlowIsRefused(Http http) {
    AuthorizationCodeClient web = CustomerApps.web(http);
    Map<String, String> params = web.authorizationParams(Pkce.s256(), "st-implicit", "n-implicit");
    params.put("response_type", "id_token token");

    Http.Result result = http.send(HttpRequest.newBuilder(web.authorizationUrl(params)).build());

    assertThat(result.status()).isEqualTo(302);
    String location = result.header("Location");
    assertThat(location).startsWith(CustomerApps.WEB_REDIRECT + "#");
    Map<String, String> error = AuthorizationCodeClient.responseParams(location);
    assertThat(error)
        .containsEntry("error", "unauthorized_client")
        .containsEntry(
            "error_description",
            "Client is not allowed to initiate browser login with given response_type. Implicit flow"
                + " is disabled for the client.")
        .containsEntry("state", "st-implicit");
  }

  @Test
  void unregisteredRedirectUriGetsAnErrorPageNotARedirect(Http http) {
    AuthorizationCodeClient evil =
        new AuthorizationCodeClient(http, REALM, WEB, "http://evil.example/callback");
    Http.Result result =
        http.send(
            HttpRequest.newBuilder(
                    evil.authorizationUrl(evil.authorizationParams(Pkce.s256(), "s", "n")))
                .build());

    assertThat(result.status()).isEqualTo(400);
    assertThat(result.header("Location")).isNull();
    assertThat(result.body())
        .contains("<p class=\"instruction\">Invalid parameter: redirect_uri</p>")
        .contains("css/till-auth.css");
  }

  static String flowId(AdminApi admin, String alias) {
    JsonNode flows = admin.getJson("/admin/realms/" + REALM + "/authentication/flows");
    return StreamSupport.stream(flows.spliterator(), false)
        .filter(f -> alias.equals(f.path("alias").asText()))
        .map(f -> f.path("id").asText())
        .findFirst()
        .orElseThrow(() -> new AssertionError("No top-level flow '" + alias + "'"));
  }

  private static List<String> texts(JsonNode array) {
    return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
  }
}
