package org.tillauth.keycloak.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class VerificationCacheTest {

  final AtomicLong now = new AtomicLong(1_000);
  final VerificationCache cache = new VerificationCache(2, 100, now::get, new SecureRandom());

  @Test
  void keysAreHmacsThatNeverContainTheDigest() {
    String digest = "8a16a6b70505eb1f1ff7cdc0cd5559a7";
    String key = cache.keyOf("realm", "user", digest);
    assertThat(key).doesNotContain(digest).isEqualTo(cache.keyOf("realm", "user", digest));
    assertThat(cache.keyOf("realm", "user2", digest)).isNotEqualTo(key);
    VerificationCache otherNode = new VerificationCache(2, 100, now::get, new SecureRandom());
    assertThat(otherNode.keyOf("realm", "user", digest)).isNotEqualTo(key);
  }

  @Test
  void aHitNeedsTheSameCredentialFingerprintWithinTheTtl() {
    cache.remember("k", "cred-1");
    assertThat(cache.isVerified("k", "cred-1")).isTrue();
    assertThat(cache.isVerified("k", "cred-2")).isFalse();
    now.addAndGet(100);
    assertThat(cache.isVerified("k", "cred-1")).isFalse();
    assertThat(cache.hits()).isEqualTo(1);
    assertThat(cache.misses()).isEqualTo(2);
  }

  @Test
  void boundedLeastRecentlyUsedFirst() {
    cache.remember("a", "f");
    cache.remember("b", "f");
    cache.isVerified("a", "f");
    cache.remember("c", "f");
    assertThat(cache.size()).isEqualTo(2);
    assertThat(cache.evictions()).as("b made room for c").isEqualTo(1);
    assertThat(cache.isVerified("b", "f")).isFalse();
    assertThat(cache.isVerified("a", "f")).isTrue();
  }

  @Test
  void sizeOrTtlZeroDisablesIt() {
    VerificationCache off = new VerificationCache(0, 100, now::get, new SecureRandom());
    off.remember("k", "f");
    assertThat(off.enabled()).isFalse();
    assertThat(off.size()).isZero();
  }

  @Test
  void forgetRemovesAnEntry() {
    cache.remember("k", "f");
    cache.forget("k");
    assertThat(cache.isVerified("k", "f")).isFalse();
    assertThat(cache.evictions()).as("forgetting is not an eviction").isZero();
  }
}
