package org.tillauth.keycloak.organisation;

import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;

/**
 * A page of a list: the JSON array the lists always answered, and the number of matching items in
 * {@code X-Total-Count} so that a page can show "n of N" without a second request.
 */
final class ListAnswer {

  static final String TOTAL = "X-Total-Count";

  private ListAnswer() {}

  static Response of(List<Map<String, Object>> page, long total) {
    return Response.ok(page).header(TOTAL, total).build();
  }
}
