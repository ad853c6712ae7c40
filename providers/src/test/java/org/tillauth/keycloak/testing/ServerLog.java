package org.tillauth.keycloak.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The local server's log ({@code target/keycloak-server.log}), for tests that check what an
 * administrator would read there. Empty when the server runs in a container.
 */
public final class ServerLog {

  private ServerLog() {}

  public static Optional<Path> file() {
    TestSettings settings = TestSettings.fromSystemProperties();
    if (!"local".equals(settings.serverKind())) {
      return Optional.empty();
    }
    Path log = settings.outputDir().resolve("keycloak-server.log");
    return Files.exists(log) ? Optional.of(log) : Optional.empty();
  }

  /** The log's current length: later output is read with {@link #since(long)}. */
  public static long mark() {
    return file().map(ServerLog::size).orElse(0L);
  }

  /** What the server logged after {@code mark}, after a short wait for the log to be written. */
  public static String since(long mark) {
    try {
      Thread.sleep(500);
      Optional<Path> log = file();
      if (log.isEmpty()) {
        return "";
      }
      byte[] all = Files.readAllBytes(log.get());
      int from = (int) Math.min(mark, all.length);
      return new String(all, from, all.length - from, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
