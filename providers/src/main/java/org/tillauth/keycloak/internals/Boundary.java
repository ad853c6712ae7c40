package org.tillauth.keycloak.internals;

import java.util.function.Supplier;
import org.jboss.logging.Logger;
import org.keycloak.common.Version;

/**
 * The one place where a Keycloak upgrade that changed an internal surfaces: every public entry of
 * this package runs its work through {@link #call}. A {@link LinkageError} ({@code
 * NoSuchMethodError}, {@code NoClassDefFoundError}, {@code IncompatibleClassChangeError}) means the
 * running Keycloak no longer has what the named piece mirrors; it is logged at ERROR with the
 * piece, the version it was written against and the running version, and rethrown as an {@link
 * IncompatibleKeycloakException}, a {@link RuntimeException} that the endpoints already answer
 * (500, in their own format). The work runs in a lambda of the entry's own class, so a class of
 * this package that fails to link is loaded inside the guard, not before it.
 */
public final class Boundary {

  private static final Logger LOG = Logger.getLogger(Boundary.class);

  private Boundary() {}

  /** Keycloak's internal does not match this JAR. */
  public static final class IncompatibleKeycloakException extends IllegalStateException {
    IncompatibleKeycloakException(String message, LinkageError cause) {
      super(message, cause);
    }
  }

  /**
   * Runs {@code work}, which uses the Keycloak internal {@code mirrors} (as "what, since which
   * version").
   */
  static <T> T call(String mirrors, Supplier<T> work) {
    try {
      return work.get();
    } catch (LinkageError e) {
      String message =
          "This Keycloak ("
              + Version.VERSION
              + ") no longer has the internal this extension uses: "
              + mirrors
              + ". The extension must be updated for this Keycloak version ("
              + e
              + ")";
      LOG.error(message, e);
      throw new IncompatibleKeycloakException(message, e);
    }
  }

  static void run(String mirrors, Runnable work) {
    call(
        mirrors,
        () -> {
          work.run();
          return null;
        });
  }
}
