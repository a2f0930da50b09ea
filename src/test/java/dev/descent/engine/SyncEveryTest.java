package dev.descent.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.Descent;
import dev.descent.config.Config;
import dev.descent.config.Inputs;
import dev.descent.data.Block;
import dev.descent.data.LabelDomain;
import dev.descent.data.PackedPartition;
import dev.descent.data.Precision;
import dev.descent.input.TrainingInput;
import dev.descent.loss.Losses;
import dev.descent.loss.ParameterLayout;
import dev.descent.model.LinearModel;
import dev.descent.optim.ElasticNet;
import dev.descent.optim.stopping.EpochRecord;
import dev.descent.testing.SparkTests;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * syncEvery on Spark: a round of one local step is the synchronous step for every update rule
 * (with instance weights, class weights, standardization and elastic net), and a distributed
 * round of several local steps is what a plain single-threaded implementation of local steps
 * computes.
 */
class SyncEveryTest {
  static final int ROWS = 120;
  static final int D = 4;
  @TempDir
  static Path dir;
  static Path csv;

  @BeforeAll
  static void data() throws IOException {
    SparkTests.session();
    SplittableRandom r = new SplittableRandom(11);
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < ROWS; i++) {
      double[] x = new double[D];
      double m = -0.7;
      for (int j = 0; j < D; j++) {
        x[j] = (j + 1) * r.nextGaussian() + j;
        m += (j % 2 == 0 ? 1 : -0.5) * (x[j] - j) / (j + 1);
      }
      int label = r.nextDouble() < 1 / (1 + Math.exp(-2 * m)) ? 1 : 0;
      double weight = new double[] {0.5, 1, 2, 3}[r.nextInt(4)];
      StringBuilder line = new StringBuilder(label + "," + weight);
      for (double v : x) {
        line.append(String.format(Locale.ROOT, ",%.6f", v));
      }
      lines.add(line.toString());
    }
    csv = Files.write(dir.resolve("weighted.csv"), lines);
  }

  static Descent.Builder trainer(String optimizer, String sync) {
    return Descent.trainer().set("input", csv.toString()).set("format", "csv")
        .set("weightColumn", "1").set("classWeight", "balanced").set("loss", "logistic")
        .set("optimizer", optimizer).set("regParam", "0.05").set("elasticNet", "0.5")
        .set("batchSize", "16").set("epochs", "4").set("tolerance", "0")
        .set("schedule", "cosine").set("partitions", "3").set("syncEvery", sync);
  }

  @ParameterizedTest
  @ValueSource(strings = {"sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam"})
  void roundsOfOneStepAreSynchronousStepsForEveryRule(String optimizer) {
    TrainResult stepRun = trainer(optimizer, "step").fit(SparkTests.jsc());
    LinearModel step = stepRun.model();
    TrainResult one = trainer(optimizer, "1 steps").fit(SparkTests.jsc());
    for (int e = 0; e < one.history().size(); e++) {
      EpochRecord a = stepRun.history().get(e);
      EpochRecord b = one.history().get(e);
      assertEquals(a.gradientNorm(), b.gradientNorm(), 1e-9 * a.gradientNorm(),
          "the last step's gradient norm, as metrics.json reports it, epoch " + (e + 1));
      assertEquals(a.learningRate(), b.learningRate(), 1e-12 * a.learningRate());
    }
    double[] w = step.weights(0);
    for (int j = 0; j < w.length; j++) {
      assertEquals(w[j], one.model().weights(0)[j], 1e-12, "weight " + j);
    }
    assertEquals(step.intercept(0), one.model().intercept(0), 1e-12);
    assertEquals(8, one.history().get(0).rounds(), "a round per step");
    LinearModel four = trainer(optimizer, "4 steps").fit(SparkTests.jsc()).model();
    assertTrue(Math.abs(four.intercept(0) - step.intercept(0)) > 1e-6,
        "rounds of 4 local steps are not synchronous steps");
  }

  /**
   * One round of 3 local steps from a point with nonzero weights, over partitions of the
   * weighted data, standardized, with elastic net, plain and with momentum: the combined change,
   * loss, objective and weight are those of a plain loop over each partition's rows of each
   * batch.
   */
  @Test
  void aDistributedRoundIsThePlainLocalStepsOfEveryPartition() {
    Config c = Config.empty().with("input", csv.toString()).with("format", "csv")
        .with("weightColumn", "1").with("partitions", "3");
    try (TrainingData data = TrainingData.of(TrainingInput.text(SparkTests.jsc(),
        Inputs.forTraining(c, LabelDomain.BINARY), Precision.DOUBLE))) {
      check(data);
    }
  }

  private static void check(TrainingData data) {
    double[] v0 = {0.3, -0.2, 0.1, 0.05, -0.4};
    check(data, null);
    check(data, new LocalRound.Momentum(0.9, false, v0));
    check(data, new LocalRound.Momentum(0.8, true, v0));
  }

  private static void check(TrainingData data, LocalRound.Momentum momentum) {
    ParameterLayout layout = new ParameterLayout(D, 1, true);
    double[] mean = {0.1, 1.2, 1.8, 3.1};
    double[] std = {0.9, 2.1, 3.2, 3.9};
    double lambda = 0.05;
    double alpha = 0.5;
    double[] theta = {0.4, -0.3, 0.02, 0.25, -0.6};
    double[] rates = {0.5, 0.4, 0.3};
    LocalRound round = new LocalRound(theta, FeatureScaling.standardize(mean, std),
        new ElasticNet(lambda, alpha, layout), rates, momentum, 5, 2, 3, 8);
    LocalSteps spark = new DistributedObjective(SparkTests.jsc(), data.rdd(), layout,
        Losses.byName("logistic"), 2).round(round);

    double[] change = new double[theta.length];
    double[] velocity = new double[theta.length];
    double[] sums = new double[3]; // loss, objective, weight
    List<PackedPartition> parts = data.rdd().collect();
    assertEquals(3, parts.size());
    for (PackedPartition part : parts) {
      reference(part, theta, mean, std, lambda, alpha, rates, round, change, velocity, sums);
    }
    assertEquals(sums[2], spark.weightSum(), 1e-12 * sums[2]);
    assertEquals(sums[0], spark.lossSum(), 1e-12 * sums[0]);
    assertEquals(sums[1], spark.objectiveSum(), 1e-12 * sums[1]);
    double[] mean2 = spark.meanChange(theta.length);
    double[] velocity2 = spark.meanVelocity(theta.length);
    for (int i = 0; i < theta.length; i++) {
      assertEquals(change[i] / sums[2], mean2[i], 1e-12, "change " + i);
      if (momentum != null) {
        assertEquals(velocity[i] / sums[2], velocity2[i], 1e-12, "velocity " + i);
      }
    }
    if (momentum == null) {
      assertEquals(null, velocity2);
    }
  }

  /** Local steps over one partition, written out plainly; adds into the round's sums. */
  private static void reference(PackedPartition part, double[] theta0, double[] mean,
      double[] std, double lambda, double alpha, double[] rates, LocalRound round,
      double[] change, double[] velocityOut, double[] sums) {
    int n = part.rows();
    double[][] x = new double[n][D];
    double[] y = new double[n];
    double[] v = new double[n];
    int row = 0;
    for (int b = 0; b < part.numBlocks(); b++) {
      Block block = part.block(b);
      for (int i = 0; i < block.rows(); i++, row++) {
        for (int j = 0; j < D; j++) {
          x[row][j] = block.get(i, j);
        }
        y[row] = block.labels()[i];
        v[row] = block.weights() == null ? 1 : block.weights()[i];
      }
    }
    double[] theta = theta0.clone();
    LocalRound.Momentum mo = round.momentum();
    double[] velocity = mo == null ? new double[D + 1] : mo.velocity().clone();
    double beta = mo == null ? 0 : mo.beta();
    double weight = 0;
    for (int k = 0; k < rates.length; k++) {
      int[] batch = round.plan(k).rows(part.index(), n);
      double[] g = new double[D + 1];
      double w = 0;
      double loss = 0;
      for (int i : batch) {
        double m = theta[D];
        for (int j = 0; j < D; j++) {
          m += theta[j] * (x[i][j] - mean[j]) / std[j];
        }
        double p = 1 / (1 + Math.exp(-m));
        loss += v[i] * (Math.log1p(Math.exp(m)) - y[i] * m);
        for (int j = 0; j < D; j++) {
          g[j] += v[i] * (p - y[i]) * (x[i][j] - mean[j]) / std[j];
        }
        g[D] += v[i] * (p - y[i]);
        w += v[i];
      }
      if (w == 0) {
        continue;
      }
      double l2 = 0;
      double l1 = 0;
      for (int j = 0; j < D; j++) {
        l2 += theta[j] * theta[j];
        l1 += Math.abs(theta[j]);
      }
      sums[0] += loss;
      sums[1] += loss + w * (lambda * (1 - alpha) / 2 * l2 + lambda * alpha * l1);
      weight += w;
      for (int j = 0; j <= D; j++) {
        double grad = g[j] / w + (j < D ? lambda * (1 - alpha) * theta[j] : 0);
        velocity[j] = beta * velocity[j] + grad;
        theta[j] -= rates[k] * (mo != null && mo.nesterov() ? grad + beta * velocity[j]
            : velocity[j]);
      }
      if (k < rates.length - 1) {
        for (int j = 0; j < D; j++) {
          double t = rates[k] / (1 - beta) * lambda * alpha; // the rule's scale: 1/(1 - beta)
          theta[j] = Math.signum(theta[j]) * Math.max(0, Math.abs(theta[j]) - t);
        }
      }
    }
    sums[2] += weight;
    for (int j = 0; j <= D; j++) {
      change[j] += weight * (theta[j] - theta0[j]);
      velocityOut[j] += weight * velocity[j];
    }
  }
}
