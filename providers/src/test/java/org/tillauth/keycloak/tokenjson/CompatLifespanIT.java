package org.tillauth.keycloak.tokenjson;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tillauth.keycloak.testing.AdminApi;
import org.tillauth.keycloak.testing.DemoRealm;
import org.tillauth.keycloak.testing.Http;
import org.tillauth.keycloak.testing.Jwt;
import org.tillauth.keycloak.testing.KeycloakIT;

/** The organisation's lifespan limit also caps tokens minted by the JSON endpoint. */
@KeycloakIT
class CompatLifespanIT {

  static final String REALM = "compat-lifespan";

  @BeforeAll
  static void realmWithALongDefaultLifespan(AdminApi admin) {
    DemoRealm.createCopy(admin, REALM);
    // Realm default 2 h; the shipped policy caps API clients at 60 minutes.
    Http.Result updated = admin.put("/admin/realms/" + REALM, Map.of("accessTokenLifespan", 7200));
    assertThat(updated.status()).isEqualTo(204);
  }

  @Test
  void jsonEndpointTokenIsClampedLikeTheStandardOne(Http http) {
    Http.Result compat =
        http.postJson(
            CompatClients.endpoint(REALM),
            CompatClients.body("demo-integration", "demo-integration-secret"),
            Map.of());
    Http.Result standard =
        http.clientCredentials(REALM, "demo-integration", "demo-integration-secret", Map.of());

    assertThat(compat.status()).as("%s", compat).isEqualTo(200);
    Map<String, Object> claims = Jwt.claims(compat.json().at("/data/accessToken").asText());
    long lifetime =
        ((Number) claims.get("exp")).longValue() - ((Number) claims.get("iat")).longValue();
    assertThat(lifetime).isEqualTo(3600);
    assertThat(compat.json().at("/data/ttlSeconds").asLong()).isEqualTo(3600);
    assertThat(standard.json().path("expires_in").asLong()).isEqualTo(3600);
  }
}
