package dev.descent.optim.stopping;

import java.util.List;

/**
 * Converged when the epoch objective changes by at most {@code tolerance} relative to its size:
 * {@code |F_prev - F| <= tolerance * max(|F_prev|, |F|, 1e-12 |F_1|)}. The floor lets a run whose
 * objective reaches (numerically) zero stop. A tolerance of 0 disables the rule.
 */
public final class RelativeImprovement implements StoppingRule {
  private final double tolerance;

  public RelativeImprovement(double tolerance) {
    this.tolerance = tolerance;
  }

  @Override
  public Stop check(List<EpochRecord> history) {
    if (tolerance <= 0 || history.size() < 2) {
      return null;
    }
    double previous = history.get(history.size() - 2).objective();
    double current = history.get(history.size() - 1).objective();
    double floor = 1e-12 * Math.abs(history.get(0).objective());
    double scale = Math.max(Math.max(Math.abs(previous), Math.abs(current)), floor);
    double change = Math.abs(previous - current);
    if (change <= tolerance * scale) {
      return new Stop(Status.CONVERGED, String.format(
          "the objective changed by %.3g (relative) in epoch %d, within tolerance=%s",
          scale == 0 ? 0 : change / scale, history.size(),
          Double.toString(tolerance).replace(".0E", "E").replace('E', 'e')));
    }
    return null;
  }
}
