package dev.descent.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.Descent;
import dev.descent.config.Config;
import dev.descent.config.Inputs;
import dev.descent.data.LabelDomain;
import dev.descent.data.PackedPartition;
import dev.descent.data.Precision;
import dev.descent.input.TrainingInput;
import dev.descent.loss.GradientAggregator;
import dev.descent.loss.Loss;
import dev.descent.loss.Losses;
import dev.descent.loss.ParameterLayout;
import dev.descent.model.LinearModel;
import dev.descent.optim.ElasticNet;
import dev.descent.testing.SparkTests;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * syncEvery on Spark over sparse rows with many features, where partitions take their local
 * steps lazily ({@link LazySteps}): a round of one step is the synchronous step, and a round of
 * several steps is what the plain loop computes on every partition.
 */
class SparseRoundsTest {
  static final int ROWS = 150;
  static final int D = 3000;
  @TempDir
  static Path dir;
  static Path libsvm;

  @BeforeAll
  static void data() throws IOException {
    SparkTests.session();
    SplittableRandom r = new SplittableRandom(23);
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < ROWS; i++) {
      TreeSet<Integer> cols = new TreeSet<>();
      while (cols.size() < 6) {
        cols.add(r.nextInt(4) == 0 ? r.nextInt(20) : r.nextInt(D));
      }
      double m = 0;
      StringBuilder features = new StringBuilder();
      for (int j : cols) {
        double v = r.nextDouble(0.1, 2);
        m += j % 2 == 0 ? v : -v;
        features.append(' ').append(j + 1).append(':').append(String.format("%.4f", v));
      }
      lines.add((r.nextDouble() < 1 / (1 + Math.exp(-m)) ? 1 : 0) + features.toString());
    }
    libsvm = Files.write(dir.resolve("sparse.libsvm"), lines);
  }

  static Descent.Builder trainer(String optimizer, String sync, String standardize,
      String intercept) {
    return Descent.trainer().set("input", libsvm.toString()).set("loss", "logistic")
        .set("optimizer", optimizer).set("regParam", "0.05").set("batchSize", "10")
        .set("epochs", "3").set("tolerance", "0").set("schedule", "cosine")
        .set("partitions", "3").set("standardize", standardize).set("intercept", intercept)
        .set("syncEvery", sync);
  }

  @ParameterizedTest
  @CsvSource({"sgd, false, true", "adam, false, true", "adagrad, true, false"})
  void roundsOfOneStepAreSynchronousSteps(String optimizer, String standardize,
      String intercept) {
    LinearModel step = trainer(optimizer, "step", standardize, intercept)
        .fit(SparkTests.jsc()).model();
    TrainResult one = trainer(optimizer, "1 steps", standardize, intercept)
        .fit(SparkTests.jsc());
    double[] w = step.weights(0);
    double largest = 0;
    for (int j = 0; j < w.length; j++) {
      assertEquals(w[j], one.model().weights(0)[j], 1e-12, "weight " + j);
      largest = Math.max(largest, Math.abs(w[j]));
    }
    assertTrue(largest > 1e-3, "the run moved the weights: " + largest);
    assertEquals(step.intercept(0), one.model().intercept(0), 1e-12);
    assertEquals(15, one.history().get(0).rounds(), "a round per step");
  }

  /** A round of 6 steps with L2 from nonzero weights: each partition's plain loop, combined. */
  @Test
  void aDistributedRoundIsThePlainLoopOfEveryPartition() {
    Config c = Config.empty().with("input", libsvm.toString()).with("partitions", "3");
    ParameterLayout layout = new ParameterLayout(D, 1, true);
    Loss loss = Losses.byName("logistic");
    double[] theta = new double[layout.size()];
    SplittableRandom r = new SplittableRandom(5);
    for (int i = 0; i < theta.length; i++) {
      theta[i] = r.nextDouble(-0.5, 0.5);
    }
    LocalRound round = new LocalRound(theta, FeatureScaling.identity(),
        new ElasticNet(0.2, 0, layout), new double[] {0.9, 0.8, 0.7, 0.6, 0.5, 0.4}, null, 9, 3,
        4, 15);
    try (TrainingData data = TrainingData.of(TrainingInput.text(SparkTests.jsc(),
        Inputs.forTraining(c, LabelDomain.BINARY), Precision.DOUBLE))) {
      LocalSteps spark = new DistributedObjective(SparkTests.jsc(), data.rdd(), layout, loss, 2)
          .round(round);
      LocalSteps plain = new LocalSteps();
      for (PackedPartition part : data.rdd().collect()) {
        assertTrue(LazySteps.applies(round, part, layout), "partition " + part.index());
        GradientAggregator a = new GradientAggregator();
        plain.merge(new LocalSteps().add((coef, plan) -> {
          PartitionPass.add(a.reset(), part, coef, layout, loss, plan);
          return new BatchObjective.Sums(a.lossSum(), a.gradientSum(layout.size()),
              a.weightSum());
        }, round, layout));
      }
      assertEquals(plain.weightSum(), spark.weightSum(), 0);
      assertEquals(plain.stepsTaken(), spark.stepsTaken());
      assertEquals(plain.objectiveSum(), spark.objectiveSum(), 1e-12 * plain.objectiveSum());
      double[] p = plain.meanChange(theta.length);
      double[] s = spark.meanChange(theta.length);
      for (int i = 0; i < p.length; i++) {
        assertEquals(p[i], s[i], 1e-12, "change " + i);
      }
    }
  }
}
