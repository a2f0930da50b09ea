package dev.descent.engine;

import dev.descent.loss.ParameterLayout;
import dev.descent.optim.ElasticNet;

/**
 * The training objective in optimization space, on the driver: evaluates the batch at the raw
 * coefficients, maps the gradient through the feature scaling, divides by the batch weight and
 * adds the smooth penalty. O(parameters) work per call besides the batch's own.
 */
final class Objective {
  /**
   * One evaluation.
   *
   * @param loss weighted mean data loss over the rows evaluated
   * @param smooth loss plus the smooth (L2) part of the penalty
   * @param gradient gradient of {@code smooth}, averaged over the batch weight
   * @param weight total instance weight of the rows evaluated
   */
  record Evaluation(double loss, double smooth, double[] gradient, double weight) {}

  private final BatchObjective batches;
  private final ParameterLayout layout;
  private final FeatureScaling scaling;
  private final ElasticNet penalty;

  Objective(BatchObjective batches, ParameterLayout layout, FeatureScaling scaling,
      ElasticNet penalty) {
    this.batches = batches;
    this.layout = layout;
    this.scaling = scaling;
    this.penalty = penalty;
  }

  Evaluation at(double[] theta, BatchPlan plan) {
    BatchObjective.Sums sums = batches.evaluate(raw(theta), plan);
    double w = sums.weightSum();
    double[] g = sums.gradientSum();
    scaling.gradientToOptimizationSpace(g, layout);
    if (w > 0) {
      for (int i = 0; i < g.length; i++) {
        g[i] /= w;
      }
    }
    penalty.addSmoothGradient(theta, g);
    double loss = w > 0 ? sums.lossSum() / w : 0;
    return new Evaluation(loss, loss + penalty.smoothValue(theta), g, w);
  }

  /**
   * A round of local steps from {@code theta}: the partitions' changes averaged by their weight
   * in the round, with the sums of the round's losses, objectives and weights.
   *
   * @param rates the local step size of each of the round's steps
   */
  Round round(double[] theta, double[] rates, LocalRound.Momentum momentum, BatchPlan first) {
    LocalSteps r = batches.round(new LocalRound(theta.clone(), scaling, penalty, rates, momentum,
        first.seed(), first.epoch(), first.step(), first.stepsPerEpoch()));
    return new Round(r.meanChange(theta.length), r.meanVelocity(theta.length), r.meanCarried(),
        r.meanDecay(), r.lossSum(), r.objectiveSum(), r.weightSum());
  }

  /**
   * A round's result.
   *
   * @param change the weighted mean of the partitions' parameter changes
   * @param velocity with momentum, the weighted mean of their last velocities; else null
   * @param carried with momentum, the started-from velocity's mean factor in the change
   *     ({@link LocalSteps#meanCarried})
   * @param decay with momentum, its mean factor in the last velocity
   * @param lossSum sum over the local steps of the weighted data loss
   * @param objectiveSum likewise of the loss plus the penalty
   * @param weight sum over the local steps of their instance weight
   */
  record Round(double[] change, double[] velocity, double carried, double decay,
      double lossSum, double objectiveSum, double weight) {}

  /** Smooth value plus the L1 part: the full objective. */
  double full(Evaluation e, double[] theta) {
    return e.smooth() + penalty.l1Value(theta);
  }

  /** The raw-feature coefficients of optimization-space parameters {@code theta}. */
  double[] raw(double[] theta) {
    return scaling.toRaw(theta, layout);
  }

  ElasticNet penalty() {
    return penalty;
  }

  ParameterLayout layout() {
    return layout;
  }
}
