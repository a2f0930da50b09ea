package dev.descent.bench;

import java.io.Serializable;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * A classification problem that is hard for full-batch methods, generated in each partition
 * from the seed: dense features with a common factor (every pair correlated by {@code c}, so the
 * second-moment matrix has condition number {@code (1 + (d-1) c) / (1 - c)}, about 1e4 at d = 50
 * and c = 0.995), labels drawn from a planted linear model (logistic, or softmax over
 * {@code classes}), then a fraction replaced by noise (flipped, or drawn uniformly). Rows of a
 * partition come in no particular order of class.
 */
record HardProblem(long rows, int features, int classes, double correlation, double noise,
    long seed) implements Serializable {

  String name() {
    return String.format(Locale.ROOT, "%s %s x %d, condition ~%.0e, %d%% label noise",
        classes == 2 ? "binary" : classes + "-class", DataSet.count(rows), features,
        conditionNumber(), Math.round(noise * 100));
  }

  /** The condition number of the features' second moment (unit variances, equal correlation). */
  double conditionNumber() {
    return (1 + (features - 1) * correlation) / (1 - correlation);
  }

  /** Outputs of the linear model: 1 for binary, else one per class. */
  int outputs() {
    return classes == 2 ? 1 : classes;
  }

  long firstRow(int partition, int partitions) {
    return rows * partition / partitions;
  }

  int rowsIn(int partition, int partitions) {
    return (int) (firstRow(partition + 1, partitions) - firstRow(partition, partitions));
  }

  /** Generates the rows of one partition in order; {@code cols} is always null (dense). */
  void generate(int partition, int partitions, DataSet.RowSink sink) {
    double[][] planted = planted();
    SplittableRandom rnd = new SplittableRandom(seed * 1_000_003L + partition);
    double common = Math.sqrt(correlation);
    double own = Math.sqrt(1 - correlation);
    double[] x = new double[features];
    double[] m = new double[outputs()];
    for (int r = rowsIn(partition, partitions); r > 0; r--) {
      double f = rnd.nextGaussian();
      for (int j = 0; j < features; j++) {
        x[j] = common * f + own * rnd.nextGaussian();
      }
      for (int k = 0; k < m.length; k++) {
        m[k] = 0;
        for (int j = 0; j < features; j++) {
          m[k] += planted[k][j] * x[j];
        }
      }
      sink.row(label(m, rnd), null, x);
    }
  }

  private double label(double[] m, SplittableRandom rnd) {
    if (classes == 2) {
      double y = rnd.nextDouble() < 1 / (1 + Math.exp(-m[0])) ? 1 : 0;
      return rnd.nextDouble() < noise ? 1 - y : y;
    }
    if (rnd.nextDouble() < noise) {
      return rnd.nextInt(classes);
    }
    double max = Double.NEGATIVE_INFINITY;
    for (double v : m) {
      max = Math.max(max, v);
    }
    double sum = 0;
    for (double v : m) {
      sum += Math.exp(v - max);
    }
    double u = rnd.nextDouble() * sum;
    for (int k = 0; k < m.length; k++) {
      u -= Math.exp(m[k] - max);
      if (u <= 0) {
        return k;
      }
    }
    return m.length - 1;
  }

  /**
   * Planted weights with margins of standard deviation about 3 along the features' own
   * directions, and of mean about zero along the common factor.
   */
  private double[][] planted() {
    SplittableRandom rnd = new SplittableRandom(seed);
    double[][] w = new double[outputs()][features];
    double scale = 3 / Math.sqrt(features * (1 - correlation));
    for (double[] wk : w) {
      double mean = 0;
      for (int j = 0; j < features; j++) {
        wk[j] = rnd.nextGaussian() * scale;
        mean += wk[j] / features;
      }
      for (int j = 0; j < features; j++) {
        wk[j] -= mean;
      }
    }
    return w;
  }
}
