package org.tillauth.keycloak.till;

import java.util.List;
import java.util.Optional;

/**
 * A point-of-sale till: an enabled realm user holding the realm role {@code till}, its username the
 * till code, belonging to at most one store (a group directly under the top-level group {@code
 * stores}).
 *
 * @param code the till code (the user's username)
 * @param stores the names of every store group the user is in, sorted; more than one is a
 *     misconfiguration that every till path refuses ({@link #inSeveralStores()})
 */
public record Till(String code, List<String> stores) {

  public Till {
    stores = List.copyOf(stores);
  }

  /** The till's store; empty when it is in no store, or in several (then it has no valid store). */
  public Optional<String> storeCode() {
    return stores.size() == 1 ? Optional.of(stores.get(0)) : Optional.empty();
  }

  /**
   * In more than one store group: no store can be chosen without guessing, so logins, attribution
   * and till claims are refused until an administrator leaves one.
   */
  public boolean inSeveralStores() {
    return stores.size() > 1;
  }

  /** The refusal text for a till in several stores; the same wherever it is refused. */
  public String severalStoresMessage() {
    return "Till '" + code + "' is in more than one store (" + String.join(", ", stores) + ")";
  }
}
