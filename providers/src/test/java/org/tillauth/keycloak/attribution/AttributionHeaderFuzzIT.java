package org.tillauth.keycloak.attribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tillauth.keycloak.testing.RealmFixtures.mapper;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tillauth.keycloak.testing.AdminApi;
import org.tillauth.keycloak.testing.Http;
import org.tillauth.keycloak.testing.Jwt;
import org.tillauth.keycloak.testing.KeycloakIT;
import org.tillauth.keycloak.testing.RealmFixtures;
import org.tillauth.keycloak.testing.VersionIndependent;
import org.tillauth.keycloak.testing.fuzz.Answers;
import org.tillauth.keycloak.testing.fuzz.Answers.Answer;
import org.tillauth.keycloak.testing.fuzz.Fuzz;
import org.tillauth.keycloak.testing.fuzz.FuzzRun;
import org.tillauth.keycloak.testing.fuzz.RawHttp;

/**
 * Hostile till-attribution headers on client-credentials requests at the standard token endpoint,
 * for a client that refuses invalid tills and one that falls back: every answer is a token
 * attributed to a real till or store of the realm, or {@code 400 invalid_request}; the clients keep
 * working.
 */
@KeycloakIT
@VersionIndependent
class AttributionHeaderFuzzIT {

  private static final int CASES = 250;
  private static final String[] HEADERS = {
    "X-CAP-API-ATTRIBUTION-ENTITY-CODE",
    "X-CAP-API-ATTRIBUTION-ENTITY-TYPE",
    "X-CAP-API-ATTRIBUTION-TILL-CODE"
  };
  private static final Set<String> TILLS = Set.of("store.server", "till-002");
  private static final Set<String> STORES = Set.of("store-001", "store-002");

  private static RealmFixtures fixtures;
  private static String strict;
  private static String lenient;

  @BeforeAll
  static void createClients(AdminApi admin) {
    fixtures = new RealmFixtures(admin, "demo-org", "fuzz-attr");
    strict = fixtures.name("strict");
    lenient = fixtures.name("lenient");
    fixtures.confidentialClient(strict, "secret", Map.of(), List.of(attribution("false")));
    fixtures.confidentialClient(lenient, "secret", Map.of(), List.of(attribution("true")));
  }

  private static Object attribution(String fallback) {
    return mapper(
        "attribution",
        TillAttributionMapper.PROVIDER_ID,
        Map.of("default.till", "store.server", "fallback.to.default.till", fallback));
  }

  @AfterAll
  static void tearDown() {
    fixtures.close();
  }

  @Test
  void hostileHeadersGetATokenForARealTillOrInvalidRequest(Http http) {
    RawHttp raw = new RawHttp(http.baseUrl());
    String path = http.tokenEndpoint("demo-org");
    FuzzRun.cases(
        "attribution-headers",
        CASES,
        fuzz -> {
          String client = fuzz.pick(strict, lenient);
          List<String[]> headers = new ArrayList<>();
          headers.add(new String[] {"Content-Type", "application/x-www-form-urlencoded"});
          boolean control = false;
          for (int i = fuzz.between(1, 4); i > 0; i--) {
            String name = fuzz.pick(HEADERS);
            if (fuzz.chance(0.1)) {
              name = name.toLowerCase(java.util.Locale.ROOT);
            }
            String value = value(fuzz);
            control |= Fuzz.hasHeaderControl(value);
            headers.add(new String[] {name, value});
          }
          String form =
              "grant_type=client_credentials&client_id=" + client + "&client_secret=secret";
          fuzz.note("client", client);
          fuzz.note("headers", render(headers));

          Answer answer =
              Answer.of(raw.send("POST", path, headers, form.getBytes(StandardCharsets.US_ASCII)));

          if (control) {
            Answers.httpLayerRefusal(answer);
          } else if (answer.status() == 200) {
            JsonNode claims =
                Http.JSON.valueToTree(Jwt.claims(answer.json().path("access_token").asText()));
            assertThat(claims.path("till_attribution").asText())
                .isIn("header", "default", "fallback");
            assertThat(claims.path("default_till").asText()).isEqualTo("store.server");
            if (claims.has("till_code")) {
              assertThat(claims.path("till_code").asText()).isIn(TILLS);
            }
            if (claims.has("store_code")) {
              assertThat(claims.path("store_code").asText()).isIn(STORES);
            }
          } else {
            Answers.oauthError(answer);
            assertThat(answer.status()).isEqualTo(400);
            assertThat(answer.json().path("error").asText()).isEqualTo("invalid_request");
          }
        });

    for (String client : List.of(strict, lenient)) {
      Http.Result plain = http.clientCredentials("demo-org", client, "secret", Map.of());
      assertThat(Jwt.claims(plain.accessToken()).get("till_code")).isEqualTo("store.server");
      Http.Result named =
          http.clientCredentials("demo-org", client, "secret", Map.of(HEADERS[0], "till-002"));
      assertThat(Jwt.claims(named.accessToken()).get("till_code")).isEqualTo("till-002");
    }
  }

  private static String value(Fuzz fuzz) {
    String value =
        switch (fuzz.between(0, 5)) {
          case 0 ->
              fuzz.pick(
                  "store.server",
                  "till-002",
                  "TILL-002",
                  "store-001",
                  "STORE-002",
                  "TILL",
                  "STORE_CODE",
                  "store_code");
          case 1 -> fuzz.mutate(fuzz.pick("till-002", "store-001", "STORE_CODE"));
          default -> fuzz.hostileString(128, 129);
        };
    // Header bytes go out as ISO-8859-1; CR/LF would end the header line.
    StringBuilder safe = new StringBuilder();
    value
        .chars()
        .limit(4000)
        .forEach(c -> safe.append(c > 0xFF || c == '\r' || c == '\n' ? '?' : (char) c));
    return safe.toString();
  }

  private static String render(List<String[]> headers) {
    StringBuilder text = new StringBuilder();
    headers.forEach(h -> text.append(h[0]).append(": ").append(h[1]).append("; "));
    return text.toString();
  }
}
