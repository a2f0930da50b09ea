package dev.descent.engine;

import dev.descent.loss.GradientAggregator;
import dev.descent.loss.ParameterLayout;
import dev.descent.optim.ElasticNet;

/**
 * The training objective in optimization space, on the driver: runs the distributed pass at the
 * raw coefficients, maps the gradient through the feature scaling, divides by the batch weight
 * and adds the smooth penalty. O(parameters) work per call besides the pass itself.
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

  private final DistributedObjective distributed;
  private final FeatureScaling scaling;
  private final ElasticNet penalty;
  private final ParameterLayout layout;

  Objective(DistributedObjective distributed, FeatureScaling scaling, ElasticNet penalty) {
    this.distributed = distributed;
    this.scaling = scaling;
    this.penalty = penalty;
    this.layout = distributed.layout();
  }

  Evaluation at(double[] theta, BatchPlan plan) {
    GradientAggregator agg = distributed.evaluate(scaling.toRaw(theta, layout), plan);
    double w = agg.weightSum();
    double[] g = agg.gradientSum(layout.size());
    scaling.gradientToOptimizationSpace(g, layout);
    if (w > 0) {
      for (int i = 0; i < g.length; i++) {
        g[i] /= w;
      }
    }
    penalty.addSmoothGradient(theta, g);
    double loss = w > 0 ? agg.lossSum() / w : 0;
    return new Evaluation(loss, loss + penalty.smoothValue(theta), g, w);
  }

  /** Smooth value plus the L1 part: the full objective. */
  double full(Evaluation e, double[] theta) {
    return e.smooth() + penalty.l1Value(theta);
  }

  ElasticNet penalty() {
    return penalty;
  }

  FeatureScaling scaling() {
    return scaling;
  }

  ParameterLayout layout() {
    return layout;
  }
}
