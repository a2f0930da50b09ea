package dev.descent.engine;

import dev.descent.data.PackedPartition;
import dev.descent.data.RowPermutation;
import org.apache.spark.api.java.function.Function;

/**
 * The order in which a mini-batch run caches its rows: each partition of at least
 * {@link BatchPlan#GROUPED_ROWS} rows shuffled once, seeded by the run's seed and the
 * partition, so that the groups of adjacent rows its steps read ({@link BatchPlan}) are random
 * sets of rows, not runs of the input's order. Applied where a partition is packed (reading, or
 * holding out validation rows), so the task holds the partition twice for a moment and the
 * cache holds it once. A full-batch run keeps the input's order ({@link #NONE}).
 *
 * @param seed the run's seed, or null for no shuffle
 */
record BatchLayout(Long seed) implements Function<PackedPartition, PackedPartition> {
  private static final long serialVersionUID = 1L;

  /** The input's order. */
  static final BatchLayout NONE = new BatchLayout(null);

  /**
   * The layout for a run taking {@code steps}: the input's order when an epoch is always one
   * step. (A batch of at least the rows in all, given as a row count, is known only once they
   * are counted: such a run is shuffled for nothing, which costs time; its results differ only by
   * rounding.)
   */
  static BatchLayout of(TrainingPlan.Steps steps) {
    return steps.batchSize().alwaysOneStep() ? NONE : new BatchLayout(steps.seed());
  }

  @Override
  public PackedPartition call(PackedPartition p) {
    return seed == null || p.rows() < BatchPlan.GROUPED_ROWS ? p
        : p.shuffled(RowPermutation.seedFor(seed, LAYOUT, p.index()));
  }

  /**
   * The "epoch" of the shuffle in {@link RowPermutation#seedFor}: apart from the training
   * epochs (from 1), the curvature's sample (-1) and the hold-out's classes (-2 down).
   */
  private static final long LAYOUT = Long.MIN_VALUE;
}
