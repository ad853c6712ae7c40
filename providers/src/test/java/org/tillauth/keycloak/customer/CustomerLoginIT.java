package org.tillauth.keycloak.customer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tillauth.keycloak.customer.CustomerApps.CUSTOMER;
import static org.tillauth.keycloak.customer.CustomerApps.CUSTOMER_EMAIL;
import static org.tillauth.keycloak.customer.CustomerApps.CUSTOMER_PASSWORD;
import static org.tillauth.keycloak.customer.CustomerApps.REALM;

import com.nimbusds.jwt.JWTClaimsSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.tillauth.keycloak.testing.AdminApi;
import org.tillauth.keycloak.testing.AuthorizationCodeClient;
import org.tillauth.keycloak.testing.BrowserlessLogin;
import org.tillauth.keycloak.testing.Http;
import org.tillauth.keycloak.testing.IdTokenValidator;
import org.tillauth.keycloak.testing.Jwt;
import org.tillauth.keycloak.testing.KeycloakIT;
import org.tillauth.keycloak.testing.Pkce;

/**
 * The customer apps' sign-in over plain HTTP (the browser test covers the rendered pages): code +
 * PKCE exchange, refresh, verifier checks, and tills refused by the customer browser flow.
 */
@KeycloakIT
class CustomerLoginIT {

  @Test
  void customerSignsInToTheWebAppAndExchangesTheCodeWithTheVerifier(Http http) {
    AuthorizationCodeClient web = CustomerApps.web(http);
    Pkce pkce = Pkce.s256();
    String state = Pkce.randomToken();
    String nonce = Pkce.randomToken();

    Map<String, String> callback = signIn(web, pkce, state, nonce, CUSTOMER, CUSTOMER_PASSWORD);
    assertThat(callback).containsEntry("state", state).containsEntry("iss", web.issuer());

    Http.Result tokens = web.exchange(callback.get("code"), pkce.verifier());
    assertThat(tokens.status()).as(tokens.body()).isEqualTo(200);
    assertThat(tokens.json().path("token_type").asText()).isEqualTo("Bearer");
    assertThat(tokens.json().path("refresh_token").asText()).isNotBlank();

    JWTClaimsSet idToken =
        IdTokenValidator.validate(
            http,
            REALM,
            tokens.json().path("id_token").asText(),
            web.issuer(),
            web.clientId(),
            nonce);
    assertThat(idToken.getClaim("preferred_username")).isEqualTo(CUSTOMER);
    assertThat(idToken.getClaim("email")).isEqualTo(CUSTOMER_EMAIL);
    assertThat(idToken.getClaim("name")).isEqualTo("Jane Doe");

    Map<String, Object> access = Jwt.claims(tokens.accessToken());
    assertThat(access.get("azp")).isEqualTo(web.clientId());
    assertThat(access.get("sub")).isEqualTo(idToken.getSubject());

    Http.Result refreshed = web.refresh(tokens.json().path("refresh_token").asText());
    assertThat(refreshed.status()).as(refreshed.body()).isEqualTo(200);
    assertThat(Jwt.claims(refreshed.accessToken()).get("sub")).isEqualTo(idToken.getSubject());
  }

  @Test
  void mobileAppGetsTheCodeAtItsCustomSchemeRedirect(Http http) {
    AuthorizationCodeClient mobile = CustomerApps.mobile(http);
    Pkce pkce = Pkce.s256();
    String nonce = Pkce.randomToken();

    Map<String, String> callback = signIn(mobile, pkce, "st-m", nonce, CUSTOMER, CUSTOMER_PASSWORD);
    Http.Result tokens = mobile.exchange(callback.get("code"), pkce.verifier());

    assertThat(tokens.status()).as(tokens.body()).isEqualTo(200);
    IdTokenValidator.validate(
        http,
        REALM,
        tokens.json().path("id_token").asText(),
        mobile.issuer(),
        mobile.clientId(),
        nonce);
    assertThat(tokens.json().path("refresh_token").asText()).isNotBlank();
  }

  @Test
  void codeExchangeWithoutTheVerifierIsRefused(Http http) {
    AuthorizationCodeClient web = CustomerApps.web(http);
    Pkce pkce = Pkce.s256();
    Map<String, String> callback = signIn(web, pkce, "st", "n", CUSTOMER, CUSTOMER_PASSWORD);

    Http.Result result = web.exchange(callback.get("code"), null);

    assertThat(result.status()).isEqualTo(400);
    assertThat(result.json().path("error").asText()).isEqualTo("invalid_grant");
    assertThat(result.json().path("error_description").asText())
        .isEqualTo("PKCE code verifier not specified");
  }

  @Test
  void codeExchangeWithAnotherVerifierIsRefused(Http http) {
    AuthorizationCodeClient web = CustomerApps.web(http);
    Pkce pkce = Pkce.s256();
    Map<String, String> callback = signIn(web, pkce, "st", "n", CUSTOMER, CUSTOMER_PASSWORD);

    Http.Result result = web.exchange(callback.get("code"), Pkce.s256().verifier());

    assertThat(result.status()).isEqualTo(400);
    assertThat(result.json().path("error").asText()).isEqualTo("invalid_grant");
    assertThat(result.json().path("error_description").asText())
        .isEqualTo("PKCE verification failed: Code mismatch");
  }

  /** A throwaway customer, so failed logins never count against the sample customer. */
  @Test
  void wrongPasswordShowsTheThemedMessageOnTheLoginPage(AdminApi admin, Http http) {
    String username = "customer-" + UUID.randomUUID();
    String userId = CustomerApps.createCustomer(admin, username, "Right-Password-1");
    try {
      AuthorizationCodeClient web = CustomerApps.web(http);
      BrowserlessLogin browser = new BrowserlessLogin();
      browser.get(web.authorizationUrl(web.authorizationParams(Pkce.s256(), "s", "n")));

      Http.Result page = browser.submitCredentials(username, "Wrong-Password-1");

      assertThat(page.status()).isEqualTo(200);
      assertThat(page.header("Location")).isNull();
      assertThat(page.body())
          .contains(CustomerApps.message("invalidUserMessage"))
          .contains("id=\"kc-form-login\"");
    } finally {
      CustomerApps.deleteUser(admin, userId);
    }
  }

  @Test
  void tillsAreRefusedByBothCustomerAppsWithTheThemedErrorPage(AdminApi admin, Http http) {
    for (AuthorizationCodeClient client :
        List.of(CustomerApps.web(http), CustomerApps.mobile(http))) {
      String till = "till-" + UUID.randomUUID();
      String tillId = CustomerApps.createTill(admin, till, "Till-Password-1");
      try {
        BrowserlessLogin browser = new BrowserlessLogin();
        browser.get(client.authorizationUrl(client.authorizationParams(Pkce.s256(), "s", "n")));

        Http.Result page = browser.submitCredentials(till, "Till-Password-1");

        assertThat(page.header("Location")).as(client.clientId()).isNull();
        assertTillRefusalPage(page);
        // A till opening the wrong app must not be locked out of its POS: nothing is counted.
        assertThat(
                admin
                    .getJson(
                        "/admin/realms/" + REALM + "/attack-detection/brute-force/users/" + tillId)
                    .path("numFailures")
                    .asInt())
            .isZero();
      } finally {
        CustomerApps.deleteUser(admin, tillId);
      }
    }
  }

  /** The refusal runs after sign-in, so an SSO session a till opened elsewhere does not help. */
  @Test
  void tillWithAnSsoSessionFromAnotherClientIsStillRefused(AdminApi admin, Http http) {
    String till = "till-" + UUID.randomUUID();
    String tillId = CustomerApps.createTill(admin, till, "Till-Password-1");
    try {
      BrowserlessLogin browser = new BrowserlessLogin();
      AuthorizationCodeClient account =
          new AuthorizationCodeClient(
              http,
              REALM,
              "account-console",
              http.url("/realms/" + REALM + "/account/").toString());
      browser.get(account.authorizationUrl(account.authorizationParams(Pkce.s256(), "a", "n")));
      Http.Result accountLogin = browser.submitCredentials(till, "Till-Password-1");
      assertThat(accountLogin.status()).as(accountLogin.body()).isEqualTo(302);
      assertThat(accountLogin.header("Location"))
          .startsWith(account.redirectUri())
          .contains("code=");

      AuthorizationCodeClient web = CustomerApps.web(http);
      Http.Result page =
          browser.get(web.authorizationUrl(web.authorizationParams(Pkce.s256(), "s", "n")));

      assertThat(page.header("Location")).isNull();
      assertTillRefusalPage(page);
    } finally {
      CustomerApps.deleteUser(admin, tillId);
    }
  }

  private static void assertTillRefusalPage(Http.Result page) {
    assertThat(page.status()).as(page.body()).isEqualTo(401);
    assertThat(page.body())
        .contains(
            "<p class=\"instruction\">"
                + CustomerApps.message("tillAuthTillNotAllowedInCustomerApps")
                + "</p>")
        .contains(CustomerApps.message("errorTitle"))
        .contains("css/till-auth.css");
  }

  /** Opens the authorization URL, signs in and returns the parameters sent to the redirect URI. */
  static Map<String, String> signIn(
      AuthorizationCodeClient client,
      Pkce pkce,
      String state,
      String nonce,
      String username,
      String password) {
    BrowserlessLogin browser = new BrowserlessLogin();
    Http.Result loginPage =
        browser.get(client.authorizationUrl(client.authorizationParams(pkce, state, nonce)));
    assertThat(loginPage.status()).as(loginPage.body()).isEqualTo(200);
    Http.Result redirect = browser.submitCredentials(username, password);
    assertThat(redirect.status()).as(redirect.body()).isEqualTo(302);
    String location = redirect.header("Location");
    assertThat(location).startsWith(client.redirectUri() + "?");
    Map<String, String> params = AuthorizationCodeClient.responseParams(location);
    assertThat(params).containsKey("code").doesNotContainKey("error");
    return params;
  }
}
