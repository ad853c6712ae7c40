package org.tillauth.keycloak.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.jboss.logging.Logger;
import org.keycloak.common.Version;

/**
 * What every factory reports under the admin console's Provider info: the JAR's version, the
 * running Keycloak version, the Keycloak versions the JAR was tested with and what that means.
 */
public final class ExtensionInfo {

  private static final Logger LOG = Logger.getLogger(ExtensionInfo.class);
  private static final String BUILD_INFO = "extension.properties";

  private ExtensionInfo() {}

  public static String version() {
    String version = ExtensionInfo.class.getPackage().getImplementationVersion();
    return version == null ? buildInfo().getProperty("version", "development") : version;
  }

  public static KeycloakCompatibility compatibility() {
    return KeycloakCompatibility.of(
        Version.VERSION, buildInfo().getProperty("keycloak.tested.versions"));
  }

  public static Map<String, String> operationalInfo() {
    KeycloakCompatibility compatibility = compatibility();
    Map<String, String> info = new LinkedHashMap<>();
    info.put("version", version());
    info.put("keycloak-version", compatibility.running());
    info.put("tested-keycloak-versions", String.join(", ", compatibility.tested()));
    info.put("keycloak-compatibility", compatibility.status().label());
    return info;
  }

  /**
   * The one start-up line: INFO on a tested Keycloak, WARN otherwise. Called once, from one
   * factory's {@code postInit}; never fails the start-up.
   */
  public static void logStartup() {
    try {
      KeycloakCompatibility compatibility = compatibility();
      String message = compatibility.message(version());
      if (compatibility.warn()) {
        LOG.warn(message);
      } else {
        LOG.info(message);
      }
    } catch (RuntimeException e) {
      LOG.warn("keycloak-till-auth cannot tell which Keycloak versions it was tested with", e);
    }
  }

  private static Properties buildInfo() {
    Properties properties = new Properties();
    try (InputStream in = ExtensionInfo.class.getResourceAsStream(BUILD_INFO)) {
      if (in != null) {
        properties.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return properties;
  }
}
