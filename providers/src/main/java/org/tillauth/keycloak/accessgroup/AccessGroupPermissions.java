package org.tillauth.keycloak.accessgroup;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.tillauth.keycloak.model.ModelNames;

/**
 * Turns an access group's attributes into permission strings {@code <api>:<resource>:<level>}.
 *
 * <p>Attribute format (editable under Groups → Attributes): key {@code <api>.<resource>}, where
 * {@code api} is {@code data} (Data API) or {@code config} (Config API) and {@code resource} one of
 * {@link #resources()}; value {@code none}, {@code read} or {@code write} (case-insensitive). Keys
 * not starting with {@code data.} or {@code config.} are not permissions and are left alone.
 * Unknown resources and invalid values grant nothing and are reported as problems (logged as
 * warnings).
 */
public final class AccessGroupPermissions {

  public static final List<String> APIS = List.of("data", "config");

  /** The resources a permission may name ({@link ModelNames#resources()}, configurable). */
  public static List<String> resources() {
    return ModelNames.current().resources();
  }

  static final String UNKNOWN_RESOURCE = "attribute %s: unknown resource '%s' ignored";
  static final String INVALID_VALUE =
      "attribute %s: value %s ignored (expected one of none, read, write)";

  /** Sorted permission strings, and what was ignored. */
  public record Result(List<String> permissions, List<String> problems) {}

  /** What a deactivated group grants. */
  public static final Result NOTHING = new Result(List.of(), List.of());

  private AccessGroupPermissions() {}

  public static Result of(Map<String, List<String>> attributes) {
    return of(attributes, ModelNames.current());
  }

  public static Result of(Map<String, List<String>> attributes, ModelNames names) {
    Set<String> permissions = new TreeSet<>();
    List<String> problems = new ArrayList<>();
    attributes.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(entry -> add(names, entry.getKey(), entry.getValue(), permissions, problems));
    return new Result(List.copyOf(permissions), List.copyOf(problems));
  }

  private static void add(
      ModelNames names,
      String key,
      List<String> values,
      Set<String> permissions,
      List<String> problems) {
    int dot = key.indexOf('.');
    if (dot < 0 || !APIS.contains(key.substring(0, dot))) {
      return; // not a permission attribute
    }
    String api = key.substring(0, dot);
    String resource = key.substring(dot + 1);
    if (!names.isResource(resource)) {
      problems.add(String.format(Locale.ROOT, UNKNOWN_RESOURCE, key, resource));
      return;
    }
    Set<String> levels = new TreeSet<>();
    for (String value : values == null ? List.<String>of() : values) {
      levels.add(value == null ? "" : value.strip().toLowerCase(Locale.ROOT));
    }
    if (levels.size() != 1 || !Set.of("none", "read", "write").containsAll(levels)) {
      problems.add(String.format(Locale.ROOT, INVALID_VALUE, key, values));
      return;
    }
    String level = levels.iterator().next();
    if (!level.equals("none")) {
      permissions.add(api + ":" + resource + ":" + level);
    }
  }
}
