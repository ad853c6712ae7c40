package org.tillauth.keycloak.model;

import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;

/**
 * SPI {@code till-auth-model}: where the organisation's model lives in a realm (role and group
 * names, access-group resources). One provider, {@code default}, configured with SPI options.
 */
public final class ModelNamesSpi implements Spi {

  public static final String NAME = "till-auth-model";

  @Override
  public boolean isInternal() {
    return false;
  }

  @Override
  public String getName() {
    return NAME;
  }

  @Override
  public Class<? extends Provider> getProviderClass() {
    return ModelNamesProvider.class;
  }

  @Override
  public Class<? extends ProviderFactory> getProviderFactoryClass() {
    return ModelNamesProviderFactory.class;
  }
}
