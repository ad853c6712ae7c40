package org.tillauth.keycloak.model;

import org.keycloak.provider.Provider;

/** Gives the server's {@link ModelNames}; see {@link ModelNames#of}. */
public interface ModelNamesProvider extends Provider {

  ModelNames names();

  @Override
  default void close() {}
}
