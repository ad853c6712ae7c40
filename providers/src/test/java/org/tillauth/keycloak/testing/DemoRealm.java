package org.tillauth.keycloak.testing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * realm-export's demo organisation, and fresh copies of it for tests that change realm settings.
 */
public final class DemoRealm {

  public static final String NAME = "demo-org";
  public static final String POS_CLIENT = "pos-terminal";

  /** The demo organisation's administrator (README, Demo organisation; trial only). */
  public static final String ADMIN_USERNAME = "demo-admin";

  public static final String ADMIN_PASSWORD = "DemoAdmin-trial1";

  /**
   * Its realm-management roles, as README lists them: each write role includes its read (Keycloak
   * grants view-* to whoever holds manage-*).
   */
  public static final Set<String> ADMIN_ROLES =
      Set.of("manage-clients", "manage-users", "manage-realm");

  private static final Pattern UUID_PATTERN =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

  private DemoRealm() {}

  /** The exported realm JSON, as a mutable tree. */
  public static ObjectNode export() {
    Path file =
        Path.of(System.getProperty("realm.export.dir", "../realm-export"))
            .resolve("demo-org-realm.json");
    try {
      return (ObjectNode) Http.JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Imports a copy of the demo realm under another name. Every UUID in the export (flow ids and the
   * bindings that point at them, ...) is replaced consistently so the copy doesn't clash.
   */
  public static String createCopy(AdminApi admin, String name) {
    ObjectNode realm = export();
    realm.put("realm", name);
    realm.remove("id");
    Map<String, String> fresh = new HashMap<>();
    String json =
        UUID_PATTERN
            .matcher(Http.toJson(realm))
            .replaceAll(m -> fresh.computeIfAbsent(m.group(), k -> UUID.randomUUID().toString()));
    Http.Result result = admin.post("/admin/realms", json);
    if (result.status() != 201) {
      throw new AssertionError("Could not create realm " + name + ": " + result);
    }
    return name;
  }
}
