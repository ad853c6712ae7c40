package org.tillauth.keycloak.tokenjson;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jwk.AsymmetricJWK;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.http.HttpRequest;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.tillauth.keycloak.testing.AdminApi;
import org.tillauth.keycloak.testing.Http;
import org.tillauth.keycloak.testing.Jwt;
import org.tillauth.keycloak.testing.KeycloakIT;

/** The JSON token endpoint in demo-org, against the standard token endpoint. */
@KeycloakIT
class CompatTokenEndpointIT {

  private static final String REALM = "demo-org";
  private static final String ENDPOINT = CompatClients.endpoint(REALM);
  private static final String INVALID_CLIENT_BODY =
      "{\"data\":null,\"errors\":[{\"code\":320001,\"message\":\"Invalid client key and secret\"}]}";
  private static final int LIFESPAN = 123;
  private static final Map<String, String> ATTRIBUTION =
      Map.of(
          "X-CAP-API-ATTRIBUTION-ENTITY-TYPE", "TILL",
          "X-CAP-API-ATTRIBUTION-ENTITY-CODE", "store.server");

  /** Claims that differ between any two tokens, whichever endpoint issued them. */
  private static final Set<String> PER_TOKEN_CLAIMS =
      Set.of("iat", "exp", "nbf", "jti", "sid", "session_state", "auth_time");

  private static CompatClients clients;
  private static String main;
  private static String mainSecret;
  private static String probe;
  private static String postOnly;
  private static String postOnlySecret;
  private static String basicOnly;
  private static String basicOnlySecret;
  private static final Map<String, String> rejectedSecrets = new LinkedHashMap<>();
  private static final String SECRET_METHOD = CompatClients.SECRET_METHOD;

  @BeforeAll
  static void createClients(AdminApi admin) {
    clients = new CompatClients(admin, REALM);
    main = CompatClients.unique("compat-main");
    mainSecret = CompatClients.unique("secret");
    probe = CompatClients.unique("probe");
    Map<String, Object> api = CompatClients.apiClient(main, mainSecret);
    api.put("attributes", Map.of("access.token.lifespan", String.valueOf(LIFESPAN)));
    api.put(
        "protocolMappers",
        List.of(
            Map.of(
                "name", "compat-probe",
                "protocol", "openid-connect",
                "protocolMapper", "oidc-hardcoded-claim-mapper",
                "config",
                    Map.of(
                        "claim.name", "compat_probe",
                        "claim.value", probe,
                        "jsonType.label", "String",
                        "access.token.claim", "true",
                        "id.token.claim", "false",
                        "userinfo.token.claim", "false"))));
    clients.create(api);

    rejectedSecrets.putAll(clients.createRejectedClients());
    rejectedSecrets.put(main, "wrong-" + mainSecret);

    basicOnly = CompatClients.unique("compat-basic-only");
    basicOnlySecret = CompatClients.unique("secret");
    Map<String, Object> basic = CompatClients.apiClient(basicOnly, basicOnlySecret);
    basic.put("attributes", Map.of(SECRET_METHOD, "client_secret_basic"));
    clients.create(basic);

    postOnly = CompatClients.unique("compat-post-only");
    postOnlySecret = CompatClients.unique("secret");
    Map<String, Object> rep = CompatClients.apiClient(postOnly, postOnlySecret);
    rep.put("attributes", Map.of(SECRET_METHOD, "client_secret_post"));
    clients.create(rep);
  }

  @AfterAll
  static void deleteClients() {
    if (clients != null) {
      clients.deleteAll();
    }
  }

  @Test
  void issuesATokenInThePlatformEnvelope(Http http) {
    Http.Result result = http.postJson(ENDPOINT, CompatClients.body(main, mainSecret), Map.of());

    assertThat(result.status()).as("%s", result).isEqualTo(200);
    assertThat(result.header("Cache-Control")).isEqualTo("no-store");
    assertThat(result.header("Content-Type")).startsWith("application/json");
    JsonNode body = result.json();
    assertThat(body.fieldNames()).toIterable().containsExactly("data", "errors");
    assertThat(body.get("errors").isNull()).isTrue();
    assertThat(body.get("data").fieldNames())
        .toIterable()
        .containsExactly("accessToken", "ttlSeconds");
    assertThat(body.at("/data/ttlSeconds").isIntegralNumber()).isTrue();

    Map<String, Object> claims = Jwt.claims(body.at("/data/accessToken").asText());
    assertThat(claims).containsEntry("azp", main).containsEntry("compat_probe", probe);
    long exp = ((Number) claims.get("exp")).longValue();
    long iat = ((Number) claims.get("iat")).longValue();
    assertThat(body.at("/data/ttlSeconds").asLong()).isEqualTo(exp - iat).isEqualTo(LIFESPAN);
  }

  @Test
  void tokenIsWhatTheStandardEndpointIssuesForTheSameClientAndHeaders(Http http) throws Exception {
    Http.Result compat = http.postJson(ENDPOINT, CompatClients.body(main, mainSecret), ATTRIBUTION);
    Http.Result standard = http.clientCredentials(REALM, main, mainSecret, ATTRIBUTION);
    assertThat(compat.status()).as("%s", compat).isEqualTo(200);
    String compatToken = compat.json().at("/data/accessToken").asText();
    String standardToken = standard.accessToken();

    Map<String, Object> compatClaims = new HashMap<>(Jwt.claims(compatToken));
    Map<String, Object> standardClaims = new HashMap<>(Jwt.claims(standardToken));
    assertThat(compatClaims).containsEntry("compat_probe", probe);
    assertThat(lifetime(compatClaims)).isEqualTo(lifetime(standardClaims)).isEqualTo(LIFESPAN);
    assertThat(compat.json().at("/data/ttlSeconds").asLong()).isEqualTo(LIFESPAN);
    // expires_in counts from "now", which may have ticked past iat by a second.
    assertThat(standard.json().get("expires_in").asLong())
        .isBetween(LIFESPAN - 1L, (long) LIFESPAN);
    compatClaims.keySet().removeAll(PER_TOKEN_CLAIMS);
    standardClaims.keySet().removeAll(PER_TOKEN_CLAIMS);
    assertThat(compatClaims).isEqualTo(standardClaims);

    SignedJWT compatJwt = SignedJWT.parse(compatToken);
    SignedJWT standardJwt = SignedJWT.parse(standardToken);
    assertThat(compatJwt.getHeader().getKeyID()).isEqualTo(standardJwt.getHeader().getKeyID());
    assertThat(compatJwt.getHeader().getAlgorithm())
        .isEqualTo(standardJwt.getHeader().getAlgorithm());
    assertThat(compatJwt.getHeader().getType()).isEqualTo(standardJwt.getHeader().getType());

    JWKSet jwks =
        JWKSet.parse(
            http.get("/realms/" + REALM + "/protocol/openid-connect/certs", Map.of()).body());
    assertThat(verify(compatJwt, jwks)).isTrue();
    assertThat(verify(standardJwt, jwks)).isTrue();
  }

  /**
   * Headers of the JSON request are the request context's headers during token issuance, as on the
   * standard endpoint (the till attribution mapper reads them from there): a DPoP proof header,
   * read from that context, binds the token to the caller's key on both endpoints alike.
   */
  @Test
  void requestHeadersReachTokenIssuanceAsOnTheStandardEndpoint(Http http) throws Exception {
    ECKey key = new ECKeyGenerator(Curve.P_256).generate();
    String compatProof = dpopProof(key, http.url(ENDPOINT).toString());
    String standardProof = dpopProof(key, http.url(http.tokenEndpoint(REALM)).toString());

    Http.Result compat =
        http.postJson(ENDPOINT, CompatClients.body(main, mainSecret), Map.of("DPoP", compatProof));
    Http.Result standard =
        http.clientCredentials(REALM, main, mainSecret, Map.of("DPoP", standardProof));

    assertThat(compat.status()).as("%s", compat).isEqualTo(200);
    Object compatCnf = Jwt.claims(compat.json().at("/data/accessToken").asText()).get("cnf");
    Object standardCnf = Jwt.claims(standard.accessToken()).get("cnf");
    assertThat(compatCnf)
        .isEqualTo(standardCnf)
        .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
        .containsEntry("jkt", key.computeThumbprint().toString());

    Http.Result badCompat =
        http.postJson(ENDPOINT, CompatClients.body(main, mainSecret), Map.of("DPoP", "not-a-jwt"));
    Http.Result badStandard =
        http.clientCredentials(REALM, main, mainSecret, Map.of("DPoP", "not-a-jwt"));
    assertThat(badStandard.status()).isEqualTo(400);
    assertError(badCompat, 400, 320200, badStandard.json().get("error_description").asText());
  }

  private static String dpopProof(ECKey key, String htu) throws Exception {
    SignedJWT proof =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.ES256)
                .type(new JOSEObjectType("dpop+jwt"))
                .jwk(key.toPublicJWK())
                .build(),
            new JWTClaimsSet.Builder()
                .claim("htm", "POST")
                .claim("htu", htu)
                .issueTime(new Date())
                .jwtID(UUID.randomUUID().toString())
                .build());
    proof.sign(new ECDSASigner(key));
    return proof.serialize();
  }

  @Test
  void acceptsCharsetParameterAndIgnoresExtraFields(Http http) {
    String body =
        "{\"key\":"
            + Http.toJson(main)
            + ",\"secret\":"
            + Http.toJson(mainSecret)
            + ",\"orgId\":42,\"note\":{\"a\":[1,2]}}";
    Http.Result result =
        http.send(
            http.request(ENDPOINT, Map.of("Content-Type", "Application/JSON; charset=UTF-8"))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());

    assertThat(result.status()).as("%s", result).isEqualTo(200);
    assertThat(result.json().at("/data/accessToken").asText()).isNotBlank();
  }

  @Test
  void clientsRestrictedToClientSecretPostAreAccepted(Http http) {
    Http.Result result =
        http.postJson(ENDPOINT, CompatClients.body(postOnly, postOnlySecret), Map.of());

    assertThat(result.status()).as("%s", result).isEqualTo(200);
    assertThat(Jwt.claims(result.json().at("/data/accessToken").asText()))
        .containsEntry("azp", postOnly);
  }

  /**
   * The allowed secret method ({@code client.secret.authentication.allowed.method}) is enforced by
   * Keycloak's client-secret authenticator from 26.7 on; older servers ignore it on both endpoints.
   * The body carries the secret as a POST form does, so the JSON endpoint follows the standard
   * endpoint's answer to {@code client_secret_post}.
   */
  @Test
  void clientsRestrictedToClientSecretBasicAreRefusedWhereKeycloakEnforcesIt(Http http) {
    Http.Result standard = http.clientCredentials(REALM, basicOnly, basicOnlySecret, Map.of());
    Http.Result compat =
        http.postJson(ENDPOINT, CompatClients.body(basicOnly, basicOnlySecret), Map.of());

    if (keycloakAtLeast(26, 7)) {
      assertThat(standard.status()).as("%s", standard).isEqualTo(401);
      assertThat(compat.status()).as("%s", compat).isEqualTo(401);
      assertThat(compat.body()).isEqualTo(INVALID_CLIENT_BODY);
    } else {
      assertThat(standard.status()).as("%s", standard).isEqualTo(200);
      assertThat(compat.status()).as("%s", compat).isEqualTo(200);
    }
  }

  private static boolean keycloakAtLeast(int major, int minor) {
    String[] version = System.getProperty("keycloak.version", "26.7.3").split("\\.");
    int actualMajor = Integer.parseInt(version[0]);
    return actualMajor > major || (actualMajor == major && Integer.parseInt(version[1]) >= minor);
  }

  static Stream<Arguments> rejectedCredentials() {
    return rejectedSecrets.entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rejectedCredentials")
  void everyClientAuthenticationFailureGetsTheSame401(String key, String secret, Http http) {
    Http.Result result = http.postJson(ENDPOINT, CompatClients.body(key, secret), Map.of());

    assertThat(result.status()).as("%s", result).isEqualTo(401);
    assertThat(result.body()).isEqualTo(INVALID_CLIENT_BODY);
    assertThat(result.header("Cache-Control")).isEqualTo("no-store");
    assertThat(result.header("Content-Type")).startsWith("application/json");
    // Nothing the compat endpoint refuses would have been granted by the standard endpoint.
    assertThat(http.clientCredentials(REALM, key, secret, Map.of()).status()).isIn(400, 401);
  }

  static Stream<Arguments> malformedBodies() {
    String tooLarge = "{\"key\":\"" + "k".repeat(9000) + "\",\"secret\":\"s\"}";
    return Stream.of(
        Arguments.of(
            "", 320100, "Request body is empty; expected {\"key\":\"...\",\"secret\":\"...\"}"),
        Arguments.of(
            "  \n ",
            320100,
            "Request body is empty; expected {\"key\":\"...\",\"secret\":\"...\"}"),
        Arguments.of("{", 320101, "Request body is not valid JSON"),
        Arguments.of(
            "{\"key\":\"a\",\"secret\":\"b\"} x", 320101, "Request body is not valid JSON"),
        Arguments.of(
            "{\"key\":\"a\",\"key\":\"b\",\"secret\":\"c\"}",
            320101,
            "Request body is not valid JSON"),
        Arguments.of("key=a&secret=b", 320101, "Request body is not valid JSON"),
        Arguments.of(
            "[{\"key\":\"a\",\"secret\":\"b\"}]", 320102, "Request body must be a JSON object"),
        Arguments.of("42", 320102, "Request body must be a JSON object"),
        Arguments.of("\"key\"", 320102, "Request body must be a JSON object"),
        Arguments.of("null", 320102, "Request body must be a JSON object"),
        Arguments.of("{\"secret\":\"s\"}", 320103, "Field 'key' is required"),
        Arguments.of("{\"key\":\"k\"}", 320103, "Field 'secret' is required"),
        Arguments.of("{}", 320103, "Field 'key' is required"),
        Arguments.of(
            "{\"key\":\"\",\"secret\":\"s\"}", 320104, "Field 'key' must be a non-empty string"),
        Arguments.of(
            "{\"key\":\"  \",\"secret\":\"s\"}", 320104, "Field 'key' must be a non-empty string"),
        Arguments.of(
            "{\"key\":\"k\",\"secret\":\"\"}", 320104, "Field 'secret' must be a non-empty string"),
        Arguments.of(
            "{\"key\":123,\"secret\":\"s\"}", 320104, "Field 'key' must be a non-empty string"),
        Arguments.of(
            "{\"key\":null,\"secret\":\"s\"}", 320104, "Field 'key' must be a non-empty string"),
        Arguments.of(
            "{\"key\":[\"k\"],\"secret\":\"s\"}", 320104, "Field 'key' must be a non-empty string"),
        Arguments.of(
            "{\"key\":\"k\",\"secret\":true}", 320104, "Field 'secret' must be a non-empty string"),
        Arguments.of(tooLarge, 320105, "Request body must not exceed 8192 bytes"));
  }

  @ParameterizedTest(name = "[{index}] {1}")
  @MethodSource("malformedBodies")
  void malformedBodiesAre400InTheEnvelope(String body, int code, String message, Http http) {
    Http.Result result = http.postJson(ENDPOINT, body, Map.of());

    assertError(result, 400, code, message);
  }

  @Test
  void oversizedChunkedBodyIsRejectedToo(Http http) {
    byte[] large = ("{\"key\":\"" + "k".repeat(20_000) + "\",\"secret\":\"s\"}").getBytes();
    HttpRequest request =
        http.request(ENDPOINT, Map.of("Content-Type", "application/json"))
            .POST(
                HttpRequest.BodyPublishers.ofInputStream(
                    () -> new java.io.ByteArrayInputStream(large)))
            .build();

    assertError(http.send(request), 400, 320105, "Request body must not exceed 8192 bytes");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"text/plain", "application/x-www-form-urlencoded", "application/jsonx", "none"})
  void otherContentTypesAre415(String contentType, Http http) {
    HttpRequest.Builder request =
        http.request(
                ENDPOINT,
                "none".equals(contentType) ? Map.of() : Map.of("Content-Type", contentType))
            .POST(HttpRequest.BodyPublishers.ofString(CompatClients.body(main, mainSecret)));

    assertError(http.send(request.build()), 415, 320106, "Content-Type must be application/json");
  }

  @ParameterizedTest
  @ValueSource(strings = {"GET", "PUT", "DELETE", "PATCH"})
  void otherMethodsAre405InTheEnvelope(String method, Http http) {
    HttpRequest request =
        http.request(ENDPOINT, Map.of("Content-Type", "application/json"))
            .method(
                method, HttpRequest.BodyPublishers.ofString(CompatClients.body(main, mainSecret)))
            .build();

    Http.Result result = http.send(request);

    assertError(result, 405, 320107, "Method not allowed; use POST");
    assertThat(result.header("Allow")).isEqualTo("POST, OPTIONS");
  }

  @Test
  void headIs405AndOptionsListsTheMethods(Http http) {
    Http.Result head =
        http.send(
            http.request(ENDPOINT, Map.of())
                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                .build());
    Http.Result options =
        http.send(
            http.request(ENDPOINT, Map.of())
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .build());

    assertThat(head.status()).isEqualTo(405);
    assertThat(options.status()).isEqualTo(204);
    assertThat(options.header("Allow")).isEqualTo("POST, OPTIONS");
  }

  @Test
  void endpointExistsOnlyInsideRealms(Http http) {
    Http.Result root =
        http.postJson("/v3/oauth/token/generate", CompatClients.body(main, mainSecret), Map.of());
    Http.Result unknownRealm =
        http.postJson(
            CompatClients.endpoint(CompatClients.unique("no-such-realm")),
            CompatClients.body(main, mainSecret),
            Map.of());
    Http.Result master =
        http.postJson(
            CompatClients.endpoint("master"), CompatClients.body(main, mainSecret), Map.of());

    assertThat(root.status()).isEqualTo(404);
    // Keycloak answers unknown realms before any extension runs: its own JSON error, not HTML.
    assertThat(unknownRealm.status()).isEqualTo(404);
    assertThat(unknownRealm.header("Content-Type")).startsWith("application/json");
    assertThat(unknownRealm.json().get("error").asText()).isEqualTo("Realm does not exist");
    // Other realms have the endpoint too, but the client lives in demo-org only.
    assertThat(master.status()).isEqualTo(401);
    assertThat(master.body()).isEqualTo(INVALID_CLIENT_BODY);
  }

  @Test
  void serverInfoListsTheProviderWithTheJarVersion(AdminApi admin) {
    JsonNode v3 =
        admin
            .getJson("/admin/serverinfo")
            .path("providers")
            .path("realm-restapi-extension")
            .path("providers")
            .path("v3");

    assertThat(v3.path("operationalInfo").path("version").asText())
        .isEqualTo(System.getProperty("project.version", "1.0.0-SNAPSHOT"));
  }

  static void assertError(Http.Result result, int status, int code, String message) {
    assertThat(result.status()).as("%s", result).isEqualTo(status);
    assertThat(result.header("Content-Type")).startsWith("application/json");
    assertThat(result.header("Cache-Control")).isEqualTo("no-store");
    JsonNode body = result.json();
    assertThat(body.get("data").isNull()).isTrue();
    assertThat(body.get("errors").size()).isEqualTo(1);
    assertThat(body.at("/errors/0/code").asInt()).isEqualTo(code);
    assertThat(body.at("/errors/0/message").asText()).isEqualTo(message);
  }

  private static long lifetime(Map<String, Object> claims) {
    return ((Number) claims.get("exp")).longValue() - ((Number) claims.get("iat")).longValue();
  }

  private static boolean verify(SignedJWT jwt, JWKSet jwks) throws Exception {
    JWK jwk = jwks.getKeyByKeyId(jwt.getHeader().getKeyID());
    assertThat(jwk).as("JWKS key %s", jwt.getHeader().getKeyID()).isNotNull();
    JWSVerifier verifier =
        new DefaultJWSVerifierFactory()
            .createJWSVerifier(jwt.getHeader(), ((AsymmetricJWK) jwk).toPublicKey());
    return jwt.verify(verifier);
  }
}
