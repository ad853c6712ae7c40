package org.tillauth.keycloak.bulk;

import java.util.Map;

/**
 * One row of an import file: its number as the administrator sees it (the CSV record number, the
 * header being 1; the 1-based position in a JSON array) and its values by column; an empty cell is
 * null.
 */
record ImportRow(int number, Map<String, String> values) {

  String get(String column) {
    return values.get(column);
  }
}
