package dev.descent.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.Descent;
import dev.descent.model.LinearModel;
import dev.descent.optim.stopping.EpochRecord;
import dev.descent.optim.stopping.Status;
import dev.descent.testing.SparkTests;
import dev.descent.testing.Synthetic;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.mllib.linalg.Vectors;
import org.apache.spark.mllib.regression.LabeledPoint;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Training against closed-form and independently computed solutions, through the Java API. */
class TrainerTest {
  static final int N = 200;
  static final int D = 5;
  static double[][] x;
  static double[] y;

  @BeforeAll
  static void data() {
    SparkTests.session();
    // Features on different scales and off-centre, so conditioning matters.
    x = Synthetic.design(N, D, 11, new double[] {1, 3, 0.5, 10, 2}, new double[] {0, 5, -1, 20, 0});
    y = Synthetic.linear(x, new double[] {1.5, -2, 0.7, 0.05, 3}, 4, 0.3, 12);
  }

  static JavaRDD<LabeledPoint> rdd(double[][] xs, double[] ys, int partitions) {
    return SparkTests.jsc().parallelize(Synthetic.points(xs, ys), partitions);
  }

  static Descent.Builder squared() {
    return Descent.trainer().set("loss", "squared");
  }

  static double[] flat(LinearModel m) {
    double[] w = Arrays.copyOf(m.weights(0), m.numFeatures() + 1);
    w[m.numFeatures()] = m.intercept(0);
    return w;
  }

  static void assertClose(double[] expected, double[] actual, double tolerance) {
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], actual[i], tolerance * Math.max(1, Math.abs(expected[i])),
          "coordinate " + i + " of " + Arrays.toString(actual));
    }
  }

  @Test
  void leastSquaresConvergesToTheNormalEquations() {
    double[] exact = Synthetic.ridge(x, y, 0);
    TrainResult lbfgs = squared().set("optimizer", "lbfgs").set("epochs", "200")
        .set("tolerance", "1e-15").set("standardize", "false").fit(rdd(x, y, 4));
    assertClose(exact, flat(lbfgs.model()), 1e-8);
    TrainResult gd = squared().set("optimizer", "sgd").set("learningRate", "auto")
        .set("epochs", "500").set("tolerance", "1e-15").fit(rdd(x, y, 4));
    assertClose(exact, flat(gd.model()), 1e-7);
  }

  @Test
  void ridgeMatchesItsClosedForm() {
    double lambda = 0.3;
    double[] exact = Synthetic.ridge(x, y, lambda);
    TrainResult r = squared().set("optimizer", "lbfgs").set("regParam", "0.3")
        .set("standardize", "false").set("epochs", "300").set("tolerance", "1e-15")
        .fit(rdd(x, y, 3));
    assertClose(exact, flat(r.model()), 1e-8);
    assertEquals(Synthetic.elasticNetObjective(x, y, exact, lambda, 0), r.finalObjective(), 1e-10);
  }

  @Test
  void lassoAndElasticNetMatchCoordinateDescent() {
    // Well-conditioned features, so that proximal gradient descent also gets there quickly.
    double[][] xs = Synthetic.design(N, D, 21, new double[] {1, 1, 1, 1, 1}, new double[D]);
    double[] ys = Synthetic.linear(xs, new double[] {1.5, -2, 0.1, 0.05, 3}, 4, 0.3, 22);
    double lambda = 0.4;
    for (double alpha : new double[] {1.0, 0.5}) {
      double[] exact = Synthetic.elasticNet(xs, ys, lambda, alpha);
      assertTrue(Arrays.stream(exact).limit(D).anyMatch(v -> v == 0), "want an exact zero");
      double best = Synthetic.elasticNetObjective(xs, ys, exact, lambda, alpha);
      Descent.Builder b = squared().set("regParam", Double.toString(lambda))
          .set("elasticNet", Double.toString(alpha)).set("standardize", "false")
          .set("tolerance", "1e-15");
      TrainResult owlqn = b.set("optimizer", "lbfgs").set("epochs", "500").fit(rdd(xs, ys, 4));
      assertClose(exact, flat(owlqn.model()), 1e-6);
      TrainResult prox = b.set("optimizer", "sgd").set("epochs", "400").fit(rdd(xs, ys, 2));
      assertEquals(best, prox.finalObjective(), 1e-9 * best, "proximal gradient, alpha=" + alpha);
      for (TrainResult r : List.of(owlqn, prox)) {
        double[] w = r.model().weights(0);
        for (int j = 0; j < D; j++) {
          if (exact[j] == 0) {
            assertEquals(0.0, w[j], "exact zero kept (alpha=" + alpha + ")");
          }
        }
      }
    }
  }

  @Test
  void fourPartitionsEqualOnePartitionAndThePerRowLoop() {
    Descent.Builder b = squared().set("optimizer", "sgd").set("learningRate", "0.002")
        .set("standardize", "false").set("epochs", "30").set("tolerance", "0");
    double[] four = flat(b.fit(rdd(x, y, 4)).model());
    double[] one = flat(b.fit(rdd(x, y, 1)).model());
    // Plain full-batch gradient descent, one row at a time, on the driver.
    double[] w = new double[D + 1];
    for (int epoch = 0; epoch < 30; epoch++) {
      double[] g = new double[D + 1];
      for (int i = 0; i < N; i++) {
        double m = w[D];
        for (int j = 0; j < D; j++) {
          m += w[j] * x[i][j];
        }
        double r = 2 * (m - y[i]) / N;
        for (int j = 0; j < D; j++) {
          g[j] += r * x[i][j];
        }
        g[D] += r;
      }
      for (int j = 0; j <= D; j++) {
        w[j] -= 0.002 * g[j];
      }
    }
    assertClose(one, four, 1e-9);
    assertClose(w, four, 1e-9);
  }

  @Test
  void standardizingDoesNotChangeTheUnpenalizedOptimum() {
    double[] plain = flat(squared().set("optimizer", "lbfgs").set("standardize", "false")
        .set("epochs", "200").set("tolerance", "1e-15").fit(rdd(x, y, 2)).model());
    double[] standardized = flat(squared().set("optimizer", "lbfgs").set("standardize", "true")
        .set("epochs", "200").set("tolerance", "1e-15").fit(rdd(x, y, 2)).model());
    assertClose(plain, standardized, 1e-8);
  }

  @Test
  void standardizingSpeedsUpGradientDescentOnBadlyScaledFeatures() {
    Descent.Builder b = squared().set("optimizer", "sgd").set("learningRate", "auto")
        .set("epochs", "100").set("tolerance", "0");
    double best = Synthetic.elasticNetObjective(x, y, Synthetic.ridge(x, y, 0), 0, 0);
    double raw = b.set("standardize", "false").fit(rdd(x, y, 2)).finalObjective();
    double scaled = b.set("standardize", "true").fit(rdd(x, y, 2)).finalObjective();
    assertTrue(scaled - best < 1e-9 * best, "standardized gap " + (scaled - best));
    assertTrue(raw - best > 1e-3 * best, "raw features should still be far: " + (raw - best));
  }

  @Test
  void autoLearningRateStaysBelowTheStableLimit() {
    TrainResult r = squared().set("optimizer", "sgd").set("learningRate", "auto")
        .set("standardize", "false").set("epochs", "50").set("tolerance", "0").fit(rdd(x, y, 3));
    assertFalse(r.diverged());
    // The exact curvature: 2 * largest eigenvalue of the augmented second-moment matrix.
    double[][] s = new double[D + 1][D + 1];
    for (int i = 0; i < N; i++) {
      for (int p = 0; p <= D; p++) {
        for (int q = 0; q <= D; q++) {
          s[p][q] += (p < D ? x[i][p] : 1) * (q < D ? x[i][q] : 1) / N;
        }
      }
    }
    double lambda = largestEigenvalue(s);
    assertEquals(2 * lambda, r.run().curvature(), 2e-3 * 2 * lambda);
    assertTrue(r.run().learningRate() < 2 / (2 * lambda));
  }

  @Test
  void instanceWeightsEqualRepeatedRows() {
    // Row i weighted w_i in a DataFrame == row i repeated w_i times.
    int[] repeats = new int[N];
    List<Row> weighted = new ArrayList<>();
    List<LabeledPoint> repeated = new ArrayList<>();
    for (int i = 0; i < N; i++) {
      repeats[i] = 1 + i % 3;
      weighted.add(RowFactory.create(y[i], org.apache.spark.ml.linalg.Vectors.dense(x[i]),
          (double) repeats[i]));
      for (int k = 0; k < repeats[i]; k++) {
        repeated.add(new LabeledPoint(y[i], Vectors.dense(x[i])));
      }
    }
    StructType schema = new StructType(new StructField[] {
        DataTypes.createStructField("label", DataTypes.DoubleType, false),
        DataTypes.createStructField("features", new VectorUDT(), false),
        DataTypes.createStructField("w", DataTypes.DoubleType, false)});
    Dataset<Row> df = SparkTests.session().createDataFrame(weighted, schema).repartition(3);
    Descent.Builder b = squared().set("optimizer", "lbfgs").set("regParam", "0.1")
        .set("epochs", "200").set("tolerance", "1e-15");
    double[] fromWeights = flat(b.set("weightColumn", "w").fit(df).model());
    double[] fromRepeats = flat(Descent.trainer().set("loss", "squared").set("optimizer", "lbfgs")
        .set("regParam", "0.1").set("epochs", "200").set("tolerance", "1e-15")
        .fit(SparkTests.jsc().parallelize(repeated, 3)).model());
    assertClose(fromRepeats, fromWeights, 1e-8);
  }

  @Test
  void dataFrameAndLabeledPointInputsTrainTheSameModel() {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < N; i++) {
      rows.add(RowFactory.create(y[i], org.apache.spark.ml.linalg.Vectors.dense(x[i])));
    }
    StructType schema = new StructType(new StructField[] {
        DataTypes.createStructField("label", DataTypes.DoubleType, false),
        DataTypes.createStructField("features", new VectorUDT(), false)});
    Dataset<Row> df = SparkTests.session().createDataFrame(rows, schema).coalesce(2);
    Descent.Builder b = squared().set("optimizer", "sgd").set("learningRate", "0.01")
        .set("standardize", "true").set("epochs", "20").set("tolerance", "0");
    assertArrayEquals(flat(b.fit(rdd(x, y, 2)).model()), flat(b.fit(df).model()), 1e-12);
  }

  @Test
  void miniBatchesAreReproducibleFromTheSeedAndConverge() {
    Descent.Builder b = squared().set("optimizer", "sgd").set("batchSize", "16")
        .set("learningRate", "auto").set("schedule", "step").set("decayEvery", "8")
        .set("epochs", "60").set("tolerance", "0");
    TrainResult first = b.set("seed", "7").fit(rdd(x, y, 4));
    TrainResult again = b.set("seed", "7").fit(rdd(x, y, 4));
    TrainResult other = b.set("seed", "8").fit(rdd(x, y, 4));
    assertArrayEquals(flat(first.model()), flat(again.model()), 0.0);
    assertNotEquals(flat(first.model())[0], flat(other.model())[0]);
    assertEquals(13, first.history().get(0).passes(), "ceil(200 / 16) steps per epoch");
    double best = Synthetic.elasticNetObjective(x, y, Synthetic.ridge(x, y, 0), 0, 0);
    assertTrue(first.finalObjective() < best * 1.001, "mini-batch SGD ended at "
        + first.finalObjective() + " vs optimum " + best);
  }

  /**
   * Partitions large enough for steps to read groups of adjacent rows (20,000 rows, 10% batches:
   * groups of 32; BatchPlan), from rows given sorted by their label: mini-batch runs with and
   * without local steps still reach the optimum (the default schedule decays over the epochs).
   */
  @Test
  void groupedBatchesFromSortedRowsReachTheOptimum() {
    int n = 40_000;
    double[][] xs = Synthetic.design(n, D, 21, new double[] {1, 3, 0.5, 10, 2},
        new double[] {0, 5, -1, 20, 0});
    double[] ys = Synthetic.linear(xs, new double[] {1.5, -2, 0.7, 0.05, 3}, 4, 0.3, 22);
    Integer[] order = java.util.stream.IntStream.range(0, n).boxed().toArray(Integer[]::new);
    Arrays.sort(order, java.util.Comparator.comparingDouble(i -> ys[i]));
    double[][] sx = new double[n][];
    double[] sy = new double[n];
    for (int i = 0; i < n; i++) {
      sx[i] = xs[order[i]];
      sy[i] = ys[order[i]];
    }
    assertEquals(32, BatchPlan.groupSize(n / 2, 10));
    double best = Synthetic.elasticNetObjective(sx, sy, Synthetic.ridge(sx, sy, 0), 0, 0);
    for (String sync : new String[] {"step", "epoch"}) {
      TrainResult r = squared().set("optimizer", "sgd").set("batchSize", "10%")
          .set("syncEvery", sync).set("epochs", "30").set("tolerance", "0")
          .fit(rdd(sx, sy, 2));
      assertTrue(r.finalObjective() < best * 1.001, "syncEvery=" + sync + " ended at "
          + r.finalObjective() + " vs optimum " + best);
    }
  }

  @Test
  void aHugeLearningRateStopsAtTheFirstNonFiniteEpoch() {
    double[][] xs = {{1}, {2}, {3}, {4}, {5}};
    double[] ys = {3, 5, 7, 9, 11};
    TrainResult r = squared().set("learningRate", "10").set("standardize", "false")
        .set("epochs", "10000").fit(rdd(xs, ys, 2));
    assertEquals(Status.DIVERGED, r.status());
    assertTrue(r.history().size() < 1000, "stopped after " + r.history().size() + " epochs");
    EpochRecord last = r.history().get(r.history().size() - 1);
    assertFalse(Double.isFinite(last.objective()) && Double.isFinite(last.gradientNorm()));
    assertTrue(r.advice().contains("above the stable limit ~0.085"), r.advice());
  }

  @Test
  void theFoundingExampleDivergesWithAdvice() {
    double[][] xs = {{1}, {2}, {3}, {4}, {5}};
    double[] ys = {3, 5, 7, 9, 11};
    TrainResult r = squared().set("learningRate", "0.1").set("standardize", "false")
        .set("epochs", "20").set("tolerance", "0").fit(rdd(xs, ys, 2));
    assertEquals(Status.DIVERGED, r.status());
    assertEquals(20, r.history().size());
    assertEquals(57.0, r.initialObjective(), 1e-12);
    assertEquals(8036431.8320, r.history().get(19).loss(), 5e-5);
    assertEquals(-1083.0719, r.model().weights(0)[0], 5e-5);
    assertEquals(-299.7717, r.model().intercept(0), 5e-5);
    assertTrue(r.advice().contains("~0.085"), r.advice());
    assertTrue(r.advice().contains("learningRate=auto"), r.advice());
  }

  @Test
  void hingeSeparatesSeparableData() {
    double[][] xs = Synthetic.design(300, 2, 5, new double[] {1, 1}, new double[] {0, 0});
    double[] labels = new double[300];
    List<double[]> kept = new ArrayList<>();
    List<Double> keptLabels = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      double s = xs[i][0] + 2 * xs[i][1] - 0.5;
      if (Math.abs(s) > 0.3) { // a margin around the true boundary
        kept.add(xs[i]);
        keptLabels.add(s > 0 ? 1.0 : -1.0);
      }
      labels[i] = s;
    }
    double[][] kx = kept.toArray(new double[0][]);
    double[] ky = keptLabels.stream().mapToDouble(Double::doubleValue).toArray();
    TrainResult r = Descent.trainer().set("loss", "hinge").set("optimizer", "sgd")
        .set("learningRate", "auto").set("epochs", "300").set("tolerance", "0")
        .fit(rdd(kx, ky, 3));
    LinearModel m = r.model();
    int correct = 0;
    for (int i = 0; i < kx.length; i++) {
      double predicted = m.predict(kx[i]);
      correct += predicted == (ky[i] > 0 ? 1 : 0) ? 1 : 0;
    }
    assertEquals(kx.length, correct, "every row of separable data classified right");
    assertTrue(r.finalObjective() < 0.05 * r.initialObjective());
  }

  private static double largestEigenvalue(double[][] s) {
    double[] v = new double[s.length];
    Arrays.fill(v, 1);
    double lambda = 0;
    for (int it = 0; it < 10_000; it++) {
      double[] u = new double[v.length];
      for (int p = 0; p < v.length; p++) {
        for (int q = 0; q < v.length; q++) {
          u[p] += s[p][q] * v[q];
        }
      }
      double norm = Math.sqrt(Arrays.stream(u).map(a -> a * a).sum());
      lambda = norm;
      for (int p = 0; p < v.length; p++) {
        v[p] = u[p] / norm;
      }
    }
    return lambda;
  }
}
