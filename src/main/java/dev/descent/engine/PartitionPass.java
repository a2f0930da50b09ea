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
    eachBlock(part, rows, plan.scattered(part.rows()), new int[rows.length],
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
   * a block's rows, overwritten for each block). When the rows are {@code scattered} over the
   * partition ({@link BatchPlan#scattered}), the hardware does not fetch them ahead as it does a
   * block read in order, so they are touched ({@link Block#touch}) {@value #TOUCHED} at a time
   * before the kernels read them: their cache misses overlap instead of coming one row after
   * another (a round of local steps on dense rows: 17% less time, docs/performance.md).
   */
  static void eachBlock(PackedPartition part, int[] rows, boolean scattered, int[] local,
      BlockRows visit) {
    int i = 0;
    int touched = 0; // when scattered, rows[0..touched) have been touched
    double sum = 0;
    for (int b = 0; b < part.numBlocks() && i < rows.length; b++) {
      if (scattered && touched <= i) { // the kernels have reached the end of the touched run
        touched = Math.min(rows.length, i + TOUCHED);
        sum += touch(part, rows, i, touched, b);
      }
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
    sink = sum;
  }

  /** Touches the rows {@code rows[from..to)} (ascending, none before block {@code b}). */
  private static double touch(PackedPartition part, int[] rows, int from, int to, int b) {
    double sum = 0;
    for (int t = from; t < to; t++) {
      while (rows[t] >= part.blockStart(b + 1)) {
        b++;
      }
      sum += part.block(b).touch(rows[t] - part.blockStart(b));
    }
    return sum;
  }

  /** How many rows {@link #eachBlock} touches at a time (16-64 measured alike). */
  static final int TOUCHED = 32;

  /** Where the touched values go, so that the JIT keeps the reads. */
  @SuppressWarnings("unused")
  static double sink;
}
