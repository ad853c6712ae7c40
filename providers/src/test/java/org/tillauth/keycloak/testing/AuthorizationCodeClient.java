package org.tillauth.keycloak.testing;

import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.nimbusds.oauth2.sdk.util.URLUtils;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A public OIDC client using the authorization code flow: builds authorization URLs and exchanges
 * codes at the token endpoint (no client secret, like a browser or mobile app).
 *
 * <p>Grant parameters and URL encoding come from Nimbus oauth2-oidc-sdk. The authorization request
 * stays a plain parameter map on purpose: the PKCE tests send requests a conforming client library
 * refuses to build (no challenge, method {@code plain}), and read Keycloak's raw answer. For the
 * same reason the token requests go through {@link Http}, which returns status and body as sent.
 */
public final class AuthorizationCodeClient {

  private final Http http;
  private final String realm;
  private final String clientId;
  private final String redirectUri;

  public AuthorizationCodeClient(Http http, String realm, String clientId, String redirectUri) {
    this.http = http;
    this.realm = realm;
    this.clientId = clientId;
    this.redirectUri = redirectUri;
  }

  public String clientId() {
    return clientId;
  }

  public String redirectUri() {
    return redirectUri;
  }

  public String issuer() {
    return http.url("/realms/" + realm).toString();
  }

  /** Authorization request parameters with an S256 challenge, state and nonce. */
  public Map<String, String> authorizationParams(Pkce pkce, String state, String nonce) {
    Map<String, String> params = baseParams(state);
    params.put("nonce", nonce);
    params.put("code_challenge", pkce.challenge());
    params.put("code_challenge_method", "S256");
    return params;
  }

  /** client_id, redirect_uri, response_type=code, scope=openid and state; nothing else. */
  public Map<String, String> baseParams(String state) {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("client_id", clientId);
    params.put("redirect_uri", redirectUri);
    params.put("response_type", "code");
    params.put("scope", "openid");
    params.put("state", state);
    return params;
  }

  public URI authorizationUrl(Map<String, String> params) {
    return http.url("/realms/" + realm + "/protocol/openid-connect/auth?" + query(params));
  }

  /** The code exchange; {@code verifier} null leaves code_verifier out. */
  public Http.Result exchange(String code, String verifier) {
    AuthorizationCodeGrant grant =
        new AuthorizationCodeGrant(
            new AuthorizationCode(code),
            URI.create(redirectUri),
            verifier == null ? null : new CodeVerifier(verifier));
    return http.postForm(http.tokenEndpoint(realm), form(grant.toParameters()));
  }

  public Http.Result refresh(String refreshToken) {
    RefreshTokenGrant grant = new RefreshTokenGrant(new RefreshToken(refreshToken));
    return http.postForm(http.tokenEndpoint(realm), form(grant.toParameters()));
  }

  /** The grant's parameters plus client_id, as a public client posts them. */
  private Map<String, String> form(Map<String, List<String>> grant) {
    Map<String, String> form = new LinkedHashMap<>();
    grant.forEach((name, values) -> form.put(name, values.get(0)));
    form.put("client_id", clientId);
    return form;
  }

  public static String query(Map<String, String> params) {
    Map<String, List<String>> multi = new LinkedHashMap<>();
    params.forEach((name, value) -> multi.put(name, List.of(value)));
    return URLUtils.serializeParameters(multi);
  }

  /** Query (or fragment) parameters of a redirect URI, decoded. */
  public static Map<String, String> responseParams(String uri) {
    int start = Math.max(uri.indexOf('?'), uri.indexOf('#'));
    Map<String, String> params = new LinkedHashMap<>();
    if (start < 0) {
      return params;
    }
    URLUtils.parseParameters(uri.substring(start + 1))
        .forEach((name, values) -> params.put(name, values.isEmpty() ? "" : values.get(0)));
    return params;
  }
}
