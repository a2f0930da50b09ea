package dev.descent.engine;

import dev.descent.data.RowPermutation;
import java.io.Serializable;
import java.util.Arrays;

/**
 * Which rows one training step reads, decided independently in each partition: the partition's
 * rows are shuffled per epoch by a {@link RowPermutation} seeded from (seed, epoch, partition),
 * and step {@code s} of {@code S} takes positions {@code [s n/S, (s+1) n/S)} of that order. So each
 * partition contributes its proportional share of every batch, every row is read exactly once
 * per epoch, and the same seed gives the same batches. A step costs O(batch rows); nothing scans
 * the partition.
 */
public record BatchPlan(long seed, long epoch, long step, long stepsPerEpoch)
    implements Serializable {

  /** Every row (full-batch gradient descent and full evaluations). */
  public static final BatchPlan ALL = new BatchPlan(0, 0, 0, 1);

  public boolean isFull() {
    return stepsPerEpoch == 1;
  }

  /** The sorted partition rows this step reads in a partition of {@code n} rows. */
  public int[] rows(int partition, int n) {
    long lo = step * n / stepsPerEpoch;
    long hi = (step + 1) * n / stepsPerEpoch;
    RowPermutation order = new RowPermutation(n, RowPermutation.seedFor(seed, epoch, partition));
    int[] rows = new int[(int) (hi - lo)];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = (int) order.at(lo + i);
    }
    Arrays.sort(rows);
    return rows;
  }
}
