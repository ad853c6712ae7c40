package org.tillauth.keycloak.organisation;

import jakarta.ws.rs.core.MultivaluedMap;
import java.util.Locale;
import org.tillauth.keycloak.admin.AdminErrors;
import org.tillauth.keycloak.support.JsonBodies;

/**
 * The paging and search parameters of the organisation lists, read as Keycloak's own admin lists
 * read theirs ({@code first}, {@code max}, {@code search}: a prefix, or {@code *} for any text).
 * Anything else in them is a 400 that names the parameter.
 */
record ListQuery(int first, int max, String pattern) {

  static final int DEFAULT_MAX = 100;
  static final int MAX_MAX = 1000;
  static final int MAX_SEARCH = 255;

  static final String BAD_FIRST = "Query parameter 'first' must be a whole number from 0";
  static final String BAD_MAX = "Query parameter 'max' must be a whole number from 1 to " + MAX_MAX;
  static final String BAD_SEARCH =
      "Query parameter 'search' must be at most "
          + MAX_SEARCH
          + " characters without control characters";
  static final String BAD_ENABLED = "Query parameter 'enabled' must be true or false";

  static ListQuery from(MultivaluedMap<String, String> params) {
    int first = number(single(params, "first"), 0, 0, Integer.MAX_VALUE, BAD_FIRST);
    int max = number(single(params, "max"), DEFAULT_MAX, 1, MAX_MAX, BAD_MAX);
    return new ListQuery(first, max, pattern(single(params, "search")));
  }

  /** {@code true}, {@code false} or null when absent. */
  static Boolean enabled(MultivaluedMap<String, String> params) {
    String value = single(params, "enabled");
    if (value == null || value.isEmpty()) {
      return null;
    }
    return switch (value) {
      case "true" -> Boolean.TRUE;
      case "false" -> Boolean.FALSE;
      default -> throw AdminErrors.badRequest(BAD_ENABLED);
    };
  }

  /**
   * The search as a lower-case SQL {@code LIKE} pattern with {@code \} escapes: {@code abc} is a
   * prefix ({@code abc%}); {@code *} stands for any text ({@code *abc*} finds it anywhere); null
   * for no search.
   */
  static String pattern(String search) {
    if (search == null || search.isBlank()) {
      return null;
    }
    String text = search.strip();
    if (text.length() > MAX_SEARCH || !JsonBodies.isCleanText(text)) {
      throw AdminErrors.badRequest(BAD_SEARCH);
    }
    StringBuilder like = new StringBuilder();
    for (char c : text.toLowerCase(Locale.ROOT).toCharArray()) {
      switch (c) {
        case '*' -> like.append('%');
        case '%', '_', '\\' -> like.append('\\').append(c);
        default -> like.append(c);
      }
    }
    if (text.indexOf('*') < 0) {
      like.append('%');
    }
    return like.toString();
  }

  private static String single(MultivaluedMap<String, String> params, String name) {
    var values = params.get(name);
    if (values == null || values.isEmpty()) {
      return null;
    }
    if (values.size() > 1) {
      throw AdminErrors.badRequest("Query parameter '" + name + "' must appear only once");
    }
    return values.get(0);
  }

  private static int number(String value, int absent, int min, int max, String message) {
    if (value == null || value.isEmpty()) {
      return absent;
    }
    if (value.length() > 10 || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw AdminErrors.badRequest(message);
    }
    long n = Long.parseLong(value);
    if (n < min || n > max) {
      throw AdminErrors.badRequest(message);
    }
    return (int) n;
  }
}
