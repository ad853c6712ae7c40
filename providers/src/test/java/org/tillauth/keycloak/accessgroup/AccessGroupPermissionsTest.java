package org.tillauth.keycloak.accessgroup;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AccessGroupPermissionsTest {

  @Test
  void permissionsAreSortedAndOmitNone() {
    AccessGroupPermissions.Result result =
        AccessGroupPermissions.of(
            Map.of(
                "data.transaction", List.of("write"),
                "data.customer", List.of("WRITE"),
                "config.points", List.of(" read "),
                "data.points", List.of("none"),
                "description", List.of("Point of sale")));
    assertThat(result.permissions())
        .containsExactly("config:points:read", "data:customer:write", "data:transaction:write");
    assertThat(result.problems()).isEmpty();
  }

  @Test
  void invalidValuesAndUnknownResourcesGrantNothingAndAreReported() {
    AccessGroupPermissions.Result result =
        AccessGroupPermissions.of(
            Map.of(
                "data.customer", List.of("admin"),
                "data.custmer", List.of("write"),
                "config.store", List.of("read", "write"),
                "data.product", List.of("read")));
    assertThat(result.permissions()).containsExactly("data:product:read");
    assertThat(result.problems())
        .containsExactly(
            "attribute config.store: value [read, write] ignored (expected one of none, read, write)",
            "attribute data.custmer: unknown resource 'custmer' ignored",
            "attribute data.customer: value [admin] ignored (expected one of none, read, write)");
  }

  @Test
  void repeatedIdenticalValuesAreFine() {
    assertThat(AccessGroupPermissions.of(Map.of("data.otp", List.of("read", "read"))).permissions())
        .containsExactly("data:otp:read");
  }

  @Test
  void groupNamesMayBeGivenAsPaths() {
    assertThat(AccessGroups.nameOf("POS")).isEqualTo("POS");
    assertThat(AccessGroups.nameOf(" /access-groups/POS ")).isEqualTo("POS");
    assertThat(AccessGroups.nameOf("/stores/store-001")).isNull();
    assertThat(AccessGroups.nameOf("")).isNull();
  }
}
