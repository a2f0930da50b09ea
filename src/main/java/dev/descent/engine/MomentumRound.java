package dev.descent.engine;

import dev.descent.optim.UpdateRule;
import java.util.Map;

/**
 * The driver's side of a round of local momentum steps ({@link LocalRates}): the partitions
 * started from the parameters {@code x} and the velocity {@code v} and took the round's steps
 * of the rule at rates {@code r_k}; their weighted mean change and last velocity come back. Both
 * are linear in the velocity they started from, and each partition reports that part's factor
 * for the steps it took (a partition with no rows in a batch skips its step): heavy ball
 * ({@code u = beta u + g; x -= r u}) carries {@code v} into the change as
 * {@code -sum_k r_k beta^j v} and into the velocity as {@code beta^m v}, {@code j} counting the
 * steps taken and {@code m} their number; Nesterov ({@code x -= r (g + beta u)}) into the change
 * as {@code -sum_k r_k beta^(j+1) v} ({@link LocalSteps#meanCarried}). The rest is the batches'
 * part, which, like a synchronous step's gradient, is weighed by the round's share of the epoch
 * ({@code share}). So a round of one step is exactly the synchronous step
 * {@code v = beta v + share g; x -= r v} (Nesterov likewise).
 */
final class MomentumRound {
  private static final String VELOCITY = "velocity"; // the state array of Momentum, Nesterov

  private MomentumRound() {}

  /** The velocity of a momentum rule (its state array of that name), or null. */
  static double[] velocity(UpdateRule rule) {
    return rule.state().get(VELOCITY);
  }

  /** Sets {@code rule}'s velocity after a round of {@code length} steps, which it counts. */
  static void setVelocity(UpdateRule rule, double[] v, long length) {
    Map<String, double[]> s = rule.state();
    s.put(VELOCITY, v);
    s.put("t", new double[] {rule.steps() + length});
    rule.restore(s);
  }

  /**
   * Removes the started-from velocity's part from the round's mean change, in place, leaving
   * the batches' part, which it returns.
   */
  static double[] batchesPart(Objective.Round r, LocalRound.Momentum m) {
    double[] change = r.change();
    double[] v = m.velocity();
    for (int i = 0; i < change.length; i++) {
      change[i] += r.carried() * v[i];
    }
    return change;
  }

  /**
   * Applies the round to {@code x} in place and returns the new velocity: the carried parts,
   * plus the batches' parts of the change ({@code batches}, from {@link #batchesPart}) and of
   * the mean last velocity times {@code share}.
   */
  static double[] apply(double[] x, double[] batches, Objective.Round r, LocalRound.Momentum m,
      double share) {
    double[] v = m.velocity();
    double[] velocity = r.velocity();
    double[] next = new double[v.length];
    for (int i = 0; i < x.length; i++) {
      x[i] += -r.carried() * v[i] + share * batches[i];
      next[i] = r.decay() * v[i] + share * (velocity[i] - r.decay() * v[i]);
    }
    return next;
  }

  /**
   * A gradient for the progress line and metrics from the batches' part of the change (a new
   * array): that part over minus {@link #gradientScale}.
   */
  static double[] gradient(double[] batches, LocalRound.Momentum m, double[] rates) {
    double scale = -1 / gradientScale(m, rates);
    double[] g = new double[batches.length];
    for (int i = 0; i < g.length; i++) {
      g[i] = scale * batches[i];
    }
    return g;
  }

  /**
   * What the batches' part of the change is divided by to give a gradient: the change a
   * constant gradient of norm 1 would make over the round's steps, {@code sum_k r_k (1 - beta^(k+1)) / (1 - beta)} (Nesterov:
   * {@code sum_k r_k (1 + beta (1 - beta^(k+1)) / (1 - beta))}); {@code r_0} (Nesterov
   * {@code r_0 (1 + beta)}) for a round of one step, so its gradient is the batch's.
   */
  static double gradientScale(LocalRound.Momentum m, double[] rates) {
    double b = m.beta();
    double s = 0;
    double power = 1;
    for (double r : rates) {
      power *= b;
      double built = b < 1 ? (1 - power) / (1 - b) : 1;
      s += r * (m.nesterov() ? 1 + b * built : built);
    }
    return s;
  }
}
