package org.tillauth.keycloak.bulk;

import java.util.LinkedHashMap;
import java.util.Map;

/** Why one row of an import was refused: the report's line. */
record RowError(int row, String code, String error) {

  Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("row", row);
    json.put("code", code);
    json.put("error", error);
    return json;
  }
}
