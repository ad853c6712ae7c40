package org.tillauth.keycloak.organisation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tillauth.keycloak.organisation.OrganisationFixtures.expect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tillauth.keycloak.testing.AdminApi;
import org.tillauth.keycloak.testing.DemoRealm;
import org.tillauth.keycloak.testing.Http;
import org.tillauth.keycloak.testing.KeycloakIT;
import org.tillauth.keycloak.testing.KeycloakServer;

/**
 * {@code GET /organisation-audit}: the organisation's changes from Keycloak's admin events, as an
 * administrator reads them (who by username, what by name, settings before and after), filtered and
 * paged, with the realm's admin-event switch; read with view-events only.
 */
@KeycloakIT
class OrganisationAuditIT {

  private static final String REALM = "org-audit";
  private static final String BASE = "/admin/realms/" + REALM;
  private static final String AUDIT = BASE + "/organisation-audit";

  @BeforeAll
  static void realm(AdminApi admin) {
    DemoRealm.createCopy(admin, REALM);
    adminEvents(admin, false);
  }

  @AfterAll
  static void dropRealm(AdminApi admin) {
    OrganisationFixtures.deleteRealm(admin, REALM);
  }

  @Test
  void theTrailSaysWhoChangedWhatWithSettingsBeforeAndAfter(AdminApi admin) {
    // Off: nothing is recorded, and the answer says so.
    expect(admin.put(BASE + "/organisation-settings", Map.of("basicAuthentication", false)), 200);
    expect(admin.put(BASE + "/organisation-settings", Map.of("basicAuthentication", true)), 200);
    JsonNode off = admin.getJson(AUDIT);
    assertThat(off.path("adminEventsEnabled").asBoolean()).isFalse();
    // (Keycloak records the change of its events settings itself, even the one turning them off.)
    assertThat(texts(off.path("events"), "object")).doesNotContain("Organisation settings");

    adminEvents(admin, true);
    String ceilingBefore =
        admin
            .getJson(BASE + "/organisation-settings")
            .path("tokenLifespanCeiling")
            .asText("not set");
    expect(admin.put(BASE + "/organisation-settings", Map.of("basicAuthentication", false)), 200);
    expect(admin.put(BASE + "/organisation-settings", Map.of("tokenLifespanCeiling", "2h")), 200);
    expect(admin.put(BASE + "/organisation-settings", Map.of("basicAuthentication", true)), 200);
    expect(admin.post(BASE + "/stores", Map.of("code", "audit-store", "name", "Audit Lane")), 201);
    expect(
        admin.post(
            BASE + "/tills",
            Map.of("code", "audit-till", "store", "audit-store", "password", "audit-pass-1")),
        201);
    expect(admin.delete(BASE + "/tills/audit-till"), 204);
    Map<String, Object> client = new LinkedHashMap<>();
    client.put("name", "Audit integration");
    client.put("tokenExpiry", "30m");
    client.put("defaultTill", "store.server");
    client.put("accessGroup", "POS");
    expect(admin.post(BASE + "/api-clients", client), 201);

    JsonNode on = admin.getJson(AUDIT);
    assertThat(on.path("adminEventsEnabled").asBoolean()).isTrue();
    List<String> objects = texts(on.path("events"), "object");
    assertThat(objects)
        .containsSubsequence(
            "API client Audit integration",
            "Till audit-till (deleted)",
            "Store audit-store",
            "Organisation settings",
            "Organisation settings",
            "Organisation settings");
    JsonNode newest = on.path("events").get(0);
    assertThat(newest.path("who").path("username").asText())
        .isEqualTo(KeycloakServer.ADMIN_USERNAME);
    assertThat(newest.path("who").path("realm").asText()).isEqualTo("master");
    assertThat(newest.path("time").asLong()).isPositive();

    // Settings: each change before and after, newest first.
    JsonNode settings = admin.getJson(AUDIT + "?area=settings");
    assertThat(texts(settings.path("events"), "area")).containsOnly("settings");
    assertThat(settings.path("events")).hasSize(3);
    assertThat(change(settings.path("events").get(0), "basicAuthentication"))
        .containsExactly("false", "true");
    assertThat(change(settings.path("events").get(1), "tokenLifespanCeiling"))
        .containsExactly(ceilingBefore, "2h");
    assertThat(settings.path("events").get(1).path("changes")).hasSize(1);
    assertThat(change(settings.path("events").get(2), "basicAuthentication"))
        .containsExactly("true", "false");

    // Filters: operation, area, administrator, days.
    assertThat(texts(admin.getJson(AUDIT + "?operation=DELETE").path("events"), "object"))
        .contains("Till audit-till (deleted)")
        .doesNotContain("Store audit-store");
    assertThat(texts(admin.getJson(AUDIT + "?area=groups").path("events"), "object"))
        .containsExactly("Store audit-store");
    assertThat(texts(admin.getJson(AUDIT + "?area=api-clients").path("events"), "area"))
        .isNotEmpty()
        .containsOnly("api-clients");
    assertThat(admin.getJson(AUDIT + "?user=" + KeycloakServer.ADMIN_USERNAME).path("events"))
        .hasSize(on.path("events").size());
    assertThat(admin.getJson(AUDIT + "?user=nobody-at-all").path("events")).isEmpty();
    String today = LocalDate.now(ZoneOffset.UTC).toString();
    String tomorrow = LocalDate.now(ZoneOffset.UTC).plusDays(1).toString();
    assertThat(admin.getJson(AUDIT + "?from=" + today + "&to=" + today).path("events"))
        .hasSize(on.path("events").size());
    assertThat(admin.getJson(AUDIT + "?from=" + tomorrow).path("events")).isEmpty();

    // Pages: newest first, no row twice, "more" while there is a next page.
    JsonNode first = admin.getJson(AUDIT + "?max=2");
    JsonNode second = admin.getJson(AUDIT + "?first=2&max=2");
    assertThat(first.path("more").asBoolean()).isTrue();
    assertThat(first.path("events")).hasSize(2);
    assertThat(texts(first.path("events"), "object"))
        .containsExactlyElementsOf(objects.subList(0, 2));
    assertThat(texts(second.path("events"), "object"))
        .containsExactlyElementsOf(objects.subList(2, 4));
    int all = on.path("events").size();
    assertThat(admin.getJson(AUDIT + "?first=" + (all - 1) + "&max=2").path("more").asBoolean())
        .isFalse();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "first=-1",
        "first=x",
        "max=0",
        "max=201",
        "area=everything",
        "operation=READ",
        "from=2026-13-01",
        "to=yesterday",
        "max=1&max=2"
      })
  void badParametersAreA400NamingTheParameter(String query, AdminApi admin) {
    Http.Result answer = admin.get(AUDIT + "?" + query);
    assertThat(answer.status()).as("%s", answer).isEqualTo(400);
    String parameter = query.substring(0, query.indexOf('='));
    assertThat(answer.json().path("error").asText()).isEqualTo("invalid_request");
    assertThat(answer.json().path("error_description").asText())
        .startsWith("Query parameter '" + parameter + "'");
  }

  @Test
  void readWithViewEventsAndRefusedWithoutIt(AdminApi admin, Http http) {
    String reader =
        OrganisationFixtures.adminToken(
            admin, http, REALM, "events-reader", List.of("view-events"));
    String other =
        OrganisationFixtures.adminToken(
            admin, http, REALM, "realm-viewer", List.of("view-realm", "view-users"));
    assertThat(OrganisationFixtures.as(http, reader, "GET", AUDIT, null).status()).isEqualTo(200);
    assertThat(OrganisationFixtures.as(http, other, "GET", AUDIT, null).status()).isEqualTo(403);
    assertThat(OrganisationFixtures.as(http, null, "GET", AUDIT, null).status()).isEqualTo(401);
  }

  private static void adminEvents(AdminApi admin, boolean on) {
    ObjectNode config = (ObjectNode) admin.getJson(BASE + "/events/config");
    config.put("adminEventsEnabled", on);
    config.put("adminEventsDetailsEnabled", on);
    expect(admin.put(BASE + "/events/config", config), 204);
  }

  private static List<String> texts(JsonNode events, String field) {
    List<String> texts = new ArrayList<>();
    events.forEach(e -> texts.add(e.path(field).asText()));
    return texts;
  }

  /** [before, after] of one field's change in an event. */
  private static List<String> change(JsonNode event, String field) {
    for (JsonNode change : event.path("changes")) {
      if (field.equals(change.path("field").asText())) {
        return List.of(change.path("before").asText(), change.path("after").asText());
      }
    }
    throw new AssertionError("no change of " + field + " in " + event);
  }
}
