package org.tillauth.keycloak.testing;

/**
 * The former name of {@link RealmFixtures}, which creates and removes clients, users, tills and
 * groups alike.
 *
 * @deprecated use {@link RealmFixtures}.
 */
@Deprecated
public final class ApiClientFixtures extends RealmFixtures {

  public ApiClientFixtures(AdminApi admin, String realm, String prefix) {
    super(admin, realm, prefix);
  }
}
