package dev.descent.engine;

import dev.descent.optim.Hyperparameter;
import dev.descent.optim.Hyperparameters;
import dev.descent.optim.Optimizer;
import dev.descent.optim.Schedule;
import dev.descent.optim.UpdateRule;
import java.util.function.DoubleUnaryOperator;

/**
 * The step sizes of a round of local steps. The schedule counts mini-batch steps, local or not,
 * exactly as in synchronous descent: step {@code t} of the run (0-based, over all epochs) has the
 * schedule's factor of step {@code t}, so warm-up, decay and cosine's horizon mean what they
 * mean without local steps.
 *
 * <ul>
 *   <li><b>Momentum rules</b> (those that read the {@code momentum} hyperparameter: momentum,
 *       nesterov) take their own steps locally: each partition starts from the driver's
 *       velocity and steps at the schedule's rates, and the driver averages the partitions'
 *       parameters and velocities ({@link MomentumRound}); a round of one step is the
 *       synchronous step. In a longer round the rates are capped at half Nesterov's stable limit,
 *       {@code (1 + beta) / ((1 + 2 beta) L_local)}, times the schedule's factor, {@code L_local}
 *       the curvature bound of a partition's share of a batch with momentum's noise gain
 *       ({@link BatchCurvature#local}): a share is noisier than the batch the rate was chosen
 *       for, and its curvature varies from step to step. At {@code 1/L_local}, heavy-ball rounds
 *       of 30 steps or more on 5-row shares of a correlated least-squares problem diverged (20
 *       epochs of 1% batches, 4 partitions: the gap went to 1e6 with syncEvery=epoch); at this
 *       cap they reach 6.9e-3 (2.1e-5 after 100 epochs). Why momentum moves into the round: a
 *       round of 100 plain steps moves along a direction of curvature {@code mu} by about
 *       {@code 100 mu/L} of the way, and momentum applied across rounds cannot make up for that;
 *       on the benchmark's
 *       10-class problem (condition ~1e4) momentum with syncEvery=epoch ended 4e-2 above the
 *       optimum after 128 epochs (docs/objective.md has the measurements).</li>
 *   <li><b>Other rules'</b> local steps are plain gradient steps. For sgd at its own rate (the
 *       round is then periodic model averaging; its automatic rate is 1/L_b here, not the larger
 *       one of synchronous steps, {@link BatchCurvature#forSgdSteps}); for the adaptive rules at {@code 1/L_local}
 *       (noise gain 1) times the schedule's factor: their rates are not on the scale of a plain
 *       gradient step (adam's rate is per coordinate), and {@code 1/L_local} is stable for
 *       plain steps on small shares, where 1/L was not. The driver applies the rule to the
 *       pseudo-gradient of the mean change, at the sum of the schedule's rates over the round's
 *       steps: the round stands for that many steps of the rule.</li>
 * </ul>
 */
final class LocalRates {
  private final boolean plain;
  private final double momentum;
  private final boolean nesterov;
  private final double gain;
  private final Hyperparameters h;
  private final Schedule unit; // the schedule's shape, at base rate 1
  private final DoubleUnaryOperator curvature;

  /**
   * @param h the run's hyperparameters (momentum is read for the rules that read it)
   * @param unit the run's schedule at base rate 1
   * @param curvature the curvature bound of a local step for a noise gain (asked once a round,
   *     not for sgd)
   */
  LocalRates(Optimizer optimizer, Hyperparameters h, Schedule unit,
      DoubleUnaryOperator curvature) {
    this.plain = optimizer == Optimizer.SGD;
    this.momentum = optimizer.reads().contains(Hyperparameter.MOMENTUM) ? h.momentum() : 0;
    this.nesterov = optimizer == Optimizer.NESTEROV;
    this.gain = optimizer.noiseGain(h);
    this.h = h;
    this.unit = unit;
    this.curvature = curvature;
  }

  /**
   * The local steps' momentum, starting from {@code rule}'s velocity; null for the rules whose
   * local steps are plain.
   */
  LocalRound.Momentum momentum(UpdateRule rule) {
    if (momentum == 0) {
      return null;
    }
    double[] velocity = MomentumRound.velocity(rule);
    if (velocity == null) {
      throw new IllegalStateException(rule.name() + " has no velocity");
    }
    return new LocalRound.Momentum(momentum, nesterov, velocity);
  }

  /**
   * The local rates of the round of {@code length} steps from step {@code t} of the run.
   *
   * @param schedule the run's schedule (may be null for the adaptive rules)
   */
  double[] local(Schedule schedule, long t, long length) {
    double[] rates = new double[(int) length];
    if (momentum > 0) {
      double cap = length > 1
          ? Optimizer.NESTEROV.stableLimit(curvature.applyAsDouble(gain), h) / 2
          : Double.POSITIVE_INFINITY;
      for (int k = 0; k < length; k++) {
        rates[k] = Math.min(schedule.rate(t + k), cap * unit.rate(t + k));
      }
      return rates;
    }
    double scale = plain ? 1 : 1 / curvature.applyAsDouble(1);
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
