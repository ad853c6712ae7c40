package org.tillauth.keycloak.gateway;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.provider.ServerInfoAwareProviderFactory;
import org.keycloak.services.resource.RealmResourceProvider;
import org.keycloak.services.resource.RealmResourceProviderFactory;
import org.tillauth.keycloak.metrics.GatewayMeters;
import org.tillauth.keycloak.support.ExtensionInfo;
import org.tillauth.keycloak.support.WarningThrottle;

/**
 * Realm resource {@code till-auth}: {@code /realms/{realm}/till-auth/verify}, the API gateway's
 * forward-authentication endpoint. Holds the per-node verification cache (the extension's only
 * in-memory state, see {@link VerificationCache}); its size and TTL are SPI options: {@code
 * --spi-realm-restapi-extension--till-auth--verify-cache-size} and {@code ...--verify-cache-ttl}
 * (seconds).
 */
public final class GatewayResourceProviderFactory
    implements RealmResourceProviderFactory, ServerInfoAwareProviderFactory {

  public static final String ID = "till-auth";
  static final String CACHE_SIZE = "verify-cache-size";
  static final String CACHE_TTL = "verify-cache-ttl";
  static final int DEFAULT_CACHE_SIZE = 10_000;
  static final int DEFAULT_CACHE_TTL_SECONDS = 300;
  static final int MAX_CACHE_SIZE = 1_000_000;
  static final int MAX_CACHE_TTL_SECONDS = 3600;

  private static final Logger LOG = Logger.getLogger(GatewayResourceProviderFactory.class);

  private VerificationCache cache;
  private final RouteTables routeTables = new RouteTables();
  private final GatewayMeters meters = new GatewayMeters();
  private final WarningThrottle warnings =
      new WarningThrottle(Logger.getLogger(VerifyResource.class));

  @Override
  public RealmResourceProvider create(KeycloakSession session) {
    return new GatewayResourceProvider(session, this);
  }

  @Override
  public void init(Config.Scope config) {
    int size = bounded(config.getInt(CACHE_SIZE, DEFAULT_CACHE_SIZE), MAX_CACHE_SIZE, CACHE_SIZE);
    int ttl =
        bounded(
            config.getInt(CACHE_TTL, DEFAULT_CACHE_TTL_SECONDS), MAX_CACHE_TTL_SECONDS, CACHE_TTL);
    cache = new VerificationCache(size, Duration.ofSeconds(ttl).toMillis());
    LOG.debugf("Gateway verification cache: %d entries, %d s (0 disables it)", size, ttl);
  }

  private static int bounded(int value, int max, String option) {
    if (value < 0 || value > max) {
      throw new IllegalArgumentException(
          "SPI option "
              + option
              + " of realm-restapi-extension "
              + ID
              + " must be between 0 and "
              + max
              + ", not "
              + value);
    }
    return value;
  }

  VerificationCache cache() {
    return cache;
  }

  GatewayMeters meters() {
    return meters;
  }

  RouteTables routeTables() {
    return routeTables;
  }

  WarningThrottle warnings() {
    return warnings;
  }

  @Override
  public void postInit(KeycloakSessionFactory factory) {
    GatewayMeters.bindCache(
        cache,
        VerificationCache::hits,
        VerificationCache::misses,
        VerificationCache::evictions,
        VerificationCache::size);
  }

  @Override
  public void close() {}

  @Override
  public String getId() {
    return ID;
  }

  @Override
  public List<ProviderConfigProperty> getConfigMetadata() {
    return ProviderConfigurationBuilder.create()
        .property()
        .name(CACHE_SIZE)
        .type("int")
        .helpText(
            "Maximum number of till Basic verifications remembered per node (0 turns the cache"
                + " off: every request then spends one password hash).")
        .defaultValue(DEFAULT_CACHE_SIZE)
        .add()
        .property()
        .name(CACHE_TTL)
        .type("int")
        .helpText("Seconds a remembered verification stays valid (0 turns the cache off).")
        .defaultValue(DEFAULT_CACHE_TTL_SECONDS)
        .add()
        .build();
  }

  @Override
  public Map<String, String> getOperationalInfo() {
    Map<String, String> info = new LinkedHashMap<>(ExtensionInfo.operationalInfo());
    if (cache != null) {
      info.put("verify-cache-entries", Integer.toString(cache.size()));
      info.put("verify-cache-hits", Long.toString(cache.hits()));
      info.put("verify-cache-misses", Long.toString(cache.misses()));
    }
    return info;
  }
}
