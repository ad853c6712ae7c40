package org.tillauth.keycloak.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.events.Errors;
import org.keycloak.models.RealmModel;
import org.tillauth.keycloak.till.TillLogin;

/**
 * The meters' names, tags and tag values as Micrometer holds them (the Prometheus names are checked
 * by MetricsIT against a real server).
 */
class MetersTest {

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final RealmModel realm = mock(RealmModel.class);

  @BeforeEach
  void addRegistry() {
    Metrics.globalRegistry.add(registry);
    when(realm.getName()).thenReturn("r1");
  }

  @AfterEach
  void removeRegistry() {
    Metrics.globalRegistry.remove(registry);
    registry.close();
  }

  private static TillLogin.Attempt attempt(TillLogin.Outcome outcome, String error) {
    return new TillLogin.Attempt(outcome, Optional.empty(), Optional.empty(), "code", null, error);
  }

  @Test
  void tillLoginOutcomesAreTheLoginsOwnInLowerCaseWithDisabledApart() {
    long started = System.nanoTime();
    TillLoginMeters.record(realm, attempt(TillLogin.Outcome.WRONG_DIGEST, "x"), started);
    TillLoginMeters.record(realm, attempt(TillLogin.Outcome.WRONG_DIGEST, "x"), started);
    TillLoginMeters.record(
        realm, attempt(TillLogin.Outcome.NOT_A_TILL, Errors.USER_DISABLED), started);
    TillLoginMeters.record(
        realm, attempt(TillLogin.Outcome.NOT_A_TILL, Errors.USER_NOT_FOUND), started);

    assertThat(count(TillLoginMeters.LOGINS, "outcome", "wrong_digest")).isEqualTo(2);
    assertThat(count(TillLoginMeters.LOGINS, "outcome", "disabled")).isEqualTo(1);
    assertThat(count(TillLoginMeters.LOGINS, "outcome", "not_a_till")).isEqualTo(1);
    assertThat(registry.get(TillLoginMeters.DURATION).tag("realm", "r1").timer().count())
        .isEqualTo(4);
    // Only realm and outcome: nothing a caller chooses becomes a tag.
    assertThat(registry.get(TillLoginMeters.LOGINS).meters())
        .allSatisfy(
            meter ->
                assertThat(meter.getId().getTags())
                    .extracting(tag -> tag.getKey())
                    .containsExactlyInAnyOrder("realm", "outcome"));
  }

  @Test
  void everyTillLoginOutcomeHasATagValue() {
    for (TillLogin.Outcome outcome : TillLogin.Outcome.values()) {
      assertThat(TillLoginMeters.outcome(attempt(outcome, null))).matches("[a-z_]+");
    }
  }

  @Test
  void gatewayVerificationsByCredentialAndStatus() {
    GatewayMeters gateway = new GatewayMeters();
    gateway.verification(realm, GatewayMeters.Credential.BASIC, 200, System.nanoTime());
    gateway.verification(realm, GatewayMeters.Credential.BEARER, 403, System.nanoTime());

    assertThat(
            registry
                .get(GatewayMeters.VERIFICATIONS)
                .tags("realm", "r1", "credential", "basic", "status", "200")
                .counter()
                .count())
        .isEqualTo(1);
    assertThat(
            registry
                .get(GatewayMeters.VERIFICATIONS)
                .tags("credential", "bearer", "status", "403")
                .counter()
                .count())
        .isEqualTo(1);
    assertThat(registry.get(GatewayMeters.DURATION).timer().count()).isEqualTo(2);
  }

  @Test
  void gatewayHandlesKeptFromTheFirstRequestStillReachARegistryAddedLater() {
    GatewayMeters gateway = new GatewayMeters();
    gateway.verification(realm, GatewayMeters.Credential.BASIC, 200, System.nanoTime());
    SimpleMeterRegistry later = new SimpleMeterRegistry();
    Metrics.globalRegistry.add(later);
    try {
      gateway.verification(realm, GatewayMeters.Credential.BASIC, 200, System.nanoTime());
      gateway.verification(realm, GatewayMeters.Credential.BASIC, 401, System.nanoTime());

      assertThat(
              registry
                  .get(GatewayMeters.VERIFICATIONS)
                  .tags("credential", "basic", "status", "200")
                  .counter()
                  .count())
          .isEqualTo(2);
      assertThat(
              later
                  .get(GatewayMeters.VERIFICATIONS)
                  .tags("credential", "basic", "status", "200")
                  .counter()
                  .count())
          .isEqualTo(1);
      assertThat(later.get(GatewayMeters.DURATION).tag("realm", "r1").timer().count()).isEqualTo(2);
    } finally {
      Metrics.globalRegistry.remove(later);
      later.close();
    }
  }

  @Test
  void cacheCountsAreReadFromTheCacheWhenScraped() {
    long[] hits = {3};
    GatewayMeters.bindCache(hits, h -> h[0], h -> 1, h -> 0, h -> 7);
    hits[0] = 5;
    assertThat(registry.get(GatewayMeters.CACHE_HITS).functionCounter().count()).isEqualTo(5);
    assertThat(registry.get(GatewayMeters.CACHE_ENTRIES).gauge().value()).isEqualTo(7);
  }

  @Test
  void apiClientAndImportMeters() {
    ApiClientMeters.attributed(realm, ApiClientMeters.Attribution.FALLBACK);
    ApiClientMeters.secretChecked(realm, ApiClientMeters.SecretCheck.ACCEPTED_IN_GRACE);
    ApiClientMeters.clamped(realm);
    OrganisationMeters.imported("r1", OrganisationMeters.ImportRow.CREATED, 4);
    OrganisationMeters.imported("r1", OrganisationMeters.ImportRow.FAILED, 0);

    assertThat(count(ApiClientMeters.TOKENS, "outcome", "fallback")).isEqualTo(1);
    assertThat(count(ApiClientMeters.SECRET_CHECKS, "outcome", "accepted_in_grace")).isEqualTo(1);
    assertThat(registry.get(ApiClientMeters.CLAMPS).counter().count()).isEqualTo(1);
    assertThat(count(OrganisationMeters.IMPORT_ROWS, "outcome", "created")).isEqualTo(4);
    assertThat(registry.find(OrganisationMeters.IMPORT_ROWS).tag("outcome", "failed").counter())
        .as("no rows, no meter")
        .isNull();
  }

  @Test
  void aFailingRegistryNeverReachesTheRequest() {
    when(realm.getName()).thenThrow(new IllegalStateException("realm gone"));
    TillLoginMeters.record(realm, attempt(TillLogin.Outcome.SUCCESS, null), System.nanoTime());
    new GatewayMeters().verification(realm, GatewayMeters.Credential.NONE, 401, System.nanoTime());
    ApiClientMeters.clamped(realm);
    assertThat(registry.find(TillLoginMeters.LOGINS).tag("outcome", "success").counters())
        .isEmpty();
  }

  @Test
  void withoutARegistryEveryMeterIsANoOp() {
    Metrics.globalRegistry.remove(registry);
    ApiClientMeters.attributed(realm, ApiClientMeters.Attribution.HEADER);
    Metrics.globalRegistry.add(registry);
    // Micrometer hands meters made meanwhile to a registry added later, at zero.
    io.micrometer.core.instrument.Counter header =
        registry.find(ApiClientMeters.TOKENS).tag("outcome", "header").counter();
    assertThat(header == null ? 0 : header.count()).isZero();
  }

  private double count(String name, String tag, String value) {
    return registry.get(name).tags("realm", "r1", tag, value).counter().count();
  }
}
