package dev.descent.engine;

import dev.descent.data.Block;
import dev.descent.data.PackedPartition;
import dev.descent.data.PartitionSummary;
import dev.descent.data.SumVector;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.broadcast.Broadcast;

/**
 * Statistics of cached training data that training uses: the features' moments (for
 * standardization) and the class weights that balance the classes.
 */
public final class DataStatistics {
  private DataStatistics() {}

  /**
   * Weighted per-feature means and (population) standard deviations, {@code {mean, std}}: two
   * passes over the cached data, the first for the means (and each feature's largest magnitude),
   * the second for the squared deviations from them, each deviation scaled by a power of two
   * near its feature's magnitude so that its square neither underflows nor overflows (features
   * of values around 1e-300 or 1e150 keep their deviation).
   */
  public static double[][] moments(TrainingData data, int depth) {
    int d = data.numFeatures();
    double w = data.weightSum();
    JavaRDD<PackedPartition> rdd = data.rdd();
    Sums first = rdd.map(p -> Sums.of(p, d)).treeReduce(Sums::merge, depth);
    double[] mean = first.sums.values();
    double[] scale = new double[d];
    for (int j = 0; j < d; j++) {
      mean[j] /= w;
      scale[j] = first.maxAbs[j] > 0 ? Math.scalb(1.0, -Math.getExponent(first.maxAbs[j])) : 1;
    }
    Broadcast<double[][]> shared = data.sparkContext().broadcast(new double[][] {mean, scale});
    double[] acc;
    try {
      acc = rdd.map(p -> centredSquares(p, shared.value()[0], shared.value()[1]))
          .treeReduce(SumVector::merge, depth).values();
    } finally {
      shared.destroy();
    }
    double[] std = new double[d];
    for (int j = 0; j < d; j++) {
      std[j] = Math.sqrt(acc[j] / w) / scale[j];
    }
    return new double[][] {mean, std};
  }

  /** The first pass's partial result: weighted sums and largest magnitudes per feature. */
  private record Sums(SumVector sums, double[] maxAbs) implements java.io.Serializable {
    static Sums of(PackedPartition p, int d) {
      Sums s = new Sums(new SumVector(d), new double[d]);
      for (int b = 0; b < p.numBlocks(); b++) {
        p.block(b).addWeightedSums(s.sums.values(), s.maxAbs);
      }
      return s;
    }

    Sums merge(Sums o) {
      sums.merge(o.sums);
      for (int j = 0; j < maxAbs.length; j++) {
        maxAbs[j] = Math.max(maxAbs[j], o.maxAbs[j]);
      }
      return this;
    }
  }

  /**
   * One partition's {@code sum w_row ((x[row,j] - mu[j]) scale[j])^2} per feature, the zeros a
   * sparse block does not store included (see {@link dev.descent.data.Block#addCenteredSquares}).
   */
  private static SumVector centredSquares(PackedPartition p, double[] mu, double[] scale) {
    int d = mu.length;
    SumVector s = new SumVector(d);
    double[] squares = s.values();
    double[] storedWeight = new double[d];
    long[] storedRows = new long[d];
    double weight = 0;
    for (int b = 0; b < p.numBlocks(); b++) {
      Block block = p.block(b);
      block.addCenteredSquares(mu, scale, squares, storedWeight, storedRows);
      for (int r = 0; r < block.rows(); r++) {
        weight += block.weight(r);
      }
    }
    for (int j = 0; j < d; j++) {
      if (storedRows[j] < p.rows()) { // some rows hold an unstored zero
        double c = mu[j] * scale[j];
        squares[j] += Math.max(0, weight - storedWeight[j]) * c * c;
      }
    }
    return s;
  }

  /** Factors that give every class the same total: rows / (classes x rows of the class). */
  public static double[] balancedClassWeights(TrainingData data) {
    PartitionSummary summary = data.summary();
    int classes = data.numClasses();
    long[] counts = summary.classCounts();
    double[] f = new double[classes];
    for (int c = 0; c < classes; c++) {
      long n = c < counts.length ? counts[c] : 0;
      f[c] = n == 0 ? 0 : (double) summary.rows() / (classes * n);
    }
    return f;
  }
}
