package org.tillauth.keycloak.support;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Where the running Keycloak stands against the versions this JAR was tested with (the build's
 * version matrix, {@code keycloak.tested.versions} in pom.xml).
 */
public record KeycloakCompatibility(String running, List<String> tested) {

  /** How far the running server is from what was tested. */
  public enum Status {
    /** One of the tested versions. */
    TESTED("tested"),
    /** Between the oldest and newest tested version, but not one of them (e.g. a patch release). */
    UNTESTED_IN_RANGE("untested (within the tested range)"),
    /** Older than the oldest or newer than the newest tested version, or unreadable. */
    OUTSIDE_RANGE("unsupported (outside the tested range)");

    private final String label;

    Status(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  public KeycloakCompatibility {
    tested = List.copyOf(tested);
  }

  /** From a comma-separated list such as {@code 26.4.7,26.5.6}. */
  public static KeycloakCompatibility of(String running, String testedList) {
    List<String> tested = new ArrayList<>();
    if (testedList != null) {
      Arrays.stream(testedList.split(","))
          .map(String::trim)
          .filter(v -> !v.isEmpty())
          .forEach(tested::add);
    }
    return new KeycloakCompatibility(running, tested);
  }

  public Status status() {
    if (tested.contains(running)) {
      return Status.TESTED;
    }
    int[] version = numbers(running);
    if (version == null || tested.isEmpty()) {
      return Status.OUTSIDE_RANGE;
    }
    boolean notBelow = compare(version, numbers(oldest())) >= 0;
    boolean notAbove = compare(version, numbers(newest())) <= 0;
    return notBelow && notAbove ? Status.UNTESTED_IN_RANGE : Status.OUTSIDE_RANGE;
  }

  /** Untested servers are worth a warning in the server log. */
  public boolean warn() {
    return status() != Status.TESTED;
  }

  /** The start-up log line. */
  public String message(String jarVersion) {
    String head = "keycloak-till-auth " + jarVersion + " on Keycloak " + running + ": ";
    String testedWith = "tested with Keycloak " + String.join(", ", tested);
    return switch (status()) {
      case TESTED -> head + "a tested version (" + testedWith + ")";
      case UNTESTED_IN_RANGE ->
          head
              + "NOT TESTED with this version ("
              + testedWith
              + "). It lies within the tested range "
              + range()
              + "; run the version matrix (.ci/matrix) with it before relying on it";
      case OUTSIDE_RANGE ->
          head
              + "UNSUPPORTED version, outside the tested range "
              + range()
              + " ("
              + testedWith
              + "). The providers are loaded, but calls into Keycloak may fail at run time"
              + " (NoSuchMethodError, NoClassDefFoundError); use a keycloak-till-auth release"
              + " tested with this Keycloak";
    };
  }

  public String range() {
    return tested.isEmpty() ? "(none)" : oldest() + " to " + newest();
  }

  private String oldest() {
    return tested.stream().min(KeycloakCompatibility::compareVersions).orElseThrow();
  }

  private String newest() {
    return tested.stream().max(KeycloakCompatibility::compareVersions).orElseThrow();
  }

  private static int compareVersions(String a, String b) {
    int[] x = numbers(a);
    int[] y = numbers(b);
    if (x == null || y == null) {
      return x == null ? (y == null ? 0 : -1) : 1;
    }
    return compare(x, y);
  }

  private static int compare(int[] a, int[] b) {
    for (int i = 0; i < 3; i++) {
      if (a[i] != b[i]) {
        return Integer.compare(a[i], b[i]);
      }
    }
    return 0;
  }

  /** major.minor.micro from e.g. {@code 26.5.6} or {@code 26.7.3-SNAPSHOT}; null if unreadable. */
  static int[] numbers(String version) {
    if (version == null) {
      return null;
    }
    String[] parts = version.split("[.\\-]", 4);
    int[] numbers = new int[3];
    for (int i = 0; i < 3; i++) {
      if (i >= parts.length || !parts[i].matches("\\d{1,6}")) {
        if (i == 0) {
          return null;
        }
        break;
      }
      numbers[i] = Integer.parseInt(parts[i]);
    }
    return numbers;
  }
}
