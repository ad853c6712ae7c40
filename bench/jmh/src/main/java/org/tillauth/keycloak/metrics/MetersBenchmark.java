package org.tillauth.keycloak.metrics;

import io.micrometer.core.instrument.Metrics;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import java.lang.reflect.Proxy;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.keycloak.models.RealmModel;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.tillauth.keycloak.till.TillLogin;

/**
 * What one meter update costs on a request: {@code off} is Keycloak without {@code
 * --metrics-enabled} (Micrometer's global registry has no member), {@code on} has the Prometheus
 * registry Keycloak serves {@code /metrics} from. A till login or gateway request records one
 * counter and one timer; an API-client token one counter per concern.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class MetersBenchmark {

  @Param({"off", "on"})
  public String metrics;

  private PrometheusMeterRegistry registry;

  private final RealmModel realm =
      (RealmModel)
          Proxy.newProxyInstance(
              RealmModel.class.getClassLoader(),
              new Class<?>[] {RealmModel.class},
              (proxy, method, args) -> "getName".equals(method.getName()) ? "bench-till" : null);

  private final GatewayMeters gateway = new GatewayMeters();

  private final TillLogin.Attempt success =
      new TillLogin.Attempt(
          TillLogin.Outcome.SUCCESS, Optional.empty(), Optional.empty(), "bench.till", null, null);

  @Setup(Level.Trial)
  public void addRegistry() {
    if ("on".equals(metrics)) {
      registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      Metrics.globalRegistry.add(registry);
    }
  }

  @TearDown(Level.Trial)
  public void removeRegistry() {
    if (registry != null) {
      Metrics.globalRegistry.remove(registry);
      registry.close();
    }
  }

  /** The clock reads alone, which a request without meters would not make either. */
  @Benchmark
  public long baseline() {
    return System.nanoTime() - System.nanoTime();
  }

  /** A till login: counter by outcome plus the latency timer. */
  @Benchmark
  public void tillLogin() {
    TillLoginMeters.record(realm, success, System.nanoTime());
  }

  /** A gateway request: counter by credential and status plus the latency timer. */
  @Benchmark
  public void gatewayVerification() {
    gateway.verification(realm, GatewayMeters.Credential.BASIC, 200, System.nanoTime());
  }

  /** An API-client token with a hashed secret: attribution and secret-check counters. */
  @Benchmark
  public void apiClientToken() {
    ApiClientMeters.secretChecked(realm, ApiClientMeters.SecretCheck.ACCEPTED);
    ApiClientMeters.attributed(realm, ApiClientMeters.Attribution.HEADER);
  }
}
