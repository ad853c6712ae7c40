package org.tillauth.keycloak.testing;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A public OIDC client using the authorization code flow: builds authorization URLs and exchanges
 * codes at the token endpoint (no client secret, like a browser or mobile app).
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
    Map<String, String> form = new LinkedHashMap<>();
    form.put("grant_type", "authorization_code");
    form.put("client_id", clientId);
    form.put("code", code);
    form.put("redirect_uri", redirectUri);
    if (verifier != null) {
      form.put("code_verifier", verifier);
    }
    return http.postForm(http.tokenEndpoint(realm), form);
  }

  public Http.Result refresh(String refreshToken) {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("grant_type", "refresh_token");
    form.put("client_id", clientId);
    form.put("refresh_token", refreshToken);
    return http.postForm(http.tokenEndpoint(realm), form);
  }

  public static String query(Map<String, String> params) {
    return params.entrySet().stream()
        .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
        .collect(Collectors.joining("&"));
  }

  /** Query (or fragment) parameters of a redirect URI, decoded. */
  public static Map<String, String> responseParams(String uri) {
    int start = Math.max(uri.indexOf('?'), uri.indexOf('#'));
    Map<String, String> params = new LinkedHashMap<>();
    if (start < 0) {
      return params;
    }
    for (String pair : uri.substring(start + 1).split("&")) {
      int eq = pair.indexOf('=');
      String key = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      params.put(decode(key), decode(value));
    }
    return params;
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private static String decode(String value) {
    return URLDecoder.decode(value, StandardCharsets.UTF_8);
  }
}
