package dev.descent.optim.stopping;

import java.util.List;

/** Stops as diverged as soon as the objective is NaN or infinite: no later epoch can recover. */
public final class NonFiniteObjective implements StoppingRule {
  @Override
  public Stop check(List<EpochRecord> history) {
    EpochRecord last = history.get(history.size() - 1);
    if (!Double.isFinite(last.objective()) || !Double.isFinite(last.gradientNorm())) {
      return new Stop(Status.DIVERGED, "the objective or its gradient became non-finite (NaN or"
          + " infinite) in epoch " + last.epoch());
    }
    return null;
  }
}
