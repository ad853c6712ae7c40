package org.tillauth.keycloak.model;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.keycloak.models.KeycloakSession;
import org.keycloak.utils.KeycloakSessionUtil;

/**
 * The names under which the organisation's model lives in a realm: the realm role every till holds,
 * the top-level groups that hold the stores and the access groups, and the access-group resources.
 * Server-wide SPI configuration ({@code --spi-till-auth-model--default--...}), today's platform
 * values by default; every provider asks here instead of keeping its own copy.
 */
public record ModelNames(
    String tillRole, String storesGroup, String accessGroupsGroup, List<String> resources) {

  // Declared before DEFAULTS, which the constructor checks with them.
  private static final Pattern RESOURCE = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
  private static final int MAX_NAME = 255;
  private static final int MAX_RESOURCE = 64;

  /** The platform's resources, lowercase with hyphens, in the platform's order. */
  public static final List<String> DEFAULT_RESOURCES =
      List.of(
          "customer",
          "images",
          "leads",
          "otp",
          "organization",
          "organization-data-fields",
          "partner-program",
          "partners",
          "points",
          "product",
          "requests",
          "staff",
          "store",
          "survey",
          "task",
          "transaction",
          "user-groups",
          "activity-sessions",
          "user-targets",
          "target-loyalty",
          "webhooks",
          "event-simulation");

  public static final ModelNames DEFAULTS =
      new ModelNames("till", "stores", "access-groups", DEFAULT_RESOURCES);

  public ModelNames {
    tillRole = name("till-role", tillRole);
    storesGroup = groupName("stores-group", storesGroup);
    accessGroupsGroup = groupName("access-groups-group", accessGroupsGroup);
    if (storesGroup.equals(accessGroupsGroup)) {
      throw new IllegalArgumentException(
          "stores-group and access-groups-group must differ, both are '" + storesGroup + "'");
    }
    resources = resources(resources);
  }

  /** The names configured for this server; the defaults where no server is around (unit tests). */
  public static ModelNames of(KeycloakSession session) {
    ModelNamesProvider provider =
        session == null ? null : session.getProvider(ModelNamesProvider.class);
    return provider == null ? DEFAULTS : provider.names();
  }

  /** {@link #of(KeycloakSession)} for the session of the current request. */
  public static ModelNames current() {
    return of(KeycloakSessionUtil.getKeycloakSession());
  }

  public boolean isResource(String resource) {
    return resource != null && resources.contains(resource);
  }

  /** The path of an access group as Keycloak's group picker stores it, e.g. /access-groups/POS. */
  public String accessGroupPath(String name) {
    return "/" + accessGroupsGroup + "/" + name;
  }

  private static String name(String option, String value) {
    String name = value == null ? "" : value.strip();
    if (name.isEmpty()
        || name.length() > MAX_NAME
        || name.chars().anyMatch(Character::isISOControl)) {
      throw new IllegalArgumentException(
          option
              + " must be a name of 1 to "
              + MAX_NAME
              + " printable characters, not '"
              + value
              + "'");
    }
    return name;
  }

  private static String groupName(String option, String value) {
    String name = name(option, value);
    if (name.contains("/")) {
      throw new IllegalArgumentException(
          option + " must be a top-level group name without '/', not '" + name + "'");
    }
    return name;
  }

  private static List<String> resources(List<String> values) {
    if (values == null || values.isEmpty()) {
      throw new IllegalArgumentException("access-group-resources must name at least one resource");
    }
    Set<String> unique = new LinkedHashSet<>();
    for (String value : values) {
      String resource = value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
      if (resource.length() > MAX_RESOURCE || !RESOURCE.matcher(resource).matches()) {
        throw new IllegalArgumentException(
            "access-group-resources: '"
                + value
                + "' is not a resource name (lowercase letters, digits and single hyphens, at most "
                + MAX_RESOURCE
                + " characters)");
      }
      if (!unique.add(resource)) {
        throw new IllegalArgumentException(
            "access-group-resources: '" + resource + "' is listed twice");
      }
    }
    return List.copyOf(unique);
  }
}
