package dev.descent.engine;

import dev.descent.optim.UpdateRule;
import java.util.Map;

/**
 * The driver's side of a round of local momentum steps ({@link LocalRates}): the partitions
 * started from the parameters {@code x} and the velocity {@code v} and took {@code m} steps of
 * the rule at rates {@code r_k}; their weighted mean change and last velocity come back. Both
 * are linear in the velocity they started from, whose part is known in closed form: heavy ball
 * ({@code u = beta u + g; x -= r u}) carries {@code v} into the change as
 * {@code -sum_k r_k beta^(k+1) v} and into the velocity as {@code beta^m v}; Nesterov
 * ({@code x -= r (g + beta u)}) into the change as {@code -sum_k r_k beta^(k+2) v}. The rest is
 * the batches' part, which, like a synchronous step's gradient, is weighed by the round's share
 * of the epoch ({@code share}). So a round of one step is exactly the synchronous step
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
   * Removes the started-from velocity's part from the round's mean {@code change}, in place,
   * leaving the batches' part, which it returns.
   */
  static double[] batchesPart(double[] change, LocalRound.Momentum m, double[] rates) {
    double carried = carriedIntoChange(m, rates);
    double[] v = m.velocity();
    for (int i = 0; i < change.length; i++) {
      change[i] += carried * v[i];
    }
    return change;
  }

  /**
   * Applies the round to {@code x} in place and returns the new velocity: the carried parts,
   * plus the batches' parts of the change ({@code batches}, from {@link #batchesPart}) and of
   * the mean last {@code velocity} times {@code share}.
   */
  static double[] apply(double[] x, double[] batches, double[] velocity, LocalRound.Momentum m,
      double[] rates, double share) {
    double carried = carriedIntoChange(m, rates);
    double decay = Math.pow(m.beta(), rates.length);
    double[] v = m.velocity();
    double[] next = new double[v.length];
    for (int i = 0; i < x.length; i++) {
      x[i] += -carried * v[i] + share * batches[i];
      next[i] = decay * v[i] + share * (velocity[i] - decay * v[i]);
    }
    return next;
  }

  /** {@code sum_k r_k beta^(k+1)} (heavy ball) or {@code sum_k r_k beta^(k+2)} (Nesterov). */
  private static double carriedIntoChange(LocalRound.Momentum m, double[] rates) {
    double s = 0;
    double power = m.nesterov() ? m.beta() * m.beta() : m.beta();
    for (double r : rates) {
      s += r * power;
      power *= m.beta();
    }
    return s;
  }
}
