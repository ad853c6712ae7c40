package org.tillauth.keycloak.accessgroup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tillauth.keycloak.admin.InvalidFieldException;
import org.tillauth.keycloak.model.ModelNames;

class AccessGroupRequestTest {

  @Test
  void theCatalogueListsExactlyTheResourcesTheTokenMapperKnows() {
    assertThat(AccessGroupCatalogue.resources())
        .extracting(AccessGroupCatalogue.Entry::id)
        .containsExactlyElementsOf(ModelNames.DEFAULTS.resources());
    assertThat(AccessGroupCatalogue.resources())
        .extracting(AccessGroupCatalogue.Entry::name)
        .contains("Customer", "OTP", "Organization Data Fields", "Event Simulation");
    assertThat(AccessGroupCatalogue.displayName("gift-cards")).isEqualTo("Gift Cards");
    assertThat(AccessGroupCatalogue.APIS)
        .extracting(AccessGroupCatalogue.Entry::id)
        .containsExactlyElementsOf(AccessGroupPermissions.APIS);
  }

  @Test
  void aCreateBodyBecomesTheGrantedEntriesOnly() {
    AccessGroupRequest request =
        AccessGroupRequest.parse(
            "{\"name\":\" Loyalty sync \",\"description\":\" Nightly \","
                + "\"permissions\":{\"data\":{\"points\":\"write\",\"otp\":\"none\"},"
                + "\"config\":{\"store\":\"read\"}}}",
            true);
    assertThat(request.name()).isEqualTo("Loyalty sync");
    assertThat(request.description()).isEqualTo("Nightly");
    assertThat(request.permissions())
        .isEqualTo(Map.of("data", Map.of("points", "write"), "config", Map.of("store", "read")));
    assertThat(request.active()).isNull();
  }

  @Test
  void anUpdateMayLeaveEverythingOut() {
    AccessGroupRequest request = AccessGroupRequest.parse("{\"active\":false}", false);
    assertThat(request.name()).isNull();
    assertThat(request.permissions()).isNull();
    assertThat(request.active()).isFalse();
  }

  @Test
  void everyRefusalNamesTheProblem() {
    refused("", true, "Request body must be a JSON object");
    refused("[]", true, "Request body must be a JSON object");
    refused("{", true, "Request body must be a JSON object");
    refused("{}", true, "Field 'name' is required");
    refused("{\"name\":\"  \"}", true, "Field 'name' is required");
    refused("{\"name\":7}", true, "Field 'name' must be a string");
    refused("{\"name\":\"a/b\"}", true, AccessGroupErrors.BAD_NAME);
    refused("{\"name\":\"-x\"}", true, AccessGroupErrors.BAD_NAME);
    refused("{\"name\":\"" + "x".repeat(65) + "\"}", true, AccessGroupErrors.BAD_NAME);
    refused(
        "{\"name\":\"Resources\"}",
        true,
        "\"Resources\" is reserved and cannot name an access group");
    refused("{\"name\":\"x\",\"active\":false}", true, "Unknown field 'active'");
    refused("{\"colour\":\"red\"}", false, "Unknown field 'colour'");
    refused(
        "{\"description\":\"" + "d".repeat(256) + "\"}",
        false,
        "Field 'description' must not exceed 255 characters");
    refused("{\"active\":\"no\"}", false, "Field 'active' must be true or false");
    refused("{\"permissions\":[]}", false, "Field 'permissions' must be a JSON object");
    refused(
        "{\"permissions\":{\"loyalty\":{}}}",
        false,
        "Unknown API 'loyalty' in permissions (expected data or config)");
    refused(
        "{\"permissions\":{\"data\":\"write\"}}",
        false,
        "Field 'permissions.data' must be a JSON object");
    refused(
        "{\"permissions\":{\"data\":{\"loyalty\":\"write\"}}}",
        false,
        "Unknown resource 'loyalty' in permissions.data (the resources are listed by GET"
            + " /access-groups/resources)");
    refused(
        "{\"permissions\":{\"config\":{\"points\":\"full\"}}}",
        false,
        "Permission config.points must be one of none, read, write");
    refused(
        "{\"permissions\":{\"data\":{\"points\":\"WRITE\"}}}",
        false,
        "Permission data.points must be one of none, read, write");
    refused(
        "{\"permissions\":{\"data\":{\"points\":true}}}",
        false,
        "Permission data.points must be one of none, read, write");
  }

  private static void refused(String body, boolean create, String message) {
    assertThatThrownBy(() -> AccessGroupRequest.parse(body, create))
        .as(body)
        .isInstanceOf(InvalidFieldException.class)
        .hasMessage(message);
  }
}
