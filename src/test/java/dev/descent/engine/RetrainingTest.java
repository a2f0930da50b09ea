package dev.descent.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.Descent;
import dev.descent.config.ConfigException;
import dev.descent.data.DataException;
import dev.descent.model.LinearModel;
import dev.descent.model.ModelJson;
import dev.descent.optim.stopping.EpochRecord;
import dev.descent.optim.stopping.Status;
import dev.descent.testing.Reference;
import dev.descent.testing.SparkTests;
import dev.descent.testing.Synthetic;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.mllib.regression.LabeledPoint;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scheduled retraining: warm starts, a prior on yesterday's weights, validation, class weights. */
class RetrainingTest {
  static final int N = 240;
  static final int D = 4;
  static double[][] x;
  static double[] y;

  @BeforeAll
  static void data() {
    SparkTests.session();
    x = Synthetic.design(N, D, 31, new double[] {1, 2, 1, 0.5}, new double[] {1, 0, -2, 0});
    y = Synthetic.linear(x, new double[] {2, -1, 0.5, 3}, -1, 0.5, 32);
  }

  static JavaRDD<LabeledPoint> rdd() {
    return SparkTests.jsc().parallelize(Synthetic.points(x, y), 3);
  }

  static Path save(LinearModel m, Path dir) throws IOException {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("model.json"), ModelJson.toString(m));
    return dir;
  }

  static Descent.Builder lbfgs() {
    return Descent.trainer().set("loss", "squared").set("optimizer", "lbfgs")
        .set("standardize", "false").set("epochs", "200").set("tolerance", "1e-15");
  }

  @Test
  void aWarmStartFromTheOptimumStaysThere(@TempDir Path tmp) throws IOException {
    TrainResult first = lbfgs().fit(rdd());
    Path model = save(first.model(), tmp.resolve("yesterday"));
    TrainResult again = Descent.trainer().set("loss", "squared").set("standardize", "true")
        .set("learningRate", "0.01").set("epochs", "3").set("tolerance", "0")
        .set("initialModel", model.toString()).fit(rdd());
    assertEquals(first.finalObjective(), again.initialObjective(), 1e-9 * first.finalObjective(),
        "training starts at yesterday's model (through the standardization round trip)");
    assertEquals(first.finalObjective(), again.finalObjective(), 1e-9 * first.finalObjective());
  }

  @Test
  void aPriorOnYesterdaysWeightsMatchesItsClosedForm(@TempDir Path tmp) throws IOException {
    double[] w0 = {1, 1, 1, 1};
    LinearModel yesterday = new LinearModel("squared", D, 0, new double[][] {w0},
        new double[] {0.5}, true, java.util.Map.of());
    double mu = 0.7;
    TrainResult r = lbfgs().set("initialModel", save(yesterday, tmp.resolve("m")).toString())
        .set("priorRegParam", Double.toString(mu)).fit(rdd());
    // (2/n) X~^T (X~ z - y) + mu (w - w0) = 0, intercept unpenalized.
    double[][] a = new double[D + 1][D + 1];
    double[] c = new double[D + 1];
    for (int i = 0; i < N; i++) {
      for (int p = 0; p <= D; p++) {
        double xp = p < D ? x[i][p] : 1;
        c[p] += 2.0 / N * xp * y[i];
        for (int q = 0; q <= D; q++) {
          a[p][q] += 2.0 / N * xp * (q < D ? x[i][q] : 1);
        }
      }
    }
    for (int p = 0; p < D; p++) {
      a[p][p] += mu;
      c[p] += mu * w0[p];
    }
    double[] exact = Synthetic.solve(a, c);
    double[] w = r.model().weights(0);
    for (int j = 0; j < D; j++) {
      assertEquals(exact[j], w[j], 1e-8, "weight " + j);
    }
    assertEquals(exact[D], r.model().intercept(0), 1e-8);
    // The prior pulls towards yesterday: closer to w0 than the unregularized fit.
    double[] free = lbfgs().fit(rdd()).model().weights(0);
    assertTrue(distance(w, w0) < distance(free, w0));
  }

  @Test
  void warmStartChecksTheModelFitsTheRun(@TempDir Path tmp) throws IOException {
    LinearModel narrow = new LinearModel("squared", D - 1, 0, new double[][] {{1, 1, 1}},
        new double[] {0}, true, java.util.Map.of());
    DataException dims = assertThrows(DataException.class, () -> lbfgs()
        .set("initialModel", save(narrow, tmp.resolve("n")).toString()).fit(rdd()));
    assertTrue(dims.getMessage().contains("initialModel has 3"), dims.getMessage());
    LinearModel logistic = new LinearModel("logistic", D, 2, new double[][] {{1, 1, 1, 1}},
        new double[] {0}, true, java.util.Map.of());
    ConfigException loss = assertThrows(ConfigException.class, () -> lbfgs()
        .set("initialModel", save(logistic, tmp.resolve("l")).toString()).fit(rdd()));
    assertTrue(loss.getMessage().contains("loss=logistic"), loss.getMessage());
  }

  @Test
  void validationRowsAreHeldOutStratifiedAndRecordedPerEpoch() {
    TrainResult r = Descent.trainer().set("input", Reference.data("wine_binary_std"))
        .set("loss", "logistic").set("validationFraction", "0.25").set("epochs", "10")
        .set("tolerance", "0").set("partitions", "2").fit(SparkTests.jsc());
    // 178 rows, 59 positive: each partition holds out round(0.25 n_c) per class.
    long[] counts = r.data().classCounts();
    long held = 178 - r.data().rows();
    assertTrue(held >= 42 && held <= 47, "held out " + held);
    double positiveShare = (double) counts[1] / r.data().rows();
    assertEquals(59.0 / 178, positiveShare, 0.02, "class balance kept in the training rows");
    for (EpochRecord e : r.history()) {
      assertTrue(e.hasValidation());
      assertTrue(e.validationAccuracy() > 0.5 && e.validationAccuracy() <= 1.0);
    }
    assertTrue(r.history().get(9).validationLoss() < r.history().get(0).validationLoss());
  }

  @Test
  void earlyStoppingReturnsTheBestEpoch(@TempDir Path tmp) throws IOException {
    // Validation rows whose labels disagree with training for every third row: as the model
    // grows confident on the training rows, the validation loss turns and rises.
    List<String> lines = Files.readAllLines(Path.of(Reference.data("wine_binary_std")));
    List<String> noisy = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String l = lines.get(i);
      noisy.add(i % 3 == 0 ? (l.startsWith("1 ") ? "0" : "1") + l.substring(1) : l);
    }
    Path validation = Files.write(tmp.resolve("validation.libsvm"), noisy);
    Descent.Builder b = Descent.trainer().set("input", Reference.data("wine_binary_std"))
        .set("loss", "logistic").set("validationInput", validation.toString())
        .set("optimizer", "sgd").set("learningRate", "0.05").set("epochs", "400")
        .set("tolerance", "0").set("patience", "5");
    TrainResult r = b.fit(SparkTests.jsc());
    List<EpochRecord> h = r.history();
    int best = 0;
    for (int i = 1; i < h.size(); i++) {
      if (h.get(i).validationLoss() < h.get(best).validationLoss()) {
        best = i;
      }
    }
    assertTrue(best > 0, "the validation loss first improves");
    assertEquals(Status.CONVERGED, r.status(), r.reason());
    assertEquals(best + 1 + 5, h.size(), "stopped 5 epochs after the best");
    assertTrue(r.reason().contains("epoch " + (best + 1)), r.reason());
    // The returned model is that of the best epoch: rerun for exactly best+1 epochs.
    TrainResult upToBest = b.set("patience", "0").set("epochs", Integer.toString(best + 1))
        .fit(SparkTests.jsc());
    assertTrue(Arrays.equals(upToBest.model().weights(0), r.model().weights(0)));
    assertEquals(upToBest.finalObjective(), r.finalObjective(), 0.0);
  }

  @Test
  void balancedClassWeightsEqualExplicitWeights(@TempDir Path tmp) throws IOException {
    // wine: 119 negatives, 59 positives; balanced factors 178/(2*119) and 178/(2*59).
    List<String> csv = new ArrayList<>();
    for (String line : Files.readAllLines(Path.of(Reference.data("wine_binary_std")))) {
      String[] parts = line.split(" ");
      StringBuilder row = new StringBuilder(parts[0]);
      row.append(',').append(parts[0].equals("1") ? 178.0 / (2 * 59) : 178.0 / (2 * 119));
      for (int j = 1; j < parts.length; j++) {
        row.append(',').append(parts[j].substring(parts[j].indexOf(':') + 1));
      }
      csv.add(row.toString());
    }
    Path weighted = Files.write(tmp.resolve("wine-weighted.csv"), csv);
    TrainResult explicit = lbfgs().set("loss", "logistic").set("regParam", "0.01")
        .set("input", weighted.toString()).set("weightColumn", "1").fit(SparkTests.jsc());
    TrainResult balanced = lbfgs().set("loss", "logistic").set("regParam", "0.01")
        .set("input", Reference.data("wine_binary_std")).set("classWeight", "balanced")
        .fit(SparkTests.jsc());
    double[] a = explicit.model().weights(0);
    double[] b = balanced.model().weights(0);
    for (int j = 0; j < a.length; j++) {
      assertEquals(a[j], b[j], 1e-8, "weight " + j);
    }
    assertFalse(Arrays.equals(b, lbfgs().set("loss", "logistic").set("regParam", "0.01")
        .set("input", Reference.data("wine_binary_std")).fit(SparkTests.jsc()).model()
        .weights(0)), "the weights do change the model");
  }

  static double distance(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += (a[i] - b[i]) * (a[i] - b[i]);
    }
    return Math.sqrt(s);
  }

}
