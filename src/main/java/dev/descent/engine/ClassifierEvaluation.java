package dev.descent.engine;

import dev.descent.data.Block;
import dev.descent.data.PackedPartition;
import dev.descent.data.SumVector;
import dev.descent.loss.Loss;
import dev.descent.loss.Metrics;
import dev.descent.model.LinearModel;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.mllib.evaluation.BinaryClassificationMetrics;
import scala.Tuple2;
import scala.Tuple3;

/**
 * Scores a trained classifier on cached training or validation data, through the packed blocks,
 * for the report: a confusion matrix (one treeReduce of K x K sums) and a ROC curve from Spark
 * MLlib's {@link BinaryClassificationMetrics}, down-sampled to about {@link #ROC_BINS} points,
 * with the exact area under it from an undown-sampled pass. The driver receives O(bins + K^2)
 * numbers; the sorting of scores happens in Spark's shuffle.
 *
 * <p>Binary losses score a row by its margin (any monotone score gives the same curve). With
 * more than two classes the curve is the micro-average: every (row, class) pair is one binary
 * case, positive when the class is the row's, scored by the row's log-probability of the class
 * (comparable across classes, unlike raw margins, and without the ties of saturated
 * probabilities).
 */
public final class ClassifierEvaluation {
  /** The number of bins the ROC curve is down-sampled to. */
  public static final int ROC_BINS = 200;

  private ClassifierEvaluation() {}

  /**
   * @param which "validation" or "training", for the record
   * @param classFactors the factor each row's weight was multiplied by per class
   *     ({@code classWeight}), divided out again so that counts are the data's own; null if none
   */
  public static ClassifierScores of(TrainingData data, LinearModel model, String which,
      double[] classFactors, int depth) {
    return of(data, model, which, classFactors, depth, ROC_BINS);
  }

  static ClassifierScores of(TrainingData data, LinearModel model, String which,
      double[] classFactors, int depth, int bins) {
    if (!model.isClassifier()) {
      throw new IllegalArgumentException(model + " is not a classifier");
    }
    int d = model.numFeatures();
    int k = model.outputs();
    int classes = Math.max(2, model.numClasses());
    Loss loss = model.loss();
    double[] factors = classFactors == null ? null : classFactors.clone();
    JavaSparkContext jsc = data.sparkContext();
    jsc.setJobDescription("Descent: scoring the model on the " + which + " rows for the report");
    Broadcast<double[]> shared = jsc.broadcast(coefficients(model));
    try {
      double[] sums = data.rdd().map(p -> confusion(p, shared.value(), d, k, classes, loss,
          factors)).treeReduce(SumVector::merge, depth).values();
      double[][] confusion = new double[classes][classes];
      for (int t = 0; t < classes; t++) {
        System.arraycopy(sums, t * classes, confusion[t], 0, classes);
      }
      boolean micro = k > 1;
      if (!micro && (rowSum(confusion[0]) <= 0 || rowSum(confusion[1]) <= 0)) {
        return new ClassifierScores(which, data.rows(), new double[0], new double[0],
            Double.NaN, false, confusion);
      }
      JavaRDD<Tuple3<Double, Double, Double>> scored =
          data.rdd().flatMap(p -> scores(p, shared.value(), d, k, factors));
      double[][] roc = roc(scored, bins);
      return new ClassifierScores(which, data.rows(), roc[0], roc[1], Auc.exact(scored), micro,
          confusion);
    } catch (Exception e) { // SparkException is checked, but Scala throws it undeclared
      throw Failures.rethrow(e, jsc.hadoopConfiguration());
    } finally {
      shared.destroy();
    }
  }

  /** The ROC curve down-sampled to about {@code bins} points: {false, true positive rates}. */
  private static double[][] roc(JavaRDD<Tuple3<Double, Double, Double>> scored, int bins) {
    BinaryClassificationMetrics binned = new BinaryClassificationMetrics(scored.rdd(), bins);
    try {
      List<Tuple2<Object, Object>> roc = binned.roc().toJavaRDD().collect();
      double[] fpr = new double[roc.size()];
      double[] tpr = new double[roc.size()];
      for (int i = 0; i < fpr.length; i++) {
        fpr[i] = (Double) roc.get(i)._1();
        tpr[i] = (Double) roc.get(i)._2();
      }
      return new double[][] {fpr, tpr};
    } finally {
      binned.unpersist();
    }
  }

  /** Output k's weights at {@code [k*d, (k+1)*d)}, then the K intercepts. */
  private static double[] coefficients(LinearModel model) {
    int d = model.numFeatures();
    int k = model.outputs();
    double[] coef = new double[k * d + k];
    for (int c = 0; c < k; c++) {
      System.arraycopy(model.weights(c), 0, coef, c * d, d);
      coef[k * d + c] = model.intercept(c);
    }
    return coef;
  }

  /** Margins of every row of a block, intercepts included, at {@code [row*k + c]}. */
  private static double[] margins(Block b, double[] coef, int d, int k) {
    int n = b.rows();
    double[] m = new double[n * k];
    b.margins(coef, d, k, null, n, m);
    for (int r = 0; r < n; r++) {
      for (int c = 0; c < k; c++) {
        m[r * k + c] += coef[k * d + c];
      }
    }
    return m;
  }

  private static double weight(Block b, int r, double[] factors) {
    double w = b.weight(r);
    if (factors != null) {
      double f = factors[(int) b.label(r)];
      w = f > 0 ? w / f : w;
    }
    return w;
  }

  private static SumVector confusion(PackedPartition part, double[] coef, int d, int k,
      int classes, Loss loss, double[] factors) {
    SumVector s = new SumVector(classes * classes);
    double[] counts = s.values();
    for (int i = 0; i < part.numBlocks(); i++) {
      Block b = part.block(i);
      double[] m = margins(b, coef, d, k);
      for (int r = 0; r < b.rows(); r++) {
        int predicted = (int) loss.predict(m, r * k, k);
        counts[(int) b.label(r) * classes + predicted] += weight(b, r, factors);
      }
    }
    return s;
  }

  /** (score, 1 if positive else 0, weight) per row, or per (row, class) pair; block by block. */
  private static java.util.Iterator<Tuple3<Double, Double, Double>> scores(PackedPartition part,
      double[] coef, int d, int k, double[] factors) {
    return IntStream.range(0, part.numBlocks()).boxed().flatMap(i -> {
      Block b = part.block(i);
      double[] m = margins(b, coef, d, k);
      List<Tuple3<Double, Double, Double>> out = new ArrayList<>(b.rows() * k);
      for (int r = 0; r < b.rows(); r++) {
        double w = weight(b, r, factors);
        if (k == 1) {
          out.add(new Tuple3<>(m[r], b.label(r), w));
          continue;
        }
        double logSum = Metrics.logSumExp(m, r * k, k);
        for (int c = 0; c < k; c++) {
          out.add(new Tuple3<>(Metrics.logProbability(m, r * k, c, logSum),
              b.label(r) == c ? 1.0 : 0.0, w));
        }
      }
      return out.stream();
    }).iterator();
  }

  private static double rowSum(double[] row) {
    double s = 0;
    for (double v : row) {
      s += v;
    }
    return s;
  }
}
