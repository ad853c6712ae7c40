package org.tillauth.keycloak.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import org.junit.jupiter.api.Test;
import org.keycloak.models.RealmModel;

/** Route tables are parsed once per attribute value and follow every change of it. */
class RouteTablesTest {

  final RouteTables tables = new RouteTables();

  private static RealmModel realm(String routes, String unmapped) {
    RealmModel realm = mock(RealmModel.class);
    when(realm.getAttribute(GatewayRoutes.ROUTES)).thenReturn(routes);
    when(realm.getAttribute(GatewayRoutes.UNMAPPED)).thenReturn(unmapped);
    return realm;
  }

  @Test
  void theSameValuesShareOneParsedTable() {
    GatewayRoutes first = tables.of(realm("/v2/points=data:points", null));
    GatewayRoutes second = tables.of(realm("/v2/points=data:points", null));
    assertThat(second).isSameAs(first);
    assertThat(tables.of(realm(null, null))).isSameAs(tables.of(realm(null, null)));
  }

  @Test
  void aChangedValueIsParsedAnew() {
    GatewayRoutes before = tables.of(realm("/v2/points=data:points", "deny"));
    GatewayRoutes after = tables.of(realm("/v2/points=data:points", "allow"));
    assertThat(before.allowUnmapped()).isFalse();
    assertThat(after.allowUnmapped()).isTrue();
  }

  @Test
  void theCacheStaysBounded() {
    for (int i = 0; i < RouteTables.MAX_TABLES * 3; i++) {
      tables.of(realm("/v2/p" + i + "=data:points", null));
    }
    assertThat(tables.size()).isLessThanOrEqualTo(RouteTables.MAX_TABLES);
  }
}
