package org.tillauth.keycloak.till;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.keycloak.Config;
import org.keycloak.credential.hash.PasswordHashProvider;
import org.keycloak.credential.hash.PasswordHashProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.provider.ServerInfoAwareProviderFactory;
import org.tillauth.keycloak.support.ExtensionInfo;

/**
 * Registers {@code till-md5-argon2} as a password hashing algorithm for realm password policies.
 * The hash it applies to the MD5 digest is another password-hashing provider, {@code argon2} by
 * default: SPI option {@code --spi-password-hashing--till-md5-argon2--delegate}, checked when the
 * server starts so that a missing provider stops the start with a message instead of failing the
 * first till login.
 */
public final class Md5PrehashPasswordHashProviderFactory
    implements PasswordHashProviderFactory, ServerInfoAwareProviderFactory {

  static final String DELEGATE_OPTION = "delegate";
  static final String DEFAULT_DELEGATE = "argon2";
  private static final Pattern PROVIDER_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

  private String delegate = DEFAULT_DELEGATE;

  @Override
  public PasswordHashProvider create(KeycloakSession session) {
    PasswordHashProvider hash = session.getProvider(PasswordHashProvider.class, delegate);
    if (hash == null) {
      // postInit refuses such a server; this only guards against a delegate that went away.
      throw new IllegalStateException(missing(delegate));
    }
    return new Md5PrehashPasswordHashProvider(hash);
  }

  @Override
  public void init(Config.Scope config) {
    delegate = delegateOf(config.get(DELEGATE_OPTION, DEFAULT_DELEGATE));
  }

  static String delegateOf(String configured) {
    String id = configured == null ? "" : configured.strip();
    if (!PROVIDER_ID.matcher(id).matches()) {
      throw new IllegalArgumentException(
          optionName() + " must name a password-hashing provider (e.g. argon2), not '" + id + "'");
    }
    if (id.equals(Md5PrehashPasswordHashProvider.ID)
        || id.equals(LegacyMd5PasswordHashProvider.ID)) {
      throw new IllegalArgumentException(
          optionName() + " cannot be " + id + ": till digests need a slow, salted hash");
    }
    return id;
  }

  @Override
  public void postInit(KeycloakSessionFactory factory) {
    if (factory.getProviderFactory(PasswordHashProvider.class, delegate) == null) {
      throw new IllegalStateException(missing(delegate));
    }
  }

  static String missing(String delegate) {
    return optionName()
        + " names password-hashing provider '"
        + delegate
        + "', which this server does not have (disabled in the server configuration?); till"
        + " passwords could be neither stored nor verified (default: "
        + DEFAULT_DELEGATE
        + ")";
  }

  private static String optionName() {
    return "SPI option --spi-password-hashing--"
        + Md5PrehashPasswordHashProvider.ID
        + "--"
        + DELEGATE_OPTION;
  }

  @Override
  public void close() {}

  @Override
  public String getId() {
    return Md5PrehashPasswordHashProvider.ID;
  }

  @Override
  public List<ProviderConfigProperty> getConfigMetadata() {
    return ProviderConfigurationBuilder.create()
        .property()
        .name(DELEGATE_OPTION)
        .type("string")
        .helpText(
            "Password-hashing provider applied to the till's MD5 digest (Argon2id by default)."
                + " Stored till credentials carry that provider's parameters: change it only to a"
                + " provider that verifies them.")
        .defaultValue(DEFAULT_DELEGATE)
        .add()
        .build();
  }

  @Override
  public Map<String, String> getOperationalInfo() {
    Map<String, String> info = new LinkedHashMap<>(ExtensionInfo.operationalInfo());
    info.put(DELEGATE_OPTION, delegate);
    return info;
  }
}
