package org.tillauth.keycloak.accessgroup;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/** Building the access_group_permissions claim from the demo realm's POS group attributes. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class AccessGroupPermissionsBenchmark {

  private final Map<String, List<String>> posAttributes =
      Map.of(
          "description", List.of("Point-of-sale integrations"),
          "data.customer", List.of("write"),
          "data.transaction", List.of("write"),
          "data.points", List.of("read"),
          "data.product", List.of("read"),
          "data.store", List.of("read"),
          "config.store", List.of("read"),
          "config.product", List.of("none"));

  @Benchmark
  public AccessGroupPermissions.Result permissionsOfPosGroup() {
    return AccessGroupPermissions.of(posAttributes);
  }
}
