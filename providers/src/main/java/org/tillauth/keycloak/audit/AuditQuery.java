package org.tillauth.keycloak.audit;

import jakarta.ws.rs.core.MultivaluedMap;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import org.keycloak.events.admin.OperationType;
import org.tillauth.keycloak.admin.AdminErrors;
import org.tillauth.keycloak.support.JsonBodies;

/**
 * The audit trail's filters and page, as query parameters: {@code first}, {@code max}, {@code area}
 * (one of {@link Area}), {@code operation} (Keycloak's operation types), {@code user} (the username
 * of the administrator) and {@code from}/{@code to} (UTC days, {@code yyyy-MM-dd}, both included).
 * Anything else in them is a 400 that names the parameter.
 */
record AuditQuery(
    int first, int max, Area area, OperationType operation, String user, Long from, Long to) {

  static final int DEFAULT_MAX = 50;
  static final int MAX_MAX = 200;

  /** What part of the organisation an event is about. */
  enum Area {
    SETTINGS("settings"),
    API_CLIENTS("api-clients"),
    GROUPS("groups"),
    TILLS("tills"),
    IMPORTS("imports");

    final String id;

    Area(String id) {
      this.id = id;
    }

    static Area of(String id) {
      for (Area area : values()) {
        if (area.id.equals(id)) {
          return area;
        }
      }
      throw AdminErrors.badRequest(
          "Query parameter 'area' must be one of settings, api-clients, groups, tills, imports");
    }
  }

  static AuditQuery from(MultivaluedMap<String, String> params) {
    int first = number(params, "first", 0, 0, Integer.MAX_VALUE);
    int max = number(params, "max", DEFAULT_MAX, 1, MAX_MAX);
    String area = single(params, "area");
    String operation = single(params, "operation");
    String user = single(params, "user");
    if (user != null && (user.length() > 255 || !JsonBodies.isCleanText(user))) {
      throw AdminErrors.badRequest(
          "Query parameter 'user' must be at most 255 characters without control characters");
    }
    Long from = day(params, "from", 0);
    Long to = day(params, "to", 1);
    return new AuditQuery(
        first,
        max,
        area == null ? null : Area.of(area),
        operation == null ? null : operation(operation),
        user,
        from,
        to == null ? null : to - 1);
  }

  private static OperationType operation(String value) {
    try {
      return OperationType.valueOf(value.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw AdminErrors.badRequest(
          "Query parameter 'operation' must be one of CREATE, UPDATE, DELETE, ACTION");
    }
  }

  /** The start of the day, or of the next day ({@code plusDays} 1), in epoch milliseconds. */
  private static Long day(MultivaluedMap<String, String> params, String name, int plusDays) {
    String value = single(params, name);
    if (value == null) {
      return null;
    }
    try {
      return LocalDate.parse(value)
          .plusDays(plusDays)
          .atStartOfDay(ZoneOffset.UTC)
          .toInstant()
          .toEpochMilli();
    } catch (DateTimeParseException e) {
      throw AdminErrors.badRequest(
          "Query parameter '" + name + "' must be a date as yyyy-MM-dd (UTC)");
    }
  }

  private static int number(
      MultivaluedMap<String, String> params, String name, int fallback, int min, int max) {
    String value = single(params, name);
    if (value == null) {
      return fallback;
    }
    try {
      int number = Integer.parseInt(value);
      if (number >= min && number <= max) {
        return number;
      }
    } catch (NumberFormatException e) {
      // the message below
    }
    throw AdminErrors.badRequest(
        "Query parameter '"
            + name
            + "' must be a whole number from "
            + min
            + (max == Integer.MAX_VALUE ? "" : " to " + max));
  }

  private static String single(MultivaluedMap<String, String> params, String name) {
    List<String> values = params.get(name);
    if (values == null || values.isEmpty() || values.get(0).isBlank()) {
      return null;
    }
    if (values.size() > 1) {
      throw AdminErrors.badRequest("Query parameter '" + name + "' must appear only once");
    }
    return values.get(0).strip();
  }
}
