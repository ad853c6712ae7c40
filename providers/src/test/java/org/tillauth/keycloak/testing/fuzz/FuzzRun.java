package org.tillauth.keycloak.testing.fuzz;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs the cases of one fuzz surface with a deterministic seed and reports every failing case with
 * its seed and inputs. Defaults keep a run bounded; {@code -Dfuzz.seed=N} changes the seed (every
 * surface and case derives its own from it), {@code -Dfuzz.case=I} reruns one case, {@code
 * -Dfuzz.scale=F} multiplies the case counts (e.g. 10 for a long local run).
 */
public final class FuzzRun {

  /** The seed used when none is given: fixed, so CI runs the same inputs every time. */
  public static final long DEFAULT_SEED = 20261201L;

  private static final int MAX_REPORTED = 5;

  /** One case: sends what {@code fuzz} generates and asserts on the answer. */
  @FunctionalInterface
  public interface FuzzCase {
    void run(Fuzz fuzz) throws Exception;
  }

  private FuzzRun() {}

  /** Runs {@code count} cases (scaled) of the surface and fails with a report if any failed. */
  public static void cases(String surface, int count, FuzzCase body) {
    long base = Long.getLong("fuzz.seed", DEFAULT_SEED);
    long surfaceSeed = mix(base, surface.hashCode());
    int total =
        Math.max(
            1, (int) Math.round(count * Double.parseDouble(System.getProperty("fuzz.scale", "1"))));
    Integer only = Integer.getInteger("fuzz.case");
    List<String> failures = new ArrayList<>();
    int failed = 0;
    int ran = 0;
    long started = System.nanoTime();
    for (int i = 0; i < total; i++) {
      if (only != null && only != i) {
        continue;
      }
      Fuzz fuzz = new Fuzz(mix(surfaceSeed, i));
      ran++;
      try {
        body.run(fuzz);
      } catch (Exception | AssertionError e) {
        failed++;
        if (failures.size() < MAX_REPORTED) {
          failures.add(
              "case "
                  + i
                  + " (case seed "
                  + fuzz.seed()
                  + ") sent "
                  + fuzz.notes()
                  + "\n    -> "
                  + e.getClass().getSimpleName()
                  + ": "
                  + Fuzz.shown(e.getMessage()));
        }
      }
    }
    long millis = (System.nanoTime() - started) / 1_000_000;
    System.out.printf(
        "fuzz %s: %d cases, %d failed, %d ms (fuzz.seed=%d)%n", surface, ran, failed, millis, base);
    if (failed > 0) {
      throw new AssertionError(
          String.format(
              "fuzz %s: %d of %d cases failed; reproduce with -Dfuzz.seed=%d [-Dfuzz.case=<case>]%n  %s",
              surface, failed, ran, base, String.join("\n  ", failures)));
    }
  }

  private static long mix(long seed, long salt) {
    long z = seed * 0x9E3779B97F4A7C15L + salt;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
