package dev.descent.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.data.LabelDomain;
import dev.descent.data.Precision;
import dev.descent.input.FrameColumns;
import dev.descent.input.InputSpec.Purpose;
import dev.descent.input.ScoringInput;
import dev.descent.input.TrainingInput;
import dev.descent.model.LinearModel;
import dev.descent.testing.SparkTests;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * The evaluate command's metrics ({@link Evaluation}) against plain loops written from their
 * definitions ({@link dev.descent.loss.Metrics}): weighted accuracy, log loss, the AUC as the
 * weighted Mann-Whitney statistic (for softmax, the mean of the one-vs-rest AUCs), and the
 * regression errors. For softmax, the report's micro-averaged AUC is a different number, which is
 * why it has its own name.
 */
class EvaluationTest {
  private static final int ROWS = 240;
  private static final int FEATURES = 3;

  /** Weighted rows {x, label, weight}, labels drawn from {@code classes} (0: real-valued). */
  private static List<double[]> rows(Random rnd, int classes) {
    List<double[]> out = new ArrayList<>();
    for (int i = 0; i < ROWS; i++) {
      double[] r = new double[FEATURES + 2];
      for (int j = 0; j < FEATURES; j++) {
        r[j] = rnd.nextGaussian();
      }
      r[FEATURES] = classes == 0 ? 1 + r[0] - 2 * r[1] + rnd.nextGaussian()
          : classes == 2 ? (r[0] + rnd.nextGaussian() > 0 ? 1 : 0)
          : noisyBest(r, classes, rnd);
      r[FEATURES + 1] = 0.25 + rnd.nextDouble() * 2;
      out.add(r);
    }
    return out;
  }

  /** The class c with the largest x[c % FEATURES] * (c < FEATURES ? 1 : -1) + noise. */
  private static double noisyBest(double[] x, int classes, Random rnd) {
    int best = 0;
    double top = Double.NEGATIVE_INFINITY;
    for (int c = 0; c < classes; c++) {
      double v = direction(c) * x[c % FEATURES] + 1.5 * rnd.nextGaussian();
      if (v > top) {
        top = v;
        best = c;
      }
    }
    return best;
  }

  private static double direction(int c) {
    return c < FEATURES ? 1 : -1;
  }

  private static Dataset<Row> frame(List<double[]> data) {
    List<Row> rows = new ArrayList<>();
    for (double[] r : data) {
      double[] x = new double[FEATURES];
      System.arraycopy(r, 0, x, 0, FEATURES);
      rows.add(RowFactory.create(r[FEATURES], Vectors.dense(x), r[FEATURES + 1]));
    }
    StructType schema = new StructType(new StructField[] {
        DataTypes.createStructField("label", DataTypes.DoubleType, false),
        DataTypes.createStructField("features", new VectorUDT(), false),
        DataTypes.createStructField("w", DataTypes.DoubleType, false)});
    return SparkTests.session().createDataFrame(SparkTests.jsc().parallelize(rows, 3), schema);
  }

  private static final FrameColumns COLUMNS = new FrameColumns("label", "features", null, "w");

  private static Map<String, Double> evaluate(List<double[]> data, LinearModel model) {
    return Evaluation.of(ScoringInput.frame(frame(data), COLUMNS, "test rows", Purpose.EVALUATE,
        model), model).metrics();
  }

  private static LinearModel model(String loss, int classes, Random rnd) {
    int k = loss.equals("softmax") ? classes : 1;
    double[][] w = new double[k][FEATURES];
    double[] b = new double[k];
    for (int c = 0; c < k; c++) {
      for (int j = 0; j < FEATURES; j++) {
        w[c][j] = 0.5 * rnd.nextGaussian();
      }
      // Near the rule that drew the labels (class 1 of a binary model: x[0] > 0).
      w[c][k == 1 ? 0 : c % FEATURES] += k == 1 ? 1 : direction(c);
      b[c] = 0.3 * rnd.nextGaussian();
    }
    return new LinearModel(loss, FEATURES, classes, w, b, true, Map.of("loss", loss));
  }

  private static double[] x(double[] r) {
    double[] x = new double[FEATURES];
    System.arraycopy(r, 0, x, 0, FEATURES);
    return x;
  }

  /** The weighted Mann-Whitney statistic (see {@link ClassifierEvaluationTest}). */
  private static double mannWhitney(double[] score, boolean[] positive, double[] w) {
    double[] p = new double[positive.length];
    for (int i = 0; i < p.length; i++) {
      p[i] = positive[i] ? 1 : 0;
    }
    return ClassifierEvaluationTest.mannWhitney(score, p, w);
  }

  @Test
  void classifierMetricsMatchPlainLoops() {
    Random rnd = new Random(5);
    for (int classes : new int[] {2, 4}) {
      String loss = classes == 2 ? "logistic" : "softmax";
      List<double[]> data = rows(rnd, classes);
      LinearModel model = model(loss, classes, rnd);
      double right = 0;
      double all = 0;
      double logLoss = 0;
      int n = data.size();
      double[][] probability = new double[n][];
      double[] weight = new double[n];
      for (int i = 0; i < n; i++) {
        double[] r = data.get(i);
        weight[i] = r[FEATURES + 1];
        probability[i] = model.probabilitiesFromMargins(model.margins(x(r)));
        int best = 0;
        for (int c = 1; c < probability[i].length; c++) {
          best = probability[i][c] > probability[i][best] ? c : best;
        }
        all += weight[i];
        right += best == r[FEATURES] ? weight[i] : 0;
        logLoss -= weight[i] * Math.log(probability[i][(int) r[FEATURES]]);
      }
      List<Double> aucs = new ArrayList<>();
      for (int c = classes == 2 ? 1 : 0; c < classes; c++) {
        double[] score = new double[n];
        boolean[] positive = new boolean[n];
        for (int i = 0; i < n; i++) {
          score[i] = probability[i][c];
          positive[i] = data.get(i)[FEATURES] == c;
        }
        aucs.add(mannWhitney(score, positive, weight));
      }
      double auc = aucs.stream().mapToDouble(Double::doubleValue).average().getAsDouble();

      Map<String, Double> m = evaluate(data, model);
      assertEquals(List.of("rows", "accuracy", "logLoss", "auc"), List.copyOf(m.keySet()));
      assertEquals(n, m.get("rows"), 0);
      assertEquals(right / all, m.get("accuracy"), 1e-12, loss);
      assertEquals(logLoss / all, m.get("logLoss"), 1e-9, loss);
      assertEquals(auc, m.get("auc"), 1e-9, loss);
      assertTrue(Math.abs(auc - 0.5) > 0.05 && auc < 0.99 && right / all < 0.95,
          "a test that can tell: " + auc);
      if (classes > 2) {
        assertMicroAucDiffers(data, model, m.get("auc"));
      }
    }
  }

  /**
   * The report's micro-average on the same rows, against its own plain loop (every (row, class)
   * pair one case, scored by the class's probability), is another number: hence its own name.
   */
  private static void assertMicroAucDiffers(List<double[]> data, LinearModel model, double auc) {
    int k = model.numClasses();
    int n = data.size();
    double[] score = new double[n * k];
    boolean[] positive = new boolean[n * k];
    double[] weight = new double[n * k];
    for (int i = 0; i < n; i++) {
      double[] p = model.probabilitiesFromMargins(model.margins(x(data.get(i))));
      for (int c = 0; c < k; c++) {
        score[i * k + c] = p[c];
        positive[i * k + c] = data.get(i)[FEATURES] == c;
        weight[i * k + c] = data.get(i)[FEATURES + 1];
      }
    }
    double micro = mannWhitney(score, positive, weight);
    try (TrainingData cached = TrainingData.of(TrainingInput.frame(frame(data), COLUMNS, "rows",
        LabelDomain.CLASSES, FEATURES, 0, false, Precision.DOUBLE))) {
      ClassifierScores s = ClassifierEvaluation.of(cached, model, "validation", null, 2);
      assertTrue(s.microAveraged());
      assertEquals(micro, s.microAuc(), 1e-9);
      assertEquals(s.auc(), s.microAuc(), 0);
      assertTrue(Math.abs(micro - auc) > 1e-4, micro + " vs " + auc);
    }
  }

  @Test
  void regressionMetricsMatchPlainLoops() {
    Random rnd = new Random(9);
    List<double[]> data = rows(rnd, 0);
    LinearModel model = new LinearModel("squared", FEATURES, 0, new double[][] {{0.8, -1.5,
        0.2}}, new double[] {0.9}, true, Map.of("loss", "squared"));
    double w = 0;
    double se = 0;
    double ae = 0;
    double ys = 0;
    for (double[] r : data) {
      double e = model.margins(x(r))[0] - r[FEATURES];
      w += r[FEATURES + 1];
      se += r[FEATURES + 1] * e * e;
      ae += r[FEATURES + 1] * Math.abs(e);
      ys += r[FEATURES + 1] * r[FEATURES];
    }
    double variance = 0;
    for (double[] r : data) {
      variance += r[FEATURES + 1] * Math.pow(r[FEATURES] - ys / w, 2);
    }
    variance /= w;
    Map<String, Double> m = evaluate(data, model);
    assertEquals(List.of("rows", "mse", "rmse", "mae", "r2"), List.copyOf(m.keySet()));
    assertEquals(se / w, m.get("mse"), 1e-12);
    assertEquals(Math.sqrt(se / w), m.get("rmse"), 1e-12);
    assertEquals(ae / w, m.get("mae"), 1e-12);
    assertEquals(1 - (se / w) / variance, m.get("r2"), 1e-9);
  }
}
