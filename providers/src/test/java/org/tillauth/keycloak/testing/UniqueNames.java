package org.tillauth.keycloak.testing;

import java.util.UUID;

/**
 * Names for objects a test creates in a realm it shares with other tests (and with earlier runs
 * against the same server): a readable prefix plus eight random hex digits, so names never clash
 * and a leftover object still tells which test made it.
 */
public final class UniqueNames {

  private UniqueNames() {}

  /** {@code prefix-1a2b3c4d}. */
  public static String of(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }
}
