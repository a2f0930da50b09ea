package dev.descent.bench;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * A deterministically generated binary logistic problem: {@code rows} rows of {@code features}
 * features, dense or with {@code nonZeros} non-zeros per row at random columns. Values are
 * uniform on [-sqrt(3), sqrt(3)) (mean 0, variance 1: already on a standardized scale); labels are
 * drawn from a logistic model with planted weights, so the classes overlap and the optimum is
 * finite. Partition {@code p} of {@code P} holds rows {@code [p n/P, (p+1) n/P)}, generated from
 * its own seed, so every consumer (Descent, MLlib, Spark ML) sees the same rows wherever it
 * generates them.
 */
record DataSet(String name, long rows, int features, int nonZeros, long seed)
    implements Serializable {

  private static final double HALF_WIDTH = Math.sqrt(3);

  static DataSet dense(long rows, int features, long seed) {
    return new DataSet("dense " + count(rows) + " x " + count(features), rows, features,
        features, seed);
  }

  static DataSet sparse(long rows, int features, int nonZeros, long seed) {
    return new DataSet("sparse " + count(rows) + " x " + count(features) + " (" + nonZeros
        + " non-zeros a row)", rows, features, nonZeros, seed);
  }

  boolean isDense() {
    return nonZeros == features;
  }

  /** Feature values stored: rows x non-zeros. */
  long values() {
    return rows * nonZeros;
  }

  /**
   * Bytes of the data as bare primitive arrays: values (8 bytes) and labels (8 bytes), plus for
   * sparse data a 4-byte column index per value and a 4-byte row start per row (CSR).
   */
  long rawBytes() {
    return isDense() ? 8 * values() + 8 * rows : 12 * values() + 4 * (rows + 1) + 8 * rows;
  }

  long firstRow(int partition, int partitions) {
    return rows * partition / partitions;
  }

  int rowsIn(int partition, int partitions) {
    return (int) (firstRow(partition + 1, partitions) - firstRow(partition, partitions));
  }

  /** Receives generated rows; {@code cols} is null for a dense row. */
  interface RowSink {
    void row(double label, int[] cols, double[] vals);
  }

  /** Generates the rows of one partition in order, reusing the arrays passed to {@code sink}. */
  void generate(int partition, int partitions, RowSink sink) {
    double[] planted = plantedWeights();
    SplittableRandom rnd = new SplittableRandom(seed * 1_000_003L + partition);
    int n = rowsIn(partition, partitions);
    double[] vals = new double[nonZeros];
    int[] cols = isDense() ? null : new int[nonZeros];
    for (int r = 0; r < n; r++) {
      if (cols != null) {
        distinctSortedColumns(rnd, cols);
      }
      double margin = 0;
      for (int i = 0; i < nonZeros; i++) {
        vals[i] = (2 * rnd.nextDouble() - 1) * HALF_WIDTH;
        margin += vals[i] * planted[cols == null ? i : cols[i]];
      }
      double label = rnd.nextDouble() < 1 / (1 + Math.exp(-margin)) ? 1 : 0;
      sink.row(label, cols, vals);
    }
  }

  /** Weights with margins of standard deviation 2: labels are informative but noisy. */
  private double[] plantedWeights() {
    SplittableRandom rnd = new SplittableRandom(seed);
    double[] w = new double[features];
    double scale = 2 / Math.sqrt(nonZeros);
    for (int j = 0; j < features; j++) {
      w[j] = (2 * rnd.nextDouble() - 1) * HALF_WIDTH * scale;
    }
    return w;
  }

  private void distinctSortedColumns(SplittableRandom rnd, int[] cols) {
    int k = 0;
    while (k < cols.length) {
      int c = rnd.nextInt(features);
      boolean seen = false;
      for (int i = 0; i < k; i++) {
        seen |= cols[i] == c;
      }
      if (!seen) {
        cols[k++] = c;
      }
    }
    Arrays.sort(cols);
  }

  static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }
}
