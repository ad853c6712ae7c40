package org.tillauth.keycloak.secret;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * What the hashed-secret authenticator adds per client authentication: one salted HMAC-SHA-256 and
 * a constant-time comparison (next to roughly a millisecond for a whole client-credentials grant).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class HashedSecretBenchmark {

  private final String secret = SecretHash.newSecret();
  private final String stored = SecretHash.hash(secret);
  private final String wrong = SecretHash.newSecret();

  @Benchmark
  public boolean verifyRightSecret() {
    return SecretHash.matches(stored, secret);
  }

  @Benchmark
  public boolean verifyWrongSecret() {
    return SecretHash.matches(stored, wrong);
  }
}
