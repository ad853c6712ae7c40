package org.tillauth.keycloak.attribution;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.tillauth.keycloak.attribution.AttributionDecider.PlaceRef;

/**
 * Header parsing and attribution decision of an API-client token request, with the realm lookups
 * replaced by constant answers (on the server they come from Keycloak's user and group caches).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class AttributionBenchmark {

  private static final AttributionDecider.Places PLACES =
      new AttributionDecider.Places() {
        @Override
        public Optional<PlaceRef> till(String code) {
          return "bench.till".equalsIgnoreCase(code)
              ? Optional.of(new PlaceRef("bench.till", Optional.of("store-001")))
              : Optional.empty();
        }

        @Override
        public Optional<String> store(String code) {
          return "store-001".equals(code) ? Optional.of(code) : Optional.empty();
        }
      };

  private final TillAttributionConfig config =
      TillAttributionConfig.from(
          Map.of("default.till", "bench.till", "fallback.to.default.till", "false"));
  private final Map<String, List<String>> tillHeaders =
      Map.of(
          TillAttributionConfig.DEFAULT_ENTITY_TYPE_HEADER, List.of("TILL"),
          TillAttributionConfig.DEFAULT_ENTITY_CODE_HEADER, List.of("bench.till"));
  private final Map<String, List<String>> noHeaders = Map.of();

  /** The benchmark's API-client request: entity type TILL and a till code in the headers. */
  @Benchmark
  public Attribution decideTillHeader() throws AttributionRejectedException {
    return AttributionDecider.decide(
        config, name -> tillHeaders.getOrDefault(name, List.of()), PLACES);
  }

  /** No attribution headers: the client's default till. */
  @Benchmark
  public Attribution decideDefaultTill() throws AttributionRejectedException {
    return AttributionDecider.decide(
        config, name -> noHeaders.getOrDefault(name, List.of()), PLACES);
  }
}
