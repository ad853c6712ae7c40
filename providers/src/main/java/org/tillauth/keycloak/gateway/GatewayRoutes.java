package org.tillauth.keycloak.gateway;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.tillauth.keycloak.accessgroup.AccessGroupPermissions;
import org.tillauth.keycloak.model.ModelNames;

/**
 * Which access-group resource an API path belongs to, per realm: realm attribute {@value #ROUTES}
 * (entries {@code <path prefix>=<api>:<resource>}, separated by new lines, commas or semicolons;
 * the longest matching prefix wins, matched on whole path segments, case-insensitively) and what to
 * do with a path no entry maps: realm attribute {@value #UNMAPPED}, {@code deny} (default) or
 * {@code allow}. Without {@value #ROUTES} the platform's default table applies.
 */
record GatewayRoutes(List<Route> routes, boolean allowUnmapped, List<String> problems) {

  static final String ROUTES = "till-auth.gateway.routes";
  static final String UNMAPPED = "till-auth.gateway.unmapped-paths";

  record Route(String prefix, String api, String resource) {
    String permission(boolean write) {
      return api + ":" + resource + ":" + (write ? "write" : "read");
    }

    boolean matches(String path) {
      return path.equals(prefix) || prefix.equals("/") || path.startsWith(prefix + "/");
    }
  }

  /** Data API under /v1.1 and /v2, Config API under /config: singular and plural resource names. */
  static GatewayRoutes parse(String routes, String unmapped) {
    return parse(routes, unmapped, ModelNames.current().resources());
  }

  /** The table for these attribute values, with the server's access-group resources. */
  static GatewayRoutes parse(String routes, String unmapped, List<String> resources) {
    List<String> problems = new ArrayList<>();
    boolean allowUnmapped = false;
    if (unmapped != null && !unmapped.isBlank()) {
      switch (unmapped.strip().toLowerCase(Locale.ROOT)) {
        case "allow" -> allowUnmapped = true;
        case "deny" -> allowUnmapped = false;
        default ->
            problems.add(UNMAPPED + ": expected allow or deny, not '" + clip(unmapped) + "'");
      }
    }
    List<Route> table = new ArrayList<>();
    if (routes == null || routes.isBlank()) {
      table.addAll(defaults(resources));
    } else {
      for (String entry : routes.split("[\\n\\r,;]+")) {
        if (!entry.isBlank()) {
          parseEntry(entry.strip(), resources)
              .ifPresentOrElse(table::add, () -> problems.add(invalid(entry)));
        }
      }
    }
    table.sort(Comparator.comparingInt((Route r) -> r.prefix().length()).reversed());
    return new GatewayRoutes(List.copyOf(table), allowUnmapped, List.copyOf(problems));
  }

  Optional<Route> match(String normalisedPath) {
    return routes.stream().filter(route -> route.matches(normalisedPath)).findFirst();
  }

  private static Optional<Route> parseEntry(String entry, List<String> resources) {
    int equals = entry.indexOf('=');
    if (equals <= 0) {
      return Optional.empty();
    }
    Optional<String> prefix = OriginalRequest.normalise(entry.substring(0, equals).strip());
    String[] target = entry.substring(equals + 1).strip().toLowerCase(Locale.ROOT).split(":");
    if (prefix.isEmpty()
        || target.length != 2
        || !AccessGroupPermissions.APIS.contains(target[0])
        || !resources.contains(target[1])) {
      return Optional.empty();
    }
    return Optional.of(new Route(prefix.get(), target[0], target[1]));
  }

  private static String invalid(String entry) {
    return ROUTES
        + ": entry '"
        + clip(entry.strip())
        + "' is not <path prefix>=<data|config>:<resource> with a known resource";
  }

  private static String clip(String value) {
    return value.length() <= 80 ? value : value.substring(0, 80) + "...";
  }

  private static List<Route> defaults(List<String> resources) {
    List<Route> routes = new ArrayList<>();
    for (String resource : resources) {
      List<String> names =
          resource.endsWith("s") ? List.of(resource) : List.of(resource, resource + "s");
      for (String name : names) {
        routes.add(new Route("/v1.1/" + name, "data", resource));
        routes.add(new Route("/v2/" + name, "data", resource));
        routes.add(new Route("/config/" + name, "config", resource));
      }
    }
    return List.copyOf(routes);
  }
}
