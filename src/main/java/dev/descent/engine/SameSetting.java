package dev.descent.engine;

import java.util.Objects;

/**
 * Whether two texts of a run-defining setting mean the same value ({@code 1e-3} and
 * {@code 0.001}, {@code 3steps} and {@code 3 steps}): a resumed run is compared with its
 * checkpoint by value. The configuration layer, which parses settings, supplies it with the
 * plan; the engine never parses a setting.
 */
@FunctionalInterface
public interface SameSetting {
  /** Equal texts only: for plans and checkpoints built without the configuration layer. */
  SameSetting TEXT = (key, a, b) -> Objects.equals(a, b);

  /** Whether {@code then} (the checkpoint's text) and {@code now} give {@code key} one value. */
  boolean same(String key, String then, String now);
}
