package org.tillauth.keycloak.gateway;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Remembers, per node, that a till's digest verified against one exact stored password, so that
 * per-request Basic credentials cost no password hash on a hit. It holds no digest: entries are
 * keyed by an HMAC under a random key that never leaves this JVM, and store only the fingerprint of
 * the credential that matched. A hit is honoured only while the till's current credential has the
 * same fingerprint; everything else (enabled, role, lockout, switch) is re-checked on every request
 * through Keycloak's cluster-invalidated caches, so nothing stale gets through.
 *
 * <p>Bounded (least recently used entries go first) and short-lived (entries expire after the TTL).
 * This is the extension's only in-memory state; it is per node and safe to lose.
 */
final class VerificationCache {

  private final SecretKeySpec key;
  private final int maxEntries;
  private final long ttlMillis;
  private final LongSupplier clock;
  private final Map<String, Entry> entries;
  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();
  private final LongAdder evictions = new LongAdder();

  private record Entry(String fingerprint, long expiresAt) {}

  VerificationCache(int maxEntries, long ttlMillis) {
    this(maxEntries, ttlMillis, System::currentTimeMillis, new SecureRandom());
  }

  VerificationCache(int maxEntries, long ttlMillis, LongSupplier clock, SecureRandom random) {
    byte[] secret = new byte[32];
    random.nextBytes(secret);
    this.key = new SecretKeySpec(secret, "HmacSHA256");
    this.maxEntries = maxEntries;
    this.ttlMillis = ttlMillis;
    this.clock = clock;
    this.entries =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
            boolean full = size() > VerificationCache.this.maxEntries;
            if (full) {
              evictions.increment();
            }
            return full;
          }
        };
  }

  boolean enabled() {
    return maxEntries > 0 && ttlMillis > 0;
  }

  /** The lookup key of a (realm, till, digest) triple: an HMAC, never the digest itself. */
  String keyOf(String realmId, String userId, String digest) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      byte[] tag =
          mac.doFinal((realmId + '\0' + userId + '\0' + digest).getBytes(StandardCharsets.UTF_8));
      return Base64.getEncoder().withoutPadding().encodeToString(tag);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 not available in this JVM", e);
    }
  }

  /** True when this key verified against a credential with this fingerprint within the TTL. */
  boolean isVerified(String cacheKey, String currentFingerprint) {
    Entry entry;
    synchronized (entries) {
      entry = entries.get(cacheKey);
    }
    boolean hit =
        entry != null
            && entry.expiresAt() > clock.getAsLong()
            && MessageDigest.isEqual(
                entry.fingerprint().getBytes(StandardCharsets.UTF_8),
                currentFingerprint.getBytes(StandardCharsets.UTF_8));
    (hit ? hits : misses).increment();
    return hit;
  }

  void remember(String cacheKey, String fingerprint) {
    if (!enabled()) {
      return;
    }
    synchronized (entries) {
      entries.put(cacheKey, new Entry(fingerprint, clock.getAsLong() + ttlMillis));
    }
  }

  void forget(String cacheKey) {
    synchronized (entries) {
      entries.remove(cacheKey);
    }
  }

  int size() {
    synchronized (entries) {
      return entries.size();
    }
  }

  long hits() {
    return hits.sum();
  }

  long misses() {
    return misses.sum();
  }

  /** Entries dropped because the cache was full (expired ones are replaced, not counted). */
  long evictions() {
    return evictions.sum();
  }
}
