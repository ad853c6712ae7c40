package org.tillauth.keycloak.gateway;

import java.util.Optional;

/**
 * Access-group enforcement for one API request: tills pass; everyone else needs the permission the
 * route table maps the original path to ({@code read} for GET/HEAD/OPTIONS, {@code write} for any
 * other method); unmapped paths follow the realm's setting; a broken route table or an unsafe path
 * denies (fail closed).
 */
final class AccessCheck {

  /** Allowed, or denied naming the permission that was missing (if a route named one). */
  record Decision(boolean allowed, Optional<String> required, String reason) {
    static Decision allow(String reason) {
      return new Decision(true, Optional.empty(), reason);
    }

    static Decision deny(Optional<String> required, String reason) {
      return new Decision(false, required, reason);
    }
  }

  private AccessCheck() {}

  static Decision decide(Caller caller, OriginalRequest request, GatewayRoutes routes) {
    if (!caller.restrictedByAccessGroup()) {
      return Decision.allow("tills are not restricted by access groups");
    }
    if (!routes.problems().isEmpty()) {
      return Decision.deny(Optional.empty(), "the realm's gateway route table is invalid");
    }
    if (request.invalid()) {
      return Decision.deny(Optional.empty(), "the original URI cannot be resolved safely");
    }
    Optional<GatewayRoutes.Route> route = request.path().flatMap(routes::match);
    if (route.isEmpty()) {
      return routes.allowUnmapped()
          ? Decision.allow("unmapped path allowed by the realm")
          : Decision.deny(Optional.empty(), "unmapped path denied by the realm");
    }
    boolean write = !request.isRead();
    GatewayRoutes.Route matched = route.get();
    if (caller.holds(matched.api(), matched.resource(), write)) {
      return Decision.allow("access group grants " + matched.permission(write));
    }
    return Decision.deny(Optional.of(matched.permission(write)), "access group lacks it");
  }
}
