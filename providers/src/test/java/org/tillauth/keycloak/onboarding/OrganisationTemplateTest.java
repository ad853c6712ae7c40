package org.tillauth.keycloak.onboarding;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;

/** The shipped template: configuration only, no demo data, every placeholder filled. */
class OrganisationTemplateTest {

  private static final List<String> URIS =
      List.of("https://app.example.com/*", "http://localhost:3000/callback");

  @Test
  void theTemplateHasNoUsersNoSecretsNoStoresAndNoDemoValues() {
    ObjectNode raw = OrganisationTemplate.raw();
    assertThat(raw.has("users")).isFalse();
    assertThat(raw.findValues("secret")).isEmpty();
    assertThat(raw.findValues("tillauth.secret.hash")).isEmpty();
    assertThat(raw.toString()).doesNotContainIgnoringCase("demo").doesNotContain("localhost");
    for (JsonNode client : raw.path("clients")) {
      // Confidential clients would carry a secret: the template has public clients only.
      assertThat(client.path("publicClient").asBoolean()).as(client.toString()).isTrue();
      assertThat(client.path("serviceAccountsEnabled").asBoolean()).isFalse();
    }
    JsonNode stores = raw.path("groups").get(0);
    assertThat(stores.path("name").asText()).isEqualTo("stores");
    assertThat(stores.has("subGroups")).isFalse();
    assertThat(raw.path("realm").asText()).isEqualTo(OrganisationTemplate.CODE);
  }

  @Test
  void theTemplateKeepsTheExtensionsConfiguration() {
    ObjectNode raw = OrganisationTemplate.raw();
    assertThat(raw.path("passwordPolicy").asText()).contains("hashAlgorithm(till-md5-argon2)");
    assertThat(raw.path("loginTheme").asText()).isEqualTo("till-auth");
    assertThat(raw.path("eventsEnabled").asBoolean()).isTrue();
    assertThat(raw.path("adminEventsEnabled").asBoolean()).isTrue();
    assertThat(raw.path("adminEventsDetailsEnabled").asBoolean()).isTrue();
    assertThat(raw.path("roles").path("realm").findValuesAsText("name")).contains("till");
    assertThat(raw.path("authenticationFlows").findValuesAsText("alias"))
        .contains("till direct grant", "customer browser");
    assertThat(raw.path("authenticatorConfig").findValuesAsText("alias"))
        .contains("till basic authentication");
    assertThat(raw.path("clients").findValuesAsText("clientId"))
        .containsExactlyInAnyOrder("pos-terminal", "customer-web");
    assertThat(raw.path("clientPolicies").path("policies").findValuesAsText("name"))
        .contains("api-clients", "till-token-lifespan", "customer-apps-require-pkce");
    JsonNode accessGroups = raw.path("groups").get(1);
    assertThat(accessGroups.path("subGroups").findValuesAsText("name"))
        .containsExactly("POS", "Admin", "Instore");
  }

  @Test
  void everyPlaceholderIsFilledAtCreation() {
    ObjectNode filled = OrganisationTemplate.fill("acme", "Acme Retail", URIS);
    assertThat(filled.toString()).doesNotContain("@@");
    assertThat(filled.path("realm").asText()).isEqualTo("acme");
    assertThat(filled.path("displayName").asText()).isEqualTo("Acme Retail");

    RealmRepresentation realm = OrganisationTemplate.realm("acme", "Acme Retail", URIS);
    ClientRepresentation web =
        realm.getClients().stream()
            .filter(c -> "customer-web".equals(c.getClientId()))
            .findFirst()
            .orElseThrow();
    assertThat(web.getRedirectUris()).containsExactlyElementsOf(URIS);
    String tillFlow =
        realm.getAuthenticationFlows().stream()
            .filter(f -> "till direct grant".equals(f.getAlias()))
            .findFirst()
            .orElseThrow()
            .getId();
    ClientRepresentation pos =
        realm.getClients().stream()
            .filter(c -> "pos-terminal".equals(c.getClientId()))
            .findFirst()
            .orElseThrow();
    assertThat(pos.getAuthenticationFlowBindingOverrides()).containsEntry("direct_grant", tillFlow);
    assertThat(realm.getUsers()).isNull();
  }

  @Test
  void eachOrganisationGetsItsOwnFlowIdsAndANameIsNeverReadAsAPlaceholder() {
    String first = OrganisationTemplate.fill("a1", "A", URIS).toString();
    String second = OrganisationTemplate.fill("a2", "A", URIS).toString();
    String id = "\"id\":\"";
    String firstId = first.substring(first.indexOf(id), first.indexOf(id) + 50);
    assertThat(second).doesNotContain(firstId);

    ObjectNode odd = OrganisationTemplate.fill("odd", OrganisationTemplate.CODE, URIS);
    assertThat(odd.path("displayName").asText()).isEqualTo(OrganisationTemplate.CODE);
    assertThat(odd.path("realm").asText()).isEqualTo("odd");
  }
}
