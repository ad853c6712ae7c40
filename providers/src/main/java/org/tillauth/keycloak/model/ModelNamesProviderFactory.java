package org.tillauth.keycloak.model;

import org.keycloak.provider.ProviderFactory;

/** Factory interface of the {@code till-auth-model} SPI. */
public interface ModelNamesProviderFactory extends ProviderFactory<ModelNamesProvider> {}
