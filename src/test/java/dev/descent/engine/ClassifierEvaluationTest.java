package dev.descent.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.Descent;
import dev.descent.data.LabelDomain;
import dev.descent.data.Precision;
import dev.descent.input.FrameColumns;
import dev.descent.input.TrainingInput;
import dev.descent.model.LinearModel;
import dev.descent.testing.Reference;
import dev.descent.testing.SparkTests;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
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
 * The report's ROC curve and confusion matrix against plain per-row loops: the confusion matrix
 * summed row by row, the AUC as the weighted Mann-Whitney statistic over all (positive,
 * negative) pairs, and the curve's points as vertices of the exact ROC curve.
 */
class ClassifierEvaluationTest {
  private static final int N = 400;
  private static final int D = 3;
  private static final int PARTITIONS = 4;

  /** Features in {-1, 0, 1, 2}, so that many rows share a score (ties); weights, some 0. */
  private record Data(double[][] x, double[] y, double[] w) {}

  private static Data data(int classes, long seed) {
    Random r = new Random(seed);
    double[][] x = new double[N][D];
    double[] y = new double[N];
    double[] w = new double[N];
    for (int i = 0; i < N; i++) {
      double s = 0;
      for (int j = 0; j < D; j++) {
        x[i][j] = r.nextInt(4) - 1;
        s += (j + 1) * x[i][j];
      }
      double noisy = s + 2 * r.nextGaussian();
      y[i] = classes == 2 ? (noisy > 1.5 ? 1 : 0) : (noisy < 0 ? 0 : noisy < 4 ? 1 : 2);
      int c = r.nextInt(8);
      w[i] = c == 0 ? 0 : c == 1 ? 1 : 0.25 + 2 * r.nextDouble();
    }
    return new Data(x, y, w);
  }

  private static TrainingData cached(Data d, LabelDomain domain) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < N; i++) {
      rows.add(RowFactory.create(d.y[i], Vectors.dense(d.x[i]), d.w[i]));
    }
    StructType schema = new StructType(new StructField[] {
        DataTypes.createStructField("label", DataTypes.DoubleType, false),
        DataTypes.createStructField("features", new VectorUDT(), false),
        DataTypes.createStructField("w", DataTypes.DoubleType, false)});
    Dataset<Row> df = SparkTests.session().createDataFrame(
        SparkTests.jsc().parallelize(rows, PARTITIONS), schema);
    return TrainingData.of(TrainingInput.frame(df, new FrameColumns("label", "features", null,
        "w"), "test rows", domain, 0, 0, false, Precision.DOUBLE));
  }

  private static double[] margins(LinearModel m, double[] x) {
    return m.margins(x);
  }

  /** Exact ROC vertices: after each distinct score, from the highest, (FPR, TPR) so far. */
  private static List<double[]> exactRoc(double[] score, double[] positive, double[] w) {
    TreeMap<Double, double[]> byScore = new TreeMap<>();
    double p = 0;
    double n = 0;
    for (int i = 0; i < score.length; i++) {
      double[] c = byScore.computeIfAbsent(score[i], s -> new double[2]);
      c[positive[i] == 1 ? 0 : 1] += w[i];
      p += positive[i] == 1 ? w[i] : 0;
      n += positive[i] == 1 ? 0 : w[i];
    }
    List<double[]> out = new ArrayList<>();
    out.add(new double[] {0, 0});
    double tp = 0;
    double fp = 0;
    for (Map.Entry<Double, double[]> e : byScore.descendingMap().entrySet()) {
      tp += e.getValue()[0];
      fp += e.getValue()[1];
      out.add(new double[] {fp / n, tp / p});
    }
    out.add(new double[] {1, 1});
    return out;
  }

  /** Weighted Mann-Whitney: P(score of a positive > score of a negative), ties counting half. */
  static double mannWhitney(double[] score, double[] positive, double[] w) {
    double sum = 0;
    double p = 0;
    double n = 0;
    for (int i = 0; i < score.length; i++) {
      if (positive[i] == 1) {
        p += w[i];
      } else {
        n += w[i];
      }
    }
    for (int i = 0; i < score.length; i++) {
      if (positive[i] != 1) {
        continue;
      }
      for (int j = 0; j < score.length; j++) {
        if (positive[j] != 1) {
          double wins = score[i] > score[j] ? 1 : score[i] == score[j] ? 0.5 : 0;
          sum += w[i] * w[j] * wins;
        }
      }
    }
    return sum / (p * n);
  }

  private static void assertOnCurve(List<double[]> exact, ClassifierScores s) {
    double[] fpr = s.falsePositiveRate();
    double[] tpr = s.truePositiveRate();
    assertEquals(0, fpr[0], 0);
    assertEquals(0, tpr[0], 0);
    assertEquals(1, fpr[fpr.length - 1], 1e-12);
    assertEquals(1, tpr[tpr.length - 1], 1e-12);
    int at = 0;
    for (int i = 0; i < fpr.length; i++) {
      // Each point is a vertex of the exact curve, in the curve's order.
      while (at < exact.size() && (Math.abs(exact.get(at)[0] - fpr[i]) > 1e-12
          || Math.abs(exact.get(at)[1] - tpr[i]) > 1e-12)) {
        at++;
      }
      assertTrue(at < exact.size(), "point " + i + " (" + fpr[i] + ", " + tpr[i]
          + ") is not a vertex of the exact ROC curve after the previous point");
    }
  }

  @Test
  void binaryConfusionMatrixAucAndRocMatchPlainLoops() {
    Data d = data(2, 3);
    LinearModel model = new LinearModel("logistic", D, 2, new double[][] {{0.9, 2.1, 2.8}},
        new double[] {-1.7}, true, Map.of());
    double[] score = new double[N];
    double[][] confusion = new double[2][2];
    for (int i = 0; i < N; i++) {
      score[i] = margins(model, d.x[i])[0];
      confusion[(int) d.y[i]][score[i] > 0 ? 1 : 0] += d.w[i];
    }
    List<double[]> exact = exactRoc(score, d.y, d.w);
    double auc = mannWhitney(score, d.y, d.w);

    try (TrainingData data = cached(d, LabelDomain.BINARY)) {
      ClassifierScores all = ClassifierEvaluation.of(data, model, "training", null, 2);
      ClassifierScores binned = ClassifierEvaluation.of(data, model, "training", null, 2, 12);

      assertEquals("training", all.data());
      assertEquals(N, all.rows());
      assertTrue(!all.microAveraged());
      for (int t = 0; t < 2; t++) {
        for (int p = 0; p < 2; p++) {
          assertEquals(confusion[t][p], all.confusion()[t][p], 1e-9, "cell " + t + "," + p);
        }
      }
      assertEquals(auc, all.auc(), 1e-12);
      assertEquals(auc, binned.auc(), 1e-12, "the AUC is exact whatever the bins");
      // Fewer distinct scores than 2 x 200 bins: every vertex, in order.
      assertEquals(exact.size(), all.falsePositiveRate().length);
      assertOnCurve(exact, all);
      // 12 bins: a subsequence of the vertices, about 12 points per partition boundary.
      assertOnCurve(exact, binned);
      int points = binned.falsePositiveRate().length;
      assertTrue(points < exact.size() && points <= 2 * 12 + PARTITIONS + 2,
          points + " points of " + exact.size());
    }
  }

  @Test
  void softmaxIsMicroAveragedOverLogProbabilities() {
    Data d = data(3, 5);
    LinearModel model = new LinearModel("softmax", D, 3, new double[][] {
        {-1, -1.5, -2}, {0.1, 0.2, 0.1}, {1, 1.8, 2.2}}, new double[] {1, 0.5, -1.5}, true,
        Map.of());
    double[] score = new double[N * 3];
    double[] positive = new double[N * 3];
    double[] weight = new double[N * 3];
    double[][] confusion = new double[3][3];
    for (int i = 0; i < N; i++) {
      double[] m = margins(model, d.x[i]);
      // log p_c = m_c - log sum_k e^(m_k), shifted by the largest margin. Rounded as there, so
      // that mathematically tied scores (these features make many) stay tied.
      double max = Math.max(m[0], Math.max(m[1], m[2]));
      double logSum = max + Math.log(Math.exp(m[0] - max) + Math.exp(m[1] - max)
          + Math.exp(m[2] - max));
      for (int c = 0; c < 3; c++) {
        score[i * 3 + c] = m[c] - logSum;
        positive[i * 3 + c] = d.y[i] == c ? 1 : 0;
        weight[i * 3 + c] = d.w[i];
      }
      confusion[(int) d.y[i]][(int) model.predictFromMargins(m)] += d.w[i];
    }
    double auc = mannWhitney(score, positive, weight);

    try (TrainingData data = cached(d, LabelDomain.CLASSES)) {
      ClassifierScores s = ClassifierEvaluation.of(data, model, "validation", null, 2);

      assertTrue(s.microAveraged());
      assertEquals(3, s.numClasses());
      for (int t = 0; t < 3; t++) {
        for (int p = 0; p < 3; p++) {
          assertEquals(confusion[t][p], s.confusion()[t][p], 1e-9, "cell " + t + "," + p);
        }
      }
      assertEquals(auc, s.auc(), 1e-12);
      assertTrue(s.falsePositiveRate().length <= 2 * ClassifierEvaluation.ROC_BINS
          + PARTITIONS + 2);
    }
  }

  @Test
  void classWeightsAreDividedOutOfTheCounts() {
    Data d = data(2, 11);
    LinearModel model = new LinearModel("hinge", D, 2, new double[][] {{1, 2, 3}},
        new double[] {-2}, true, Map.of());
    double[] factors = {0.6, 2.5};
    try (TrainingData plain = cached(d, LabelDomain.BINARY)) {
      ClassifierScores before = ClassifierEvaluation.of(plain, model, "training", null, 2);
      try (TrainingData reweighted = cached(d, LabelDomain.BINARY).reweighted(factors)) {
        ClassifierScores undone = ClassifierEvaluation.of(reweighted, model, "training", factors,
            2);
        ClassifierScores kept = ClassifierEvaluation.of(reweighted, model, "training", null, 2);
        for (int t = 0; t < 2; t++) {
          for (int p = 0; p < 2; p++) {
            assertEquals(before.confusion()[t][p], undone.confusion()[t][p], 1e-9);
            assertEquals(before.confusion()[t][p] * factors[t], kept.confusion()[t][p], 1e-9);
          }
        }
        assertEquals(before.auc(), undone.auc(), 1e-12);
      }
    }
  }

  @Test
  void trainingScoresTheValidationRowsOfAClassifierAndNothingForRegression() {
    TrainResult r = Descent.trainer().scoreClassifiers(true).set("input", Reference.data("wine_binary_std"))
        .set("loss", "logistic").set("optimizer", "lbfgs").set("epochs", "30")
        .set("validationFraction", "0.25").fit(SparkTests.jsc());
    ClassifierScores s = r.scores();
    assertEquals("validation", s.data());
    assertTrue(r.data().validationRows() > 0);
    assertEquals(r.data().validationRows(), s.rows());
    double total = 0;
    for (double[] line : s.confusion()) {
      for (double v : line) {
        total += v;
      }
    }
    assertEquals(r.data().validationRows(), total, 1e-9, "every validation row weighs 1");
    assertEquals(r.history().get(r.history().size() - 1).validationAccuracy(), s.accuracy(),
        1e-12, "the last epoch's validation accuracy is that of the returned model");

    TrainResult regression = Descent.trainer().scoreClassifiers(true).set("input", "data/linear.csv")
        .set("header", "true").set("labelColumn", "y").set("epochs", "3").fit(SparkTests.jsc());
    assertNull(regression.scores());
    TrainResult unasked = Descent.trainer().set("input", Reference.data("wine_binary_std"))
        .set("loss", "logistic").set("epochs", "2").fit(SparkTests.jsc());
    assertNull(unasked.scores(), "no scoring passes unless asked for");
  }
}
