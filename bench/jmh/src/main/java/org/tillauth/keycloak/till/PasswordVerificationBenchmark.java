package org.tillauth.keycloak.till;

import java.lang.reflect.Proxy;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.keycloak.credential.hash.PasswordHashProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.credential.PasswordCredentialModel;
import org.keycloak.tracing.NoopTracingProvider;
import org.keycloak.tracing.TracingProvider;
import org.keycloak.utils.KeycloakSessionUtil;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Keycloak's own Argon2 provider (from the distribution's keycloak-crypto-default, with its default
 * parameters) verifying a stock password, against the till paths of this extension: the digest
 * login (normalize + Argon2 over the digest), a plain-password login on a till realm (MD5 +
 * Argon2), the one-time re-hash of an imported legacy MD5 credential, and the hash an import makes
 * per till against the one Keycloak's partialImport makes per user.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class PasswordVerificationBenchmark {

  private static final String PASSWORD = "benchpass123";
  private static final String ARGON2_PROVIDER =
      "org.keycloak.crypto.hash.Argon2PasswordHashProvider";
  private static final String ARGON2_PARAMETERS = "org.keycloak.crypto.hash.Argon2Parameters";

  private final String digest = Md5Digest.of(PASSWORD);
  private PasswordHashProvider argon2;
  private Md5PrehashPasswordHashProvider prehash;
  private PasswordCredentialModel stockCredential;
  private PasswordCredentialModel tillCredential;
  private PasswordCredentialModel legacyCredential;

  @Setup
  public void setUp() throws ReflectiveOperationException {
    // Argon2 asks the thread's session for a TracingProvider; without one it logs a warning per
    // hash.
    KeycloakSessionUtil.setKeycloakSession(tracingOnlySession());
    argon2 = keycloakArgon2();
    prehash = new Md5PrehashPasswordHashProvider(argon2);
    stockCredential = argon2.encodedCredential(PASSWORD, -1);
    tillCredential = prehash.encodedCredential(PASSWORD, -1);
    legacyCredential =
        PasswordCredentialModel.createFromValues(
            LegacyMd5PasswordHashProvider.ID, new byte[0], 1, digest);
  }

  /** Stock password grant: Argon2id verification of the plain password. */
  @Benchmark
  public boolean stockArgon2VerifyPlain() {
    return argon2.verify(PASSWORD, stockCredential);
  }

  /** Till login: digest validation, then Argon2id verification over the digest. */
  @Benchmark
  public boolean tillVerifyDigest() {
    return prehash.verifyDigest(Md5Digest.normalize(digest).orElseThrow(), tillCredential);
  }

  /** Browser login of a user on a till realm: MD5 of the plain password, then Argon2id. */
  @Benchmark
  public boolean tillVerifyPlain() {
    return prehash.verify(PASSWORD, tillCredential);
  }

  /** First login of an imported legacy till: MD5 comparison, then one Argon2id re-hash. */
  @Benchmark
  public PasswordCredentialModel legacyVerifyAndRehash() {
    if (!new LegacyMd5PasswordHashProvider().verifyDigest(digest, legacyCredential)) {
      throw new IllegalStateException("legacy digest did not verify");
    }
    return prehash.encodeDigest(digest, -1);
  }

  /**
   * What an organisation import spends per till: {@code encodeDigest} of the row's digest, the call
   * {@code TillPassword.encoder} makes for every till (iterations -1: the realm policy's default).
   */
  @Benchmark
  public PasswordCredentialModel tillEncodeDigest() {
    return prehash.encodeDigest(digest, -1);
  }

  /**
   * What Keycloak's partialImport spends per user with a plaintext password credential: one
   * Argon2id encode (the stock side of the import comparison in bench/admin-scale.sh).
   */
  @Benchmark
  public PasswordCredentialModel stockArgon2EncodePlain() {
    return argon2.encodedCredential(PASSWORD, -1);
  }

  /** Keycloak's Argon2 provider built the way its factory does with default configuration. */
  private static PasswordHashProvider keycloakArgon2() throws ReflectiveOperationException {
    Class<?> parameters = Class.forName(ARGON2_PARAMETERS);
    return (PasswordHashProvider)
        Class.forName(ARGON2_PROVIDER)
            .getConstructor(
                String.class,
                String.class,
                int.class,
                int.class,
                int.class,
                int.class,
                Semaphore.class)
            .newInstance(
                parameters.getField("DEFAULT_VERSION").get(null),
                parameters.getField("DEFAULT_TYPE").get(null),
                parameters.getField("DEFAULT_HASH_LENGTH").get(null),
                parameters.getField("DEFAULT_MEMORY").get(null),
                parameters.getField("DEFAULT_ITERATIONS").get(null),
                parameters.getField("DEFAULT_PARALLELISM").get(null),
                new Semaphore(Runtime.getRuntime().availableProcessors()));
  }

  /** A session that answers only {@code getProvider(TracingProvider.class)}. */
  private static KeycloakSession tracingOnlySession() {
    TracingProvider tracing = new NoopTracingProvider();
    return (KeycloakSession)
        Proxy.newProxyInstance(
            KeycloakSession.class.getClassLoader(),
            new Class<?>[] {KeycloakSession.class},
            (proxy, method, args) ->
                "getProvider".equals(method.getName())
                        && args != null
                        && args.length == 1
                        && args[0] == TracingProvider.class
                    ? tracing
                    : null);
  }
}
