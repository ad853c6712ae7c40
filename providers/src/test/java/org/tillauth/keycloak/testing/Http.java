package org.tillauth.keycloak.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Plain HTTP against the server, the way an integrating client talks to it.
 *
 * <p>Hand-written on the JDK client on purpose: the tests assert the exact status, headers and raw
 * body of every answer (the platform's error texts are part of the contract), send requests no
 * conforming client library would build, and never follow redirects. Token requests that a library
 * can describe take their parameters from Nimbus oauth2-oidc-sdk (see {@link
 * AuthorizationCodeClient}).
 */
public final class Http {

  public static final ObjectMapper JSON = new ObjectMapper();

  private final URI baseUrl;
  private final HttpClient client =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(10))
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();

  Http(URI baseUrl) {
    this.baseUrl = baseUrl;
  }

  public URI baseUrl() {
    return baseUrl;
  }

  public URI url(String path) {
    return baseUrl.resolve(path.startsWith("/") ? path : "/" + path);
  }

  public String tokenEndpoint(String realm) {
    return "/realms/" + realm + "/protocol/openid-connect/token";
  }

  public Result postForm(String path, Map<String, String> form) {
    return postForm(path, form, Map.of());
  }

  public Result postForm(String path, Map<String, String> form, Map<String, String> headers) {
    HttpRequest.Builder request =
        request(path, headers)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(formBody(form)));
    return send(request.build());
  }

  public Result postJson(String path, String body, Map<String, String> headers) {
    HttpRequest.Builder request =
        request(path, headers)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    return send(request.build());
  }

  public Result get(String path, Map<String, String> headers) {
    return send(request(path, headers).GET().build());
  }

  /** Password grant (tills log in this way). */
  public Result passwordGrant(String realm, String clientId, String username, String password) {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("grant_type", "password");
    form.put("client_id", clientId);
    form.put("username", username);
    form.put("password", password);
    return postForm(tokenEndpoint(realm), form);
  }

  /** Client-credentials grant with client_secret_post, plus optional request headers. */
  public Result clientCredentials(
      String realm, String clientId, String secret, Map<String, String> headers) {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("grant_type", "client_credentials");
    form.put("client_id", clientId);
    form.put("client_secret", secret);
    return postForm(tokenEndpoint(realm), form, headers);
  }

  public HttpRequest.Builder request(String path, Map<String, String> headers) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(url(path)).timeout(Duration.ofSeconds(60));
    headers.forEach(builder::header);
    return builder;
  }

  public Result send(HttpRequest request) {
    try {
      HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
      return new Result(response.statusCode(), response.headers(), response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static String formBody(Map<String, String> form) {
    return form.entrySet().stream()
        .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
        .collect(Collectors.joining("&"));
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  public static String toJson(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }

  /** A response: status, headers, body, and the body parsed as JSON on demand. */
  public record Result(int status, HttpHeaders headers, String body) {

    public JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (JsonProcessingException e) {
        throw new AssertionError("Not JSON (status " + status + "): " + body, e);
      }
    }

    /** The access token of a successful token response; fails with the body otherwise. */
    public String accessToken() {
      if (status != 200) {
        throw new AssertionError("Expected 200 from token endpoint, got " + status + ": " + body);
      }
      return json().get("access_token").asText();
    }

    public String header(String name) {
      return headers.firstValue(name).orElse(null);
    }

    @Override
    public String toString() {
      return status + " " + body;
    }
  }
}
