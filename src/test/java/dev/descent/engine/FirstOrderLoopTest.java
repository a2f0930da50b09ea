package dev.descent.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.loss.Losses;
import dev.descent.optim.ElasticNet;
import dev.descent.optim.stopping.EpochRecord;
import dev.descent.optim.stopping.Status;
import dev.descent.testing.Synthetic;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The first-order loop without Spark, over rows in memory: it reaches the closed-form optimum of
 * least squares, a run resumed from a checkpoint continues bit for bit as the uninterrupted run,
 * and a step that leaves the finite numbers stops the run without being checkpointed.
 */
class FirstOrderLoopTest {
  static final int N = 60;
  static final double[][] X = Synthetic.design(N, 3, 31, new double[] {1, 2, 0.5},
      new double[] {0.5, -1, 2});
  static final double[] Y = Synthetic.linear(X, new double[] {1.5, -0.5, 2}, 3, 0.2, 32);

  static InMemoryObjective rows() {
    return new InMemoryObjective(X, Y, Losses.byName("squared"), 0, true, 2);
  }

  /** The Hessian of the ridge objective, {@code (2/n) [X 1]^T [X 1] + lambda on the weights}. */
  static double[][] hessian(double lambda) {
    int d = X[0].length;
    double[][] h = new double[d + 1][d + 1];
    for (double[] row : X) {
      for (int p = 0; p <= d; p++) {
        for (int q = 0; q <= d; q++) {
          h[p][q] += 2.0 / N * (p < d ? row[p] : 1) * (q < d ? row[q] : 1);
        }
      }
    }
    for (int p = 0; p < d; p++) {
      h[p][p] += lambda;
    }
    return h;
  }

  /** An upper bound on the largest eigenvalue (Gershgorin): a safe curvature bound. */
  static double curvature(double lambda) {
    double max = 0;
    for (double[] row : hessian(lambda)) {
      double sum = 0;
      for (double v : row) {
        sum += Math.abs(v);
      }
      max = Math.max(max, sum);
    }
    return max;
  }

  static LoopRig rig(double lambda, long checkpointEverySteps, int crashAfterEpoch) {
    InMemoryObjective rows = rows();
    return new LoopRig(rows, FeatureScaling.identity(),
        new ElasticNet(lambda, 0, rows.layout()), curvature(lambda), checkpointEverySteps,
        crashAfterEpoch);
  }

  static void assertClose(double[] expected, double[] actual, double tolerance) {
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], actual[i], tolerance, "coordinate " + i);
    }
  }

  @Test
  void fullBatchGradientDescentReachesTheRidgeOptimum() {
    double lambda = 0.3;
    TrainingLoop.Ending end = rig(lambda, -1, 0).run(LoopRig.steps("sgd", LearningRate.AUTO,
        BatchSize.ALL), 20000, 0, null, null);
    assertClose(Synthetic.ridge(X, Y, lambda), end.theta(), 1e-9);
    assertEquals(Status.FINISHED, end.stop().status());
    assertEquals(1 / curvature(lambda), end.baseRate(), 0.0, "learningRate=auto is 1/L");
  }

  @Test
  void standardizedStepsReachTheLeastSquaresOptimumOnTheRawScale() {
    // Without a penalty the optimum does not depend on the scale the loop steps in.
    InMemoryObjective rows = rows();
    double[][] moments = moments();
    LoopRig rig = new LoopRig(rows, FeatureScaling.standardize(moments[0], moments[1]),
        new ElasticNet(0, 0, rows.layout()), 2 * (1 + X[0].length), -1, 0);
    TrainingLoop.Ending end = rig.run(LoopRig.steps("nesterov", LearningRate.AUTO,
        BatchSize.ALL), 2000, 0, null, null);
    assertClose(Synthetic.ridge(X, Y, 0), rig.objective.raw(end.theta()), 1e-9);
  }

  /** Feature means and standard deviations. */
  static double[][] moments() {
    int d = X[0].length;
    double[] mean = new double[d];
    double[] std = new double[d];
    for (double[] row : X) {
      for (int j = 0; j < d; j++) {
        mean[j] += row[j] / N;
      }
    }
    for (double[] row : X) {
      for (int j = 0; j < d; j++) {
        std[j] += (row[j] - mean[j]) * (row[j] - mean[j]) / N;
      }
    }
    for (int j = 0; j < d; j++) {
      std[j] = Math.sqrt(std[j]);
    }
    return new double[][] {mean, std};
  }

  @ParameterizedTest
  @ValueSource(strings = {"sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam"})
  void aRunResumedFromAMidEpochCheckpointIsTheUninterruptedRun(String optimizer,
      @TempDir Path tmp) throws IOException {
    resumesMidEpochBitForBit(optimizer, "constant", tmp);
  }

  /** The automatic schedule (cosine over the planned epochs) derives from the position alone. */
  @ParameterizedTest
  @ValueSource(strings = {"sgd", "momentum", "adam"})
  void aRunWithTheAutoScheduleResumesMidEpochBitForBit(String optimizer, @TempDir Path tmp)
      throws IOException {
    resumesMidEpochBitForBit(optimizer, "auto", tmp);
  }

  private static void resumesMidEpochBitForBit(String optimizer, String schedule, Path tmp)
      throws IOException {
    // 60 rows in batches of 8: 8 steps per epoch; a checkpoint every 5 steps falls mid-epoch.
    TrainingPlan.Steps steps = LoopRig.steps(optimizer, LearningRate.AUTO,
        new BatchSize(BatchSize.Kind.ROWS, 8), schedule);
    LoopRig whole = rig(0.1, 5, 0);
    TrainingLoop.Ending uninterrupted = whole.run(steps, 6, 0, null, null);

    LoopRig crashed = rig(0.1, 5, 3);
    assertThrows(LoopRig.Crash.class, () -> crashed.run(steps, 6, 0, null, null));
    LoopState last = crashed.lastSaved(tmp);
    assertEquals(3, last.epoch(), "the last checkpoint before the crash: after step 20");
    assertEquals(4, last.step());
    assertTrue(last.sums().weightSum() > 0, "an epoch under way");

    LoopRig resumed = rig(0.1, 5, 0);
    TrainingLoop.Ending end = resumed.run(steps, 6, 0, null, last);
    assertSameRun(whole, uninterrupted, resumed, end);
    assertEquals(List.of(5L, 6L, 7L, 8L), resumed.stepsTaken.subList(0, 4),
        "the resumed run starts at step 5 of epoch 3");
  }

  @ParameterizedTest
  @ValueSource(strings = {"sgd", "momentum", "adam"})
  void theAutoScheduleOfAFullBatchRunIsTheConstantOneBitForBit(String optimizer) {
    LoopRig constant = rig(0.1, -1, 0);
    TrainingLoop.Ending c = constant.run(LoopRig.steps(optimizer, LearningRate.AUTO,
        BatchSize.ALL, "constant"), 30, 0, null, null);
    LoopRig auto = rig(0.1, -1, 0);
    TrainingLoop.Ending a = auto.run(LoopRig.steps(optimizer, LearningRate.AUTO,
        BatchSize.ALL, "auto"), 30, 0, null, null);
    assertSameRun(constant, c, auto, a);
  }

  /**
   * Seven partitions of 8 or 9 rows in batches of 3: each partition's share of a step is 0 or 1
   * row, so batches hold 0 to 7 rows. At a tiny rate an epoch of sgd from 0 moves by the rate
   * times the sum of its steps' gradients, which is steps x the full gradient only if every row
   * counts the same whatever its batch.
   */
  @Test
  void anEpochOfUnevenBatchesWeighsEveryRowTheSame() {
    InMemoryObjective rows = new InMemoryObjective(X, Y, Losses.byName("squared"), 0, true, 7);
    LoopRig rig = new LoopRig(rows, FeatureScaling.identity(),
        new ElasticNet(0, 0, rows.layout()), curvature(0), -1, 0);
    double rate = 1e-9;
    BatchSize batch = new BatchSize(BatchSize.Kind.ROWS, 3);
    long steps = batch.stepsPerEpoch(N);
    TrainingLoop.Ending end = rig.run(LoopRig.steps("sgd", LearningRate.fixed(rate), batch),
        1, 0, null, null);
    double[] g = rig.objective.at(new double[rows.layout().size()], BatchPlan.ALL).gradient();
    assertTrue(rig.stepsTaken.size() < steps, "some steps are empty");
    for (int i = 0; i < g.length; i++) {
      assertEquals(-rate * steps * g[i], end.theta()[i], 1e-6 * rate * steps * Math.abs(g[i]),
          "coordinate " + i);
    }
  }

  /**
   * 60 rows in 3 partitions at 1% (under a row: a step per row): 60 steps per epoch, of which
   * 40 are empty.
   */
  @Test
  void theScheduleCountsPlannedStepsSoCosineEndsAtZeroDespiteEmptySteps() {
    InMemoryObjective rows = new InMemoryObjective(X, Y, Losses.byName("squared"), 0, true, 3);
    LoopRig rig = new LoopRig(rows, FeatureScaling.identity(),
        new ElasticNet(0, 0, rows.layout()), curvature(0), -1, 0);
    TrainingLoop.Ending end = rig.run(LoopRig.steps("sgd", LearningRate.fixed(0.01),
        new BatchSize(BatchSize.Kind.PERCENT, 1), "auto"), 5, 0, null, null);
    assertEquals(100, rig.stepsTaken.size(), "20 steps with rows in each of 5 epochs");
    List<EpochRecord> h = rig.ledger.history();
    // The last step with rows is step 60 of epoch 5: planned position 299 of 300. (Counting
    // only the steps taken, it would be 99 of 300, at 0.76 of the base rate.)
    assertEquals(0.01 * 0.5 * (1 + Math.cos(Math.PI * 299 / 300)),
        h.get(h.size() - 1).learningRate(), 1e-18);
    assertEquals(Status.FINISHED, end.stop().status());
  }

  /**
   * epochs is not a run-defining setting: a finished run can be resumed with more. Under a
   * schedule that decays over the planned epochs, the resumed run follows the longer run's
   * curve from where it is: its rates are those of a run planned that long from the start, so
   * the rate rises again from about 0 and decays to 0 at the new last epoch.
   */
  @Test
  void extendingAFinishedAutoScheduleRunFollowsTheLongerCurve(@TempDir Path tmp)
      throws IOException {
    TrainingPlan.Steps steps = LoopRig.steps("sgd", LearningRate.AUTO,
        new BatchSize(BatchSize.Kind.ROWS, 8), "auto");
    LoopRig twelve = rig(0.1, -1, 0);
    twelve.run(steps, 12, 0, null, null);
    LoopRig seven = rig(0.1, 0, 0);
    seven.run(steps, 7, 0, null, null);
    LoopRig extended = rig(0.1, 0, 0);
    TrainingLoop.Ending end = extended.run(steps, 12, 0, null, seven.lastSaved(tmp));
    List<EpochRecord> full = twelve.ledger.history();
    List<EpochRecord> more = extended.ledger.history();
    assertEquals(12, more.size());
    double base = end.baseRate();
    assertTrue(more.get(6).learningRate() < 0.01 * base, "the 7-epoch run ended near rate 0");
    assertTrue(more.get(7).learningRate() > 0.2 * base, "the rate rose again");
    for (int e = 7; e < 12; e++) {
      assertEquals(full.get(e).learningRate(), more.get(e).learningRate(), 0.0,
          "epoch " + (e + 1) + ": the 12-epoch run's rate");
    }
  }

  @Test
  void earlyStoppingStateSurvivesACheckpoint(@TempDir Path tmp) throws IOException {
    TrainingPlan.Steps steps = LoopRig.steps("adam", LearningRate.fixed(0.5),
        new BatchSize(BatchSize.Kind.ROWS, 20));
    double[][] vx = Synthetic.design(30, 3, 41, new double[] {1, 2, 0.5},
        new double[] {0.5, -1, 2});
    double[] vy = Synthetic.linear(vx, new double[] {1.5, -0.5, 2}, 3, 2, 42);
    InMemoryObjective validation = new InMemoryObjective(vx, vy, Losses.byName("squared"), 0,
        true, 1);
    LoopRig whole = rig(0, 0, 0);
    TrainingLoop.Ending uninterrupted = whole.run(steps, 40, 3, validation, null);
    assertNotNull(whole.ledger.best(), "a best epoch");

    LoopRig crashed = rig(0, 0, 5);
    assertThrows(LoopRig.Crash.class, () -> crashed.run(steps, 40, 3, validation, null));
    LoopRig resumed = rig(0, 0, 0);
    TrainingLoop.Ending end = resumed.run(steps, 40, 3, validation, crashed.lastSaved(tmp));
    assertSameRun(whole, uninterrupted, resumed, end);
    assertEquals(whole.ledger.best().epoch(), resumed.ledger.best().epoch());
  }

  @Test
  void aStepThatLeavesTheFiniteNumbersStopsTheRunUncheckpointed() {
    LoopRig rig = rig(0, 1, 0);
    TrainingLoop.Ending end = rig.run(LoopRig.steps("sgd", LearningRate.fixed(10),
        new BatchSize(BatchSize.Kind.ROWS, 15)), 500, 0, null, null);
    assertEquals(Status.DIVERGED, end.stop().status());
    assertTrue(end.failure().matches("epoch \\d+, step \\d of 4"), end.failure());
    assertTrue(rig.ledger.history().size() < 500, "stopped at once");
    for (LoopState s : rig.saved) {
      for (double v : s.theta()) {
        assertTrue(Double.isFinite(v), "a checkpoint with a non-finite parameter");
      }
    }
  }

  /** The record with its time set to 0; records compare their doubles bitwise. */
  static EpochRecord timeless(EpochRecord e) {
    return new EpochRecord(e.epoch(), e.loss(), e.objective(), e.learningRate(),
        e.gradientNorm(), 0, e.passes(), e.rounds(), e.validationLoss(), e.validationAccuracy());
  }

  /** The same parameters and history, bit for bit (times aside). */
  static void assertSameRun(LoopRig a, TrainingLoop.Ending x, LoopRig b, TrainingLoop.Ending y) {
    assertEquals(x.theta().length, y.theta().length);
    for (int i = 0; i < x.theta().length; i++) {
      assertEquals(Double.doubleToLongBits(x.theta()[i]), Double.doubleToLongBits(y.theta()[i]),
          "parameter " + i + ", bitwise");
    }
    assertEquals(x.stop(), y.stop());
    assertEquals(Double.doubleToLongBits(x.initialObjective()),
        Double.doubleToLongBits(y.initialObjective()));
    assertEquals(Double.doubleToLongBits(x.baseRate()), Double.doubleToLongBits(y.baseRate()));
    List<EpochRecord> h = a.ledger.history();
    List<EpochRecord> k = b.ledger.history();
    assertEquals(h.size(), k.size());
    for (int i = 0; i < h.size(); i++) {
      EpochRecord e = h.get(i);
      EpochRecord f = k.get(i);
      assertEquals(timeless(e), timeless(f), "epoch " + (i + 1));
    }
  }
}
