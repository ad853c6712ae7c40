package org.tillauth.keycloak.gateway;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.keycloak.models.RealmModel;
import org.tillauth.keycloak.model.ModelNames;

/**
 * The realms' route tables, parsed once per distinct pair of attribute values rather than on every
 * gateway request. The key is the attribute values themselves, so a changed table is simply a new
 * key: nothing can go stale, on this node or another, and no invalidation is needed. {@link
 * GatewayRoutes} is immutable, so one parsed table serves all threads. Owned by the provider
 * factory (one per node); at most {@value #MAX_TABLES} tables are kept, and all are dropped when
 * that is reached (a table costs one parse to rebuild).
 */
final class RouteTables {

  static final int MAX_TABLES = 64;

  private record Source(String routes, String unmapped, List<String> resources) {}

  private final Map<Source, GatewayRoutes> parsed = new ConcurrentHashMap<>();

  GatewayRoutes of(RealmModel realm) {
    return of(realm, ModelNames.current().resources());
  }

  GatewayRoutes of(RealmModel realm, List<String> resources) {
    Source source =
        new Source(
            realm.getAttribute(GatewayRoutes.ROUTES),
            realm.getAttribute(GatewayRoutes.UNMAPPED),
            resources);
    GatewayRoutes routes = parsed.get(source);
    if (routes == null) {
      routes = GatewayRoutes.parse(source.routes(), source.unmapped(), source.resources());
      if (parsed.size() >= MAX_TABLES) {
        parsed.clear();
      }
      parsed.put(source, routes);
    }
    return routes;
  }

  int size() {
    return parsed.size();
  }
}
