package org.tillauth.keycloak.accessgroup;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tillauth.keycloak.testing.AdminApi;
import org.tillauth.keycloak.testing.Http;
import org.tillauth.keycloak.testing.KeycloakIT;
import org.tillauth.keycloak.testing.RealmFixtures;

/**
 * What the stock console shows for the API-client mappers: the access group as a group picker,
 * required fields marked; a picked group path works and a group outside /access-groups is refused.
 */
@KeycloakIT
class MapperConsoleFieldsIT {

  private static final String REALM = "demo-org";

  private static JsonNode property(AdminApi admin, String mapper, String name) {
    for (JsonNode type :
        admin.getJson("/admin/serverinfo").path("protocolMapperTypes").path("openid-connect")) {
      if (mapper.equals(type.path("id").asText())) {
        for (JsonNode property : type.path("properties")) {
          if (name.equals(property.path("name").asText())) {
            return property;
          }
        }
      }
    }
    throw new AssertionError("No property " + name + " of " + mapper);
  }

  @Test
  void accessGroupIsARequiredGroupPickerAndDefaultTillIsRequired(AdminApi admin) {
    JsonNode group = property(admin, "access-group-mapper", "access.group");
    assertThat(group.path("type").asText()).isEqualTo("Group");
    assertThat(group.path("required").asBoolean()).isTrue();
    assertThat(
            property(admin, "till-attribution-mapper", "default.till").path("required").asBoolean())
        .isTrue();
  }

  @Test
  void aPickedGroupPathIsAcceptedAndGroupsOutsideAccessGroupsAreRefused(AdminApi admin, Http http) {
    try (RealmFixtures fixtures = new RealmFixtures(admin, REALM, "picker")) {
      String clientId = fixtures.name("client");
      String uuid = fixtures.confidentialClient(clientId, "picker-secret", Map.of(), List.of());
      String mappers = fixtures.base() + "/clients/" + uuid + "/protocol-mappers/models";

      Http.Result store =
          admin.post(
              mappers,
              RealmFixtures.mapper(
                  "group", "access-group-mapper", Map.of("access.group", "/stores/store-001")));
      assertThat(store.status()).isEqualTo(400);
      assertThat(store.json().path("error_description").asText())
          .isEqualTo("Access group \"/stores/store-001\" does not exist under /access-groups");

      Http.Result picked =
          admin.post(
              mappers,
              RealmFixtures.mapper(
                  "group", "access-group-mapper", Map.of("access.group", "/access-groups/POS")));
      assertThat(picked.status()).as(picked.body()).isEqualTo(201);
      Map<String, Object> claims =
          org.tillauth.keycloak.testing.Jwt.claims(
              http.clientCredentials(REALM, clientId, "picker-secret", Map.of()).accessToken());
      assertThat(claims).containsEntry("access_group", "POS");
    }
  }
}
