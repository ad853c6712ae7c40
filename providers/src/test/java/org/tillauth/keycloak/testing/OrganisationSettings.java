package org.tillauth.keycloak.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * The organisation's settings through their public endpoint {@code
 * /admin/realms/{realm}/organisation-settings}, as the administration page sets them. Where the
 * switch is stored (the till step's config) is {@code OrganisationSettingsApiIT}'s business.
 */
public final class OrganisationSettings {

  private OrganisationSettings() {}

  public static JsonNode get(AdminApi admin, String realm) {
    return admin.getJson(path(realm));
  }

  /** "Enable basic authentication": on or off for every till login of the realm. */
  public static void setBasicAuth(AdminApi admin, String realm, boolean enabled) {
    Http.Result result = admin.put(path(realm), Map.of("basicAuthentication", enabled));
    if (result.status() != 200
        || result.json().path("basicAuthentication").asBoolean(!enabled) != enabled) {
      throw new AssertionError("basicAuthentication " + enabled + " in " + realm + ": " + result);
    }
  }

  private static String path(String realm) {
    return "/admin/realms/" + realm + "/organisation-settings";
  }
}
