package org.tillauth.keycloak.support;

import java.util.Map;

/** What every factory reports under the admin console's Provider info: the JAR's version. */
public final class ExtensionInfo {

  private ExtensionInfo() {}

  public static String version() {
    String version = ExtensionInfo.class.getPackage().getImplementationVersion();
    return version == null ? "development" : version;
  }

  public static Map<String, String> operationalInfo() {
    return Map.of("version", version());
  }
}
