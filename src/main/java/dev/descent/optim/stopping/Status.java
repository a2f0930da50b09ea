package dev.descent.optim.stopping;

import java.util.Locale;

/** How a training run ended, as written to metrics.json. */
public enum Status {
  /** A convergence criterion (tolerance) was met. */
  CONVERGED,
  /** The epoch budget ran out before convergence. */
  FINISHED,
  /** The objective became non-finite, or ended above where it started. */
  DIVERGED;

  public String json() {
    return name().toLowerCase(Locale.ROOT);
  }
}
