package org.tillauth.keycloak.testing;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The administration page's sign-in without a browser, as {@code app.js} does it: authorization
 * code + PKCE S256 with the realm's public client {@code till-admin}, the credentials posted on
 * Keycloak's login form, the code exchanged. Answers the token response.
 */
public final class PageSignIn {

  private PageSignIn() {}

  public static Http.Result tokens(Http http, String realm, String username, String password) {
    AuthorizationCodeClient page =
        new AuthorizationCodeClient(
            http, realm, "till-admin", http.url("/realms/" + realm + "/till-admin/").toString());
    Pkce pkce = Pkce.s256();
    BrowserlessLogin browser = new BrowserlessLogin();
    Http.Result loginPage =
        browser.get(page.authorizationUrl(page.authorizationParams(pkce, "s", "n")));
    assertThat(loginPage.status()).as(loginPage.body()).isEqualTo(200);
    Http.Result answer = browser.submitCredentials(username, password);
    assertThat(answer.status()).as(answer.body()).isEqualTo(302);
    String code = AuthorizationCodeClient.responseParams(answer.header("Location")).get("code");
    assertThat(code).as(answer.header("Location")).isNotBlank();
    Http.Result tokens = page.exchange(code, pkce.verifier());
    assertThat(tokens.status()).as(tokens.body()).isEqualTo(200);
    return tokens;
  }
}
