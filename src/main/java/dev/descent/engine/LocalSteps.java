package dev.descent.engine;

import dev.descent.data.SumVector;
import dev.descent.loss.ParameterLayout;
import dev.descent.optim.ElasticNet;
import dev.descent.optim.Momentum;
import dev.descent.optim.Nesterov;
import dev.descent.optim.Sgd;
import dev.descent.optim.UpdateRule;
import java.io.Serializable;
import java.util.Arrays;

/**
 * The executor side of a round of local steps, aggregator-style: {@link #add} runs one
 * partition's local steps and folds in its result, {@link #merge} combines two partial results.
 *
 * <p>A partition starts from the round's parameters and, for each of the round's batches, takes
 * a proximal gradient step over its own rows of that batch: the gradient {@code g} of the data
 * loss averaged over the rows' instance weights (class weights are instance weights), plus the
 * smooth penalty's gradient, times the step's local rate; or, with the round's momentum
 * {@code beta}, the rule's step: {@code u = beta u + g}, then {@code u} (heavy ball) or
 * {@code g + beta u} (Nesterov) times the rate, {@code u} starting at the driver's velocity
 * ({@link LocalRates}, {@link MomentumRound}); then the L1 soft-threshold at that rate times
 * the rule's scale ({@link dev.descent.optim.UpdateRule#scale}: 1, or {@code 1 / (1 - beta)}),
 * except after the round's last step, whose threshold the driver applies once it has combined
 * the partitions (so that a round of one step is exactly a synchronous step). A partition with
 * no weight in a batch skips that step. The result is the partition's parameter change times
 * its weight in the round (with momentum also its last velocity, and the started-from
 * velocity's factors in both, times that weight), the loss and objective at each local step's
 * parameters times the step's weight, and the weight. The change is accumulated as the steps
 * are taken (not taken as a difference of parameters), so that a small change keeps its
 * relative precision.
 *
 * <p>Everything depends on the round, the partition's rows and the seed only: a task that Spark
 * retries computes the same numbers. Partial results are merged in double-double arithmetic
 * ({@link SumVector}), so the order in which tasks finish does not change the combined result.
 */
final class LocalSteps implements Serializable {
  private static final long serialVersionUID = 1L;

  /** One partition's rows: loss and gradient sums over the rows a plan selects. */
  @FunctionalInterface
  interface Rows {
    /**
     * Sums over the partition's rows that {@code plan} selects, at raw coefficients. The
     * gradient array may be reused by the next call, which adds into it: the caller consumes it
     * and leaves it zero.
     */
    BatchObjective.Sums at(double[] coefficients, BatchPlan plan);
  }

  private SumVector change; // sum of weight * change, allocated at the first add with weight
  private SumVector velocity; // with momentum: sum of weight * the last local velocity
  // loss, objective, weight, steps taken; with momentum, weight times the started-from
  // velocity's factor in the change and in the last velocity (see MomentumRound)
  private final SumVector scalars = new SumVector(6);

  /** Runs one partition's local steps of {@code round} and adds the result. */
  LocalSteps add(Rows rows, LocalRound round, ParameterLayout layout) {
    FeatureScaling scaling = round.scaling();
    ElasticNet penalty = round.penalty();
    LocalRound.Momentum m = round.momentum();
    UpdateRule rule = m == null ? new Sgd() // for the L1 threshold's scale (UpdateRule.scale)
        : m.nesterov() ? new Nesterov(0, m.beta()) : new Momentum(0, m.beta());
    double[] theta = round.theta().clone();
    double[] moved = new double[theta.length];
    double[] raw = scaling.isIdentity() ? null : new double[theta.length];
    double[] before = penalty.l1() != 0 && round.steps() > 1 ? new double[theta.length] : null;
    double[] s = new double[6];
    double[] u = m == null ? null : m.velocity().clone();
    double decay = 1; // beta to the number of steps taken
    for (int k = 0; k < round.steps(); k++) {
      double[] coef = scaling.isIdentity() ? theta : scaling.toRaw(theta, layout, raw);
      BatchObjective.Sums sums = rows.at(coef, round.plan(k));
      double w = sums.weightSum();
      if (w == 0) {
        Arrays.fill(sums.gradientSum(), 0);
        continue;
      }
      s[0] += sums.lossSum();
      s[1] += sums.lossSum() + w * penalty.value(theta);
      s[2] += w;
      s[3]++;
      double rate = round.rates()[k];
      step(sums.gradientSum(), w, rate, theta, moved, scaling, penalty, layout, m, u);
      if (m != null) {
        decay *= m.beta();
        s[4] += rate * decay * (m.nesterov() ? m.beta() : 1);
      }
      if (k < round.steps() - 1 && before != null) {
        System.arraycopy(theta, 0, before, 0, theta.length);
        penalty.prox(theta, rate, rule);
        for (int i = 0; i < theta.length; i++) {
          moved[i] += theta[i] - before[i];
        }
      }
    }
    if (s[2] > 0) {
      velocity = u == null ? null : addWeighted(velocity, s[2], u);
      s[5] = m == null ? 0 : decay;
      s[4] *= s[2];
      s[5] *= s[2];
    }
    return add(moved, s);
  }

  /**
   * Adds one partition's steps, taken here or lazily ({@link LazySteps}): its change
   * {@code moved} and its sums {@code s} (loss, objective, weight, steps taken; with momentum
   * the velocity's weighted factors).
   */
  LocalSteps add(double[] moved, double[] s) {
    if (s[2] > 0) {
      change = addWeighted(change, s[2], moved);
    }
    double[] v = scalars.values();
    for (int i = 0; i < s.length; i++) {
      v[i] += s[i];
    }
    return this;
  }

  /**
   * One gradient step on {@code theta} (and {@code moved}) from the batch's gradient sum
   * {@code g} (raw coordinates, consumed) of weight {@code w}; with momentum {@code m}, a step
   * of its rule, velocity {@code u}. Without a smooth penalty the division by the weight joins
   * the update loop: one pass over the parameters, which on sparse data with many features is
   * most of a local step's cost; the same pass leaves {@code g} zero for the next step.
   */
  private static void step(double[] g, double w, double rate, double[] theta, double[] moved,
      FeatureScaling scaling, ElasticNet penalty, ParameterLayout layout, LocalRound.Momentum m,
      double[] u) {
    scaling.gradientToOptimizationSpace(g, layout);
    boolean smooth = penalty.l2() != 0;
    if (smooth) {
      for (int i = 0; i < g.length; i++) {
        g[i] /= w;
      }
      penalty.addSmoothGradient(theta, g);
    }
    for (int i = 0; i < theta.length; i++) {
      double gi = smooth ? g[i] : g[i] / w;
      if (m != null) {
        u[i] = m.beta() * u[i] + gi;
        gi = m.nesterov() ? gi + m.beta() * u[i] : u[i];
      }
      double d = -rate * gi;
      moved[i] += d;
      theta[i] += d;
      g[i] = 0;
    }
  }

  private static SumVector addWeighted(SumVector sum, double w, double[] v) {
    SumVector out = sum == null ? new SumVector(v.length) : sum;
    double[] c = out.values();
    for (int i = 0; i < c.length; i++) {
      c[i] += w * v[i];
    }
    return out;
  }

  /** Adds {@code other} into this and returns this. */
  LocalSteps merge(LocalSteps other) {
    if (other.change != null) {
      change = change == null ? other.change.copy() : change.merge(other.change);
    }
    if (other.velocity != null) {
      velocity = velocity == null ? other.velocity.copy() : velocity.merge(other.velocity);
    }
    scalars.merge(other.scalars);
    return this;
  }

  /** With momentum, the partitions' last local velocities averaged by their weight; else null. */
  double[] meanVelocity(int size) {
    return velocity == null ? null : mean(velocity, size);
  }

  /** The partitions' changes averaged by their weight in the round (zeros without weight). */
  double[] meanChange(int size) {
    return mean(change, size);
  }

  private double[] mean(SumVector sum, int size) {
    double[] d = new double[size];
    double w = weightSum();
    if (sum != null && w > 0) {
      double[] c = sum.values();
      for (int i = 0; i < size; i++) {
        d[i] = c[i] / w;
      }
    }
    return d;
  }

  /**
   * With momentum, the partitions' weighted mean factor of the started-from velocity {@code v}
   * in their change ({@code -factor v}): {@code sum_k r_k beta^j} over the steps a partition
   * took, {@code j} counting them from 1 (Nesterov: {@code beta^(j+1)}).
   */
  double meanCarried() {
    return weightSum() > 0 ? scalars.values()[4] / weightSum() : 0;
  }

  /**
   * With momentum, the weighted mean of {@code beta^(steps taken)}: {@code v}'s factor in the
   * last velocity.
   */
  double meanDecay() {
    return weightSum() > 0 ? scalars.values()[5] / weightSum() : 0;
  }

  /** Sum over the local steps of the loss sums. */
  double lossSum() {
    return scalars.values()[0];
  }

  /** Sum over the local steps of the loss sums plus the penalty times the step's weight. */
  double objectiveSum() {
    return scalars.values()[1];
  }

  /** Sum over the local steps of their instance weight. */
  double weightSum() {
    return scalars.values()[2];
  }

  /** Local steps taken, over all partitions. */
  long stepsTaken() {
    return (long) scalars.values()[3];
  }
}
