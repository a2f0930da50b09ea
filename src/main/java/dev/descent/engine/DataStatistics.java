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
   * passes over the cached data, the second centred for accuracy.
   */
  public static double[][] moments(TrainingData data, int depth) {
    int d = data.numFeatures();
    double w = data.weightSum();
    JavaRDD<PackedPartition> rdd = data.rdd();
    double[] mean = rdd.map(p -> {
      SumVector s = new SumVector(d);
      for (int b = 0; b < p.numBlocks(); b++) {
        p.block(b).addWeightedSums(s.values());
      }
      return s;
    }).treeReduce(SumVector::merge, depth).values();
    for (int j = 0; j < d; j++) {
      mean[j] /= w;
    }
    Broadcast<double[]> shared = data.sparkContext().broadcast(mean);
    double[] acc;
    try {
      acc = rdd.map(p -> centredSquares(p, shared.value()))
          .treeReduce(SumVector::merge, depth).values();
    } finally {
      shared.destroy();
    }
    double[] std = new double[d];
    for (int j = 0; j < d; j++) {
      std[j] = Math.sqrt(acc[j] / w);
    }
    return new double[][] {mean, std};
  }

  /**
   * One partition's {@code sum w_row (x[row,j] - mu[j])^2} per feature, the zeros a sparse block
   * does not store included (see {@link dev.descent.data.Block#addCenteredSquares}).
   */
  private static SumVector centredSquares(PackedPartition p, double[] mu) {
    int d = mu.length;
    SumVector s = new SumVector(d);
    double[] squares = s.values();
    double[] storedWeight = new double[d];
    long[] storedRows = new long[d];
    double weight = 0;
    for (int b = 0; b < p.numBlocks(); b++) {
      Block block = p.block(b);
      block.addCenteredSquares(mu, squares, storedWeight, storedRows);
      for (int r = 0; r < block.rows(); r++) {
        weight += block.weight(r);
      }
    }
    for (int j = 0; j < d; j++) {
      if (storedRows[j] < p.rows()) { // some rows hold an unstored zero
        squares[j] += Math.max(0, weight - storedWeight[j]) * mu[j] * mu[j];
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
