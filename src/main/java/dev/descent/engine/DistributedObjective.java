package dev.descent.engine;

import dev.descent.data.PackedPartition;
import dev.descent.loss.GradientAggregator;
import dev.descent.loss.Loss;
import dev.descent.loss.ParameterLayout;
import dev.descent.loss.ValidationAggregator;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * All the RDD work of a training step, in one place: broadcast the coefficients, let every
 * partition fold its rows of the batch into a {@link GradientAggregator}, reduce the partial sums
 * with a treeAggregate ({@link Aggregation}), destroy the broadcast. The driver receives
 * O(parameters) bytes per step.
 * A round of local steps is one job too: the round is broadcast, every partition runs its local
 * steps ({@link LocalSteps}; over sparse rows where they allow it, {@link LazySteps}) and the
 * changes are reduced the same way.
 */
public final class DistributedObjective implements BatchObjective {
  private final JavaSparkContext jsc;
  private final JavaRDD<PackedPartition> data;
  private final ParameterLayout layout;
  private final Loss loss;
  private final int depth;

  public DistributedObjective(JavaSparkContext jsc, JavaRDD<PackedPartition> data,
      ParameterLayout layout, Loss loss, int depth) {
    this.jsc = jsc;
    this.data = data;
    this.layout = layout;
    this.loss = loss;
    this.depth = depth;
  }

  public ParameterLayout layout() {
    return layout;
  }

  /** Validation loss and accuracy over every row, at raw-feature coefficients. */
  @Override
  public Score validate(double[] coefficients) {
    Broadcast<double[]> shared = jsc.broadcast(coefficients);
    ParameterLayout l = layout;
    Loss f = loss;
    try {
      ValidationAggregator v = Aggregation.aggregate(data, ValidationAggregator::new,
          (agg, part) -> {
            for (int b = 0; b < part.numBlocks(); b++) {
              agg.add(part.block(b), shared.value(), l, f);
            }
            return agg;
          }, ValidationAggregator::merge, depth);
      return new Score(v.loss(), v.accuracy(loss));
    } finally {
      shared.destroy();
    }
  }

  /** One round of local steps over every partition, combined. */
  @Override
  public LocalSteps round(LocalRound round) {
    Broadcast<LocalRound> shared = jsc.broadcast(round);
    ParameterLayout l = layout;
    Loss f = loss;
    try {
      return Aggregation.aggregate(data, LocalSteps::new, (steps, part) -> {
        if (LazySteps.applies(shared.value(), part, l)) {
          return new LazySteps(part, shared.value(), l, f).run(steps);
        }
        // one aggregator per partition; each step leaves its gradient zero (LocalSteps.Rows)
        GradientAggregator a = new GradientAggregator();
        return steps.add((coef, plan) -> {
          PartitionPass.add(a.resetSums(), part, coef, l, f, plan);
          return new Sums(a.lossSum(), a.gradientSum(l.size()), a.weightSum());
        }, shared.value(), l);
      }, LocalSteps::merge, depth);
    } finally {
      shared.destroy();
    }
  }

  /** Loss and gradient sums over the rows {@code plan} selects, at raw-feature coefficients. */
  @Override
  public Sums evaluate(double[] coefficients, BatchPlan plan) {
    Broadcast<double[]> shared = jsc.broadcast(coefficients);
    // Locals only: the closures must not capture this object (it holds the RDD).
    ParameterLayout l = layout;
    Loss f = loss;
    try {
      GradientAggregator agg = Aggregation.aggregate(data, GradientAggregator::new,
          (a, part) -> PartitionPass.add(a, part, shared.value(), l, f, plan),
          GradientAggregator::merge, depth);
      return new Sums(agg.lossSum(), agg.gradientSum(l.size()), agg.weightSum());
    } finally {
      shared.destroy();
    }
  }
}
