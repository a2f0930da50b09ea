package dev.descent.engine;

import dev.descent.optim.Optimizer;
import dev.descent.optim.Schedule;
import java.util.function.DoubleSupplier;

/**
 * The step sizes of a round of local steps. The schedule counts mini-batch steps, local or not,
 * exactly as in synchronous descent: step {@code t} of the run (0-based, over all epochs) has the
 * schedule's factor of step {@code t}, so warm-up, decay and cosine's horizon mean what they
 * mean without local steps.
 *
 * <ul>
 *   <li><b>Local steps</b> are plain gradient steps. For sgd at its own rate (the round is then
 *       periodic model averaging); for every other rule at {@code 1/L_local} times the
 *       schedule's factor, {@code L_local} being the curvature bound of a partition's share of a
 *       batch ({@link BatchCurvature#local}: the objective's L for large shares, up to the mean
 *       curvature of one row for shares of a row or two): momentum's and the adaptive rules'
 *       rates are not on the scale of a plain gradient step (adam's rate is per coordinate),
 *       and {@code 1/L_local} is stable for plain steps on such shares, where 1/L was not.</li>
 *   <li><b>The driver's rate</b> for a round is the sum of the schedule's rates over the round's
 *       steps: the round stands for that many steps of the rule.</li>
 * </ul>
 */
final class LocalRates {
  private final boolean plain;
  private final Schedule unit; // the schedule's shape, at base rate 1
  private final DoubleSupplier curvature;

  /**
   * @param unit the run's schedule at base rate 1
   * @param curvature the curvature bound of a local step (asked once a round, not for sgd)
   */
  LocalRates(Optimizer optimizer, Schedule unit, DoubleSupplier curvature) {
    this.plain = optimizer == Optimizer.SGD;
    this.unit = unit;
    this.curvature = curvature;
  }

  /**
   * The local rates of the round of {@code length} steps from step {@code t} of the run.
   *
   * @param schedule the run's schedule (may be null but for sgd)
   */
  double[] local(Schedule schedule, long t, long length) {
    double[] rates = new double[(int) length];
    double scale = plain ? 1 : 1 / curvature.getAsDouble();
    for (int k = 0; k < length; k++) {
      rates[k] = plain ? schedule.rate(t + k) : scale * unit.rate(t + k);
    }
    return rates;
  }

  /**
   * The round's pseudo-gradient from the partitions' weighted mean change: {@code -change / (sum
   * of the local rates)}, in place (zeros when the local rates are all 0).
   */
  static double[] pseudoGradient(double[] change, double[] local) {
    double sum = sum(local);
    for (int i = 0; i < change.length; i++) {
      change[i] = sum > 0 ? -change[i] / sum : 0;
    }
    return change;
  }

  /**
   * The last local step's share of the round's local rates: the share of the driver's rate at
   * which the driver applies the L1 step the partitions left out (1 for a round of one step).
   */
  static double lastShare(double[] local) {
    double sum = sum(local);
    return sum > 0 ? local[local.length - 1] / sum : 1;
  }

  private static double sum(double[] v) {
    double s = 0;
    for (double x : v) {
      s += x;
    }
    return s;
  }

  /** The driver's rate for the round of {@code length} steps from step {@code t} of the run. */
  double driver(Schedule schedule, long t, long length) {
    double sum = 0;
    for (int k = 0; k < length; k++) {
      sum += schedule.rate(t + k);
    }
    return sum;
  }
}
