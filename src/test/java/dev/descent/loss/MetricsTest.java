package dev.descent.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.data.Block;
import dev.descent.testing.TestRows;
import dev.descent.testing.TestRows.Row;
import dev.descent.testing.TestRows.Shape;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each metric's one definition ({@link Metrics}) against a plain loop over rows written from the
 * metric's description, and the per-epoch validation accuracy ({@link ValidationAggregator},
 * blocked) against the same loop.
 */
class MetricsTest {

  /** Margins of each row (intercept 0), computed the plain way. */
  private static double[][] margins(List<Row> rows, double[] coef, int width, int k) {
    double[][] m = new double[rows.size()][k];
    for (int r = 0; r < rows.size(); r++) {
      Row row = rows.get(r);
      for (int c = 0; c < k; c++) {
        for (int i = 0; i < row.indices().length; i++) {
          m[r][c] += coef[c * width + row.indices()[i]] * row.values()[i];
        }
      }
    }
    return m;
  }

  /** The predicted class written out: the sign of the margin, or the largest margin. */
  private static int predicted(double[] m) {
    if (m.length == 1) {
      return m[0] > 0 ? 1 : 0;
    }
    int best = 0;
    for (int c = 1; c < m.length; c++) {
      if (m[c] > m[best]) {
        best = c;
      }
    }
    return best;
  }

  @Test
  void accuracyIsTheWeightOfRightPredictionsOverAllWeight() {
    Random rnd = new Random(7);
    for (Object[] c : new Object[][] {{new LogisticLoss(), 2}, {new HingeLoss(), 2},
        {new SoftmaxLoss(), 4}}) {
      Loss loss = (Loss) c[0];
      int classes = (int) c[1];
      int width = 6;
      int k = loss.outputs(classes);
      List<Row> rows = TestRows.random(rnd, 301, width, Shape.DENSE, loss, classes, true);
      double[] coef = TestRows.gaussian(rnd, k * width, 1);
      double[][] m = margins(rows, coef, width, k);
      double right = 0;
      double all = 0;
      double[][] confusion = new double[Math.max(2, classes)][Math.max(2, classes)];
      for (int r = 0; r < rows.size(); r++) {
        double w = rows.get(r).weight();
        int p = predicted(m[r]);
        all += w;
        right += p == rows.get(r).label() ? w : 0;
        confusion[(int) rows.get(r).label()][p] += w;
        assertEquals(p == rows.get(r).label(),
            Metrics.correct(loss, m[r], 0, k, rows.get(r).label()), loss.name());
      }
      double expected = right / all;
      assertTrue(expected > 0.05 && expected < 0.95, "a test that can tell: " + expected);
      assertEquals(expected, Metrics.accuracy(right, all), 0);
      assertEquals(expected, Metrics.accuracy(confusion), 1e-12, loss.name());

      ParameterLayout layout = new ParameterLayout(width, k, false);
      ValidationAggregator v = new ValidationAggregator();
      for (Block b : TestRows.pack(rows, 2048)) {
        v.add(b, coef, layout, loss);
      }
      assertEquals(expected, v.accuracy(loss), 1e-12, "validation accuracy, " + loss.name());
    }
  }

  @Test
  void classScoresAreTheSoftmaxLogOddsAndLogProbability() {
    Random rnd = new Random(11);
    for (int t = 0; t < 200; t++) {
      int k = 2 + rnd.nextInt(5);
      double[] m = TestRows.gaussian(rnd, k + 3, 4);
      int off = 3;
      double sum = 0;
      for (int c = 0; c < k; c++) {
        sum += Math.exp(m[off + c]);
      }
      double lse = Metrics.logSumExp(m, off, k);
      assertEquals(Math.log(sum), lse, 1e-12);
      for (int c = 0; c < k; c++) {
        double p = Math.exp(m[off + c]) / sum;
        assertEquals(Math.log(p / (1 - p)), Metrics.logOdds(m, off, k, c), 1e-9);
        assertEquals(Math.log(p), Metrics.logProbability(m, off, c, lse), 1e-12);
      }
    }
    double[] overflowed = {Double.NEGATIVE_INFINITY, 3, Double.NEGATIVE_INFINITY};
    assertEquals(Double.POSITIVE_INFINITY, Metrics.logOdds(overflowed, 0, 3, 1));
  }

  @Test
  void multiclassAucIsTheMeanOfTheDefinedOneVsRestAucs() {
    assertEquals((0.5 + 0.75 + 1.0) / 3, Metrics.meanAuc(new double[] {0.5, Double.NaN, 0.75,
        1.0}), 1e-15);
    assertTrue(Double.isNaN(Metrics.meanAuc(new double[] {Double.NaN, Double.NaN})));
  }

  /**
   * Regression metrics from the rows' sums and label moments against the plain two-pass forms,
   * for labels around 3 and around 1e9 (spread 2: where a sum of the labels' squares leaves no
   * digit of their variance), the labels' moments accumulated in three parts and merged.
   */
  @ParameterizedTest
  @ValueSource(doubles = {3, 1e9})
  void regressionMetricsFromWeightedSums(double centre) {
    Random rnd = new Random(3);
    int n = 500;
    double[] y = new double[n];
    double[] f = new double[n];
    double[] w = new double[n];
    double loss = 0;
    double abs = 0;
    double weight = 0;
    Metrics.LabelMoments[] parts = {new Metrics.LabelMoments(), new Metrics.LabelMoments(),
        new Metrics.LabelMoments()};
    for (int i = 0; i < n; i++) {
      y[i] = centre + 2 * rnd.nextGaussian();
      f[i] = y[i] + rnd.nextGaussian();
      w[i] = i % 50 == 0 ? 0 : rnd.nextDouble() * 2;
      loss += w[i] * (f[i] - y[i]) * (f[i] - y[i]);
      abs += w[i] * Math.abs(f[i] - y[i]);
      weight += w[i];
      parts[i * 3 / n].add(y[i], w[i]);
    }
    // The plain two-pass forms: weighted mean, then squared deviations from it.
    double ys = 0;
    for (int i = 0; i < n; i++) {
      ys += w[i] * (y[i] - centre);
    }
    double mean = centre + ys / weight;
    double mse = loss / weight;
    double variance = 0;
    for (int i = 0; i < n; i++) {
      variance += w[i] * (y[i] - mean) * (y[i] - mean);
    }
    variance /= weight;
    Metrics.LabelMoments labels = parts[2].merge(parts[0]).merge(parts[1]);
    assertEquals(mean, labels.mean(), 1e-14 * Math.abs(mean));
    Metrics.Regression r = Metrics.Regression.of(loss, abs, labels.deviations(), weight);
    assertEquals(mse, r.mse(), 1e-12);
    assertEquals(Math.sqrt(mse), r.rmse(), 1e-12);
    assertEquals(abs / weight, r.mae(), 1e-12);
    assertEquals(1 - mse / variance, r.r2(), 1e-9);
    assertTrue(r.r2() > 0.5 && r.r2() < 0.95, "a test that can tell: " + r.r2());
    Metrics.LabelMoments constant = new Metrics.LabelMoments().add(centre, 1).add(centre, 2);
    assertTrue(Double.isNaN(Metrics.Regression.of(1, 1, constant.deviations(), 3).r2()),
        "constant labels");
  }
}
