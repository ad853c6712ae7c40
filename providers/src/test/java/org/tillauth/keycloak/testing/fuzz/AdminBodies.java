package org.tillauth.keycloak.testing.fuzz;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Hostile admin REST bodies: config maps of any shape, representations with odd fields. */
public final class AdminBodies {

  private AdminBodies() {}

  /** Keycloak's include-in-token switches, which every OIDC mapper carries. */
  public static final List<String> TOKEN_SWITCHES =
      List.of(
          "access.token.claim",
          "id.token.claim",
          "userinfo.token.claim",
          "introspection.token.claim");

  /**
   * A config "map": mostly an object whose keys come from {@code valid} (value a valid choice, a
   * near miss, a hostile string or another JSON type), sometimes null or not an object at all.
   */
  public static Object config(Fuzz fuzz, Map<String, List<String>> valid) {
    if (fuzz.chance(0.05)) {
      return null;
    }
    if (fuzz.chance(0.05)) {
      return fuzz.pick(List.of(), "config", 42, true, List.of(Map.of("a", "b")));
    }
    Map<String, Object> config = new LinkedHashMap<>();
    // Sorted: Map.of iterates in a per-JVM order, which would make the same seed send other inputs.
    new TreeMap<>(valid)
        .forEach(
            (key, choices) -> {
              if (fuzz.chance(0.75)) {
                config.put(key, value(fuzz, choices));
              }
            });
    for (String key : TOKEN_SWITCHES) {
      if (fuzz.chance(0.3)) {
        config.put(key, value(fuzz, List.of("true", "false")));
      }
    }
    if (fuzz.chance(0.15)) {
      config.put(fuzz.hostileString(), fuzz.jsonValue(1));
    }
    return config;
  }

  /** A value for one config key: valid, near miss, hostile text, or another JSON type. */
  public static Object value(Fuzz fuzz, List<String> choices) {
    int roll = fuzz.between(0, 9);
    if (roll < 4) {
      return fuzz.pick(choices);
    }
    if (roll < 6) {
      return fuzz.mutate(fuzz.pick(choices));
    }
    if (roll < 9) {
      return fuzz.hostileString(100, 255, 256);
    }
    return fuzz.jsonValue(1);
  }

  /** A protocol mapper representation with mostly valid name, protocol and type. */
  public static Map<String, Object> mapper(Fuzz fuzz, String name, String type, Object config) {
    Map<String, Object> mapper = new LinkedHashMap<>();
    if (!fuzz.chance(0.05)) {
      mapper.put("name", fuzz.chance(0.9) ? name : fuzz.jsonValue(1));
    }
    mapper.put("protocol", fuzz.chance(0.95) ? "openid-connect" : fuzz.hostileString());
    mapper.put("protocolMapper", type);
    mapper.put("config", config);
    return mapper;
  }
}
