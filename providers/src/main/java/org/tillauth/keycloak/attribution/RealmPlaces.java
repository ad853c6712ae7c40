package org.tillauth.keycloak.attribution;

import java.util.Optional;
import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.tillauth.keycloak.till.Till;
import org.tillauth.keycloak.till.TillDirectory;

/** Tills and stores of a realm, answered by {@link TillDirectory}. */
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
    GroupModel store =
        KeycloakModelUtils.findGroupByPath(
            session, realm, new String[] {TillDirectory.STORES_GROUP, code});
    return Optional.ofNullable(store).map(GroupModel::getName);
  }

  static AttributionDecider.PlaceRef ref(Till till) {
    return new AttributionDecider.PlaceRef(till.code(), till.storeCode());
  }
}
