package dev.descent.engine;

import dev.descent.data.RowPermutation;
import java.io.Serializable;
import java.util.Arrays;

/**
 * Which rows one training step reads, decided independently in each partition: the partition's
 * rows, taken in groups of {@link #groupSize} adjacent rows, are shuffled per epoch by a
 * {@link RowPermutation} of the groups seeded from (seed, epoch, partition), and step {@code s}
 * of {@code S} takes the groups at positions {@code [s m/S, (s+1) m/S)} of that order ({@code m}
 * groups). So each partition contributes its proportional share of every batch, every row is
 * read exactly once per epoch, and the same seed gives the same batches. A step costs O(batch
 * rows); nothing scans the partition.
 *
 * <p>Groups of one row (small partitions, or many steps per epoch) make each batch a uniformly
 * random set of rows. Larger groups let a step read runs of adjacent rows instead of rows
 * scattered over the partition, which measured up to twice as fast (docs/performance.md, "How
 * batches are drawn"); they are used only in partitions of at least {@link #GROUPED_ROWS} rows,
 * whose rows a mini-batch run shuffled once as it cached them ({@link BatchLayout}), so that a
 * group is a random set of rows and not a run of the input's order (a file sorted by label or by
 * time would otherwise give batches of alike rows).
 */
public record BatchPlan(long seed, long epoch, long step, long stepsPerEpoch)
    implements Serializable {

  /** Every row (full-batch gradient descent and full evaluations). */
  public static final BatchPlan ALL = new BatchPlan(0, 0, 0, 1);

  public boolean isFull() {
    return stepsPerEpoch == 1;
  }

  /**
   * The sorted partition rows this step reads in a partition of {@code n} rows: its groups'
   * rows, in order.
   */
  public int[] rows(int partition, int n) {
    int g = groupSize(n, stepsPerEpoch);
    int groups = (n + g - 1) / g;
    int[] picked = groups(partition, groups);
    if (g == 1) {
      return picked;
    }
    int count = 0;
    for (int q : picked) {
      count += Math.min(n - q * g, g);
    }
    int[] rows = new int[count];
    int k = 0;
    for (int q : picked) {
      for (int r = q * g, end = Math.min(n, r + g); r < end; r++) {
        rows[k++] = r;
      }
    }
    return rows;
  }

  /**
   * The sorted groups this step reads of {@code m}. A step that takes at least
   * 1/{@value #BITMAP_SPARSITY} of them is sorted by marking them in a bitmap and reading the
   * bitmap in order (O(batch + m/64)); a sparser one by sorting. Both give the same array.
   */
  private int[] groups(int partition, int m) {
    long lo = step * m / stepsPerEpoch;
    long hi = (step + 1) * m / stepsPerEpoch;
    RowPermutation order = new RowPermutation(m, RowPermutation.seedFor(seed, epoch, partition));
    int[] picked = new int[(int) (hi - lo)];
    if ((long) picked.length * BITMAP_SPARSITY >= m) {
      long[] marked = new long[(m + 63) >>> 6];
      for (long i = lo; i < hi; i++) {
        int r = (int) order.at(i);
        marked[r >>> 6] |= 1L << r;
      }
      int k = 0;
      for (int w = 0; w < marked.length; w++) {
        for (long bits = marked[w]; bits != 0; bits &= bits - 1) {
          picked[k++] = (w << 6) + Long.numberOfTrailingZeros(bits);
        }
      }
      return picked;
    }
    for (int i = 0; i < picked.length; i++) {
      picked[i] = (int) order.at(lo + i);
    }
    Arrays.sort(picked);
    return picked;
  }

  /**
   * Whether this step's rows in a partition of {@code n} rows lie scattered: single rows or
   * groups of fewer than {@value #RUN_ROWS}, too short for the hardware to fetch the next rows
   * ahead, so that touching them before the kernels read them pays
   * ({@link PartitionPass#eachBlock}).
   */
  boolean scattered(int n) {
    return groupSize(n, stepsPerEpoch) < RUN_ROWS;
  }

  /**
   * How many adjacent rows form a group in a partition of {@code n} rows: 1 below
   * {@link #GROUPED_ROWS} rows or with one step an epoch; else the largest power of two up to
   * {@value #MAX_GROUP} that leaves each step at least {@value #MIN_GROUPS} groups.
   */
  static int groupSize(int n, long stepsPerEpoch) {
    if (n < GROUPED_ROWS || stepsPerEpoch < 2) {
      return 1;
    }
    int g = MAX_GROUP;
    while (g > 1 && (long) g * stepsPerEpoch * MIN_GROUPS > n) {
      g >>= 1;
    }
    return g;
  }

  /** Partitions of fewer rows read single rows (their batches stay as they were before groups). */
  public static final int GROUPED_ROWS = 1 << 14;

  /** The largest group (measured against 16, 32 and 128: docs/performance.md). */
  static final int MAX_GROUP = 64;

  /**
   * The fewest groups a partition's step takes when groups are larger than one row, so that a
   * batch stays a mix of many random sets of rows.
   */
  static final int MIN_GROUPS = 32;

  /**
   * The shortest group the hardware reads ahead well enough that touching its rows first no
   * longer pays: in one JVM, 100 steps over one partition, touching cost 3-10% with groups of
   * 16-64 rows (250,000 rows of 100 features) and gained nothing with groups of 8 (100 or 1,000
   * features, or sparse rows), while with 1-4 rows it still gained (docs/performance.md).
   */
  static final int RUN_ROWS = 8;

  /** A step of one group in this many or more is sorted through a bitmap (see {@link #groups}). */
  static final int BITMAP_SPARSITY = 512;
}
