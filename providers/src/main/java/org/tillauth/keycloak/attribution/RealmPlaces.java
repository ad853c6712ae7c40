package org.tillauth.keycloak.attribution;

import java.util.Optional;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.tillauth.keycloak.till.Till;
import org.tillauth.keycloak.till.TillDirectory;

/** Tills and stores of a realm, as {@link TillDirectory} defines them. */
final class RealmPlaces implements AttributionDecider.Places {

  private final KeycloakSession session;
  private final RealmModel realm;

  RealmPlaces(KeycloakSession session, RealmModel realm) {
    this.session = session;
    this.realm = realm;
  }

  @Override
  public Optional<AttributionDecider.PlaceRef> till(String code) {
    return TillDirectory.find(session, realm, code).map(RealmPlaces::ref);
  }

  @Override
  public Optional<String> store(String code) {
    return TillDirectory.findStore(session, realm, code);
  }

  static AttributionDecider.PlaceRef ref(Till till) {
    return new AttributionDecider.PlaceRef(
        till.code(), till.storeCode(), till.inSeveralStores() ? till.severalStoresMessage() : null);
  }
}
