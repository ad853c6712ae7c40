package org.tillauth.keycloak.gateway;

import java.util.List;
import java.util.Optional;
import org.tillauth.keycloak.till.Till;
import org.tillauth.keycloak.till.TillClaims;

/**
 * Who an allowed API request acts as: what the gateway forwards upstream. Tills are never
 * restricted by access groups; API clients and other token holders are.
 */
record Caller(
    Type type,
    Optional<String> tillCode,
    Optional<String> storeCode,
    Optional<String> tillAttribution,
    Optional<String> clientId,
    Optional<String> subject,
    Optional<String> accessGroup,
    List<String> permissions) {

  enum Type {
    TILL("till"),
    API_CLIENT("api-client"),
    USER("user");

    final String wireName;

    Type(String wireName) {
      this.wireName = wireName;
    }
  }

  static Caller till(Till till, Optional<String> clientId, Optional<String> subject) {
    return new Caller(
        Type.TILL,
        Optional.of(till.code()),
        till.storeCode(),
        Optional.of(TillClaims.SELF),
        clientId,
        subject,
        Optional.empty(),
        List.of());
  }

  boolean restrictedByAccessGroup() {
    return type != Type.TILL;
  }

  /** Write implies read; {@code none} is never listed. */
  boolean holds(String api, String resource, boolean write) {
    String prefix = api + ":" + resource + ":";
    return permissions.contains(prefix + "write")
        || (!write && permissions.contains(prefix + "read"));
  }
}
