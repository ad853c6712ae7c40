package org.tillauth.keycloak.till;

import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/** The digest handling a till login does before any password hash: cheap next to Argon2. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class Md5DigestBenchmark {

  private final String password = "benchpass123";
  private final String digest = Md5Digest.of(password);
  private final String upperCaseDigest = digest.toUpperCase(Locale.ROOT);
  private final String otherDigest = Md5Digest.of("another password");

  /** What a legacy till computes; the server does it only for plain-password logins. */
  @Benchmark
  public String md5HexOfPassword() {
    return Md5Digest.of(password);
  }

  /** Validation of the {@code password} form field of every till login. */
  @Benchmark
  public Optional<String> normalizeUpperCaseDigest() {
    return Md5Digest.normalize(upperCaseDigest);
  }

  /** Constant-time comparison used for imported legacy MD5 credentials. */
  @Benchmark
  public boolean matchesDifferentDigest() {
    return Md5Digest.matches(digest, otherDigest);
  }
}
