package dev.descent.engine;

import dev.descent.data.Block;
import dev.descent.data.PackedPartition;
import dev.descent.loss.GradientAggregator;
import dev.descent.loss.Loss;
import dev.descent.loss.ParameterLayout;

/** The executor side of a step: folds one partition's share of the batch into an aggregator. */
final class PartitionPass {
  private PartitionPass() {}

  static GradientAggregator add(GradientAggregator agg, PackedPartition part, double[] coef,
      ParameterLayout layout, Loss loss, BatchPlan plan) {
    if (plan.isFull()) {
      for (int b = 0; b < part.numBlocks(); b++) {
        Block block = part.block(b);
        agg.add(block, null, block.rows(), coef, layout, loss);
      }
      return agg;
    }
    int[] rows = plan.rows(part.index(), part.rows());
    int[] local = new int[rows.length];
    int i = 0;
    for (int b = 0; b < part.numBlocks() && i < rows.length; b++) {
      int start = part.blockStart(b);
      int end = part.blockStart(b + 1);
      int count = 0;
      while (i < rows.length && rows[i] < end) {
        local[count++] = rows[i++] - start;
      }
      if (count > 0) {
        agg.add(part.block(b), local, count, coef, layout, loss);
      }
    }
    return agg;
  }
}
