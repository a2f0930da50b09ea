package dev.descent.loss;

import java.util.Arrays;

/**
 * The one definition of each metric Descent reports about a model: every place that reports one
 * (the evaluate command, the per-epoch validation accuracy, the training report and
 * metrics.json) computes it with these. Every metric weighs each row by its instance weight.
 *
 * <ul>
 *   <li>{@code accuracy}: the weight of the rows whose predicted class ({@link Loss#predict}) is
 *       their label, over the weight of all rows.
 *   <li>{@code auc}: the area under the ROC curve. Binary losses score each row by its margin.
 *       With more than two classes it is the mean, over the classes, of each class's
 *       one-vs-rest AUC (rows scored by their {@link #logOdds} of the class); classes whose AUC
 *       is undefined (no row of the class, or only rows of it) are left out of the mean.
 *   <li>{@code microAuc} (more than two classes): the AUC of the K one-vs-rest problems pooled,
 *       every (row, class) pair one binary case, positive when the class is the row's, scored by
 *       the row's {@link #logProbability} of the class. The training report's ROC curve is this
 *       one; metrics.json also writes it as {@code auc}, with {@code aucAveraging} "micro" (as it
 *       always has); it is not the evaluate command's {@code auc}.
 *   <li>{@code mse}, {@code rmse}, {@code mae}, {@code r2}: see {@link Regression}.
 * </ul>
 */
public final class Metrics {
  private Metrics() {}

  /** Whether the prediction for margins {@code m[off .. off+k)} is the row's label. */
  public static boolean correct(Loss loss, double[] margins, int off, int outputs,
      double label) {
    return loss.predict(margins, off, outputs) == label;
  }

  /** Accuracy from the weight of the correctly predicted rows and the weight of all rows. */
  public static double accuracy(double correctWeight, double weight) {
    return correctWeight / weight;
  }

  /** Accuracy from weighted counts {@code confusion[true class][predicted class]}. */
  public static double accuracy(double[][] confusion) {
    double right = 0;
    double all = 0;
    for (int t = 0; t < confusion.length; t++) {
      for (int p = 0; p < confusion.length; p++) {
        all += confusion[t][p];
        right += t == p ? confusion[t][p] : 0;
      }
    }
    return accuracy(right, all);
  }

  /** The multiclass {@code auc}: the mean of the classes' one-vs-rest AUCs that are defined. */
  public static double meanAuc(double[] perClass) {
    return Arrays.stream(perClass).filter(Double::isFinite).average().orElse(Double.NaN);
  }

  /**
   * The score of class {@code c} against the rest for margins {@code m[off .. off+k)}: its
   * log-odds under softmax, {@code m_c - log sum_{j != c} exp(m_j)}; infinite when every other
   * class is infinitely less likely (margins that overflowed).
   */
  public static double logOdds(double[] m, int off, int k, int c) {
    double max = Double.NEGATIVE_INFINITY;
    for (int j = 0; j < k; j++) {
      if (j != c) {
        max = Math.max(max, m[off + j]);
      }
    }
    if (max == Double.NEGATIVE_INFINITY) {
      return m[off + c] - max;
    }
    double s = 0;
    for (int j = 0; j < k; j++) {
      if (j != c) {
        s += Math.exp(m[off + j] - max);
      }
    }
    return m[off + c] - (max + Math.log(s));
  }

  /**
   * The log-probability of class {@code c} under softmax, {@code m_c - logSumExp}, given
   * {@code logSumExp = }{@link #logSumExp} of the row's margins (computed once per row).
   */
  public static double logProbability(double[] m, int off, int c, double logSumExp) {
    return m[off + c] - logSumExp;
  }

  /** {@code log sum_j exp(m_j)} over {@code m[off .. off+k)}, without overflow. */
  public static double logSumExp(double[] m, int off, int k) {
    double max = Double.NEGATIVE_INFINITY;
    for (int c = 0; c < k; c++) {
      max = Math.max(max, m[off + c]);
    }
    double s = 0;
    for (int c = 0; c < k; c++) {
      s += Math.exp(m[off + c] - max);
    }
    return max + Math.log(s);
  }

  /**
   * The regression metrics from weighted sums over the rows: {@code mse} (the weighted mean
   * squared loss), {@code rmse}, {@code mae} (the weighted mean absolute error) and {@code r2}
   * ({@code 1 - mse / variance of the labels}; NaN when the labels do not vary).
   */
  public record Regression(double mse, double rmse, double mae, double r2) {
    /**
     * @param loss the weighted sum of the rows' squared losses
     * @param absError the weighted sum of |prediction - label|
     * @param labelDeviations the weighted sum of the labels' squared deviations from their
     *     weighted mean (accumulated stably, e.g. by {@link LabelMoments}: the labels' mean may
     *     be large next to their spread)
     * @param weight the weight of all rows
     */
    public static Regression of(double loss, double absError, double labelDeviations,
        double weight) {
      double mse = loss / weight;
      double variance = labelDeviations / weight;
      return new Regression(mse, Math.sqrt(mse), absError / weight,
          variance > 0 ? 1 - mse / variance : Double.NaN);
    }
  }

  /**
   * The weight, weighted mean and weighted sum of squared deviations of a stream of labels,
   * updated one label at a time (Welford, weighted) and merged pairwise (Chan, Golub and LeVeque):
   * no sum of squares of the labels themselves, which loses every digit of the deviations when the
   * mean is large next to the spread (labels around 1e9 that vary by 1).
   */
  public static final class LabelMoments implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    private double weight;
    private double mean;
    private double deviations;

    /** Adds label {@code y} of weight {@code w} (ignored when 0) and returns this. */
    public LabelMoments add(double y, double w) {
      if (w == 0) {
        return this;
      }
      weight += w;
      double delta = y - mean;
      mean += delta * (w / weight);
      deviations += w * delta * (y - mean);
      return this;
    }

    /** Adds {@code o}'s labels and returns this. */
    public LabelMoments merge(LabelMoments o) {
      if (o.weight == 0) {
        return this;
      }
      double total = weight + o.weight;
      double delta = o.mean - mean;
      deviations += o.deviations + delta * delta * (weight * o.weight / total);
      mean += delta * (o.weight / total);
      weight = total;
      return this;
    }

    /** The weighted sum of squared deviations from the weighted mean. */
    public double deviations() {
      return deviations;
    }

    /** The weighted mean. */
    public double mean() {
      return mean;
    }
  }
}
