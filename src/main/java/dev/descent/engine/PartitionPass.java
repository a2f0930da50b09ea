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
    eachBlock(part, rows, new int[rows.length],
        (block, sel, count) -> agg.add(block, sel, count, coef, layout, loss));
    return agg;
  }

  /** What is done with one block's selected rows, {@code sel[0..count)} (block-local). */
  @FunctionalInterface
  interface BlockRows {
    void accept(Block block, int[] sel, int count);
  }

  /**
   * Calls {@code visit} for each block that holds some of the partition's rows {@code rows}
   * (ascending), in block order, with those rows' block-local indices in {@code local} (room for
   * a block's rows, overwritten for each block).
   */
  static void eachBlock(PackedPartition part, int[] rows, int[] local, BlockRows visit) {
    int i = 0;
    for (int b = 0; b < part.numBlocks() && i < rows.length; b++) {
      int start = part.blockStart(b);
      int end = part.blockStart(b + 1);
      int count = 0;
      while (i < rows.length && rows[i] < end) {
        local[count++] = rows[i++] - start;
      }
      if (count > 0) {
        visit.accept(part.block(b), local, count);
      }
    }
  }
}
