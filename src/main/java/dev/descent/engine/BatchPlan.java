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

  /**
   * The sorted partition rows this step reads in a partition of {@code n} rows. A batch that
   * covers at least 1/{@value #BITMAP_SPARSITY} of the partition is sorted by marking its rows in
   * a bitmap and reading the bitmap in order (O(batch + n/64)); a sparser one by sorting its row
   * numbers. Both give the same array.
   */
  public int[] rows(int partition, int n) {
    long lo = step * n / stepsPerEpoch;
    long hi = (step + 1) * n / stepsPerEpoch;
    RowPermutation order = new RowPermutation(n, RowPermutation.seedFor(seed, epoch, partition));
    int[] rows = new int[(int) (hi - lo)];
    if ((long) rows.length * BITMAP_SPARSITY >= n) {
      long[] marked = new long[(n + 63) >>> 6];
      for (long i = lo; i < hi; i++) {
        int r = (int) order.at(i);
        marked[r >>> 6] |= 1L << r;
      }
      int k = 0;
      for (int w = 0; w < marked.length; w++) {
        for (long bits = marked[w]; bits != 0; bits &= bits - 1) {
          rows[k++] = (w << 6) + Long.numberOfTrailingZeros(bits);
        }
      }
      return rows;
    }
    for (int i = 0; i < rows.length; i++) {
      rows[i] = (int) order.at(lo + i);
    }
    Arrays.sort(rows);
    return rows;
  }

  /** A batch of one row in this many or more is sorted through a bitmap (see {@link #rows}). */
  static final int BITMAP_SPARSITY = 512;
}
