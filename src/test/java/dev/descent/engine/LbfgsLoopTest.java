package dev.descent.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.loss.Losses;
import dev.descent.optim.ElasticNet;
import dev.descent.optim.stopping.Status;
import dev.descent.testing.Synthetic;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The L-BFGS loop without Spark, over rows in memory: it reaches the closed-form ridge optimum,
 * reports the objective there without another pass, and a run resumed from a checkpoint
 * continues bit for bit as the uninterrupted run.
 */
class LbfgsLoopTest {
  static final double[][] X = FirstOrderLoopTest.X;
  static final double[] Y = FirstOrderLoopTest.Y;

  static LoopRig rig(double lambda, int crashAfterEpoch) {
    return rig(FirstOrderLoopTest.rows(), lambda, crashAfterEpoch);
  }

  static LoopRig rig(InMemoryObjective rows, double lambda, int crashAfterEpoch) {
    return new LoopRig(rows, FeatureScaling.identity(), new ElasticNet(lambda, 0, rows.layout()),
        Double.NaN, 0, crashAfterEpoch);
  }

  /** Labels 0/1 from a noisy linear score: a logistic problem that takes many iterations. */
  static InMemoryObjective logistic() {
    double[] score = Synthetic.linear(X, new double[] {1.5, -0.5, 2}, -3, 2, 33);
    double[] labels = new double[score.length];
    for (int i = 0; i < score.length; i++) {
      labels[i] = score[i] > 0 ? 1 : 0;
    }
    return new InMemoryObjective(X, labels, Losses.byName("logistic"), 2, true, 2);
  }

  static TrainingPlan.Steps lbfgs() {
    return LoopRig.steps("lbfgs", LearningRate.AUTO, BatchSize.ALL);
  }

  @Test
  void reachesTheRidgeOptimumAndKnowsItsObjectiveThere() {
    double lambda = 0.3;
    TrainingLoop.Ending end = rig(lambda, 0).run(lbfgs(), 100, 0, null, null);
    assertTrue(end.stop().reason().contains("minimum to machine precision"), end.stop().reason());
    double[] exact = Synthetic.ridge(X, Y, lambda);
    FirstOrderLoopTest.assertClose(exact, end.theta(), 1e-7); // the objective is flat there
    assertNotNull(end.known(), "L-BFGS knows the objective at its last point");
    assertEquals(Synthetic.elasticNetObjective(X, Y, exact, lambda, 0), end.known().objective(),
        1e-12);
    assertEquals(Status.CONVERGED, end.stop().status());
    assertEquals(Double.NaN, end.baseRate(), "no learning rate");
  }

  @Test
  void aRunResumedFromACheckpointIsTheUninterruptedRun(@TempDir Path tmp) throws IOException {
    LoopRig whole = rig(logistic(), 0.01, 0);
    TrainingLoop.Ending uninterrupted = whole.run(lbfgs(), 12, 0, null, null);
    assertEquals(12, whole.ledger.history().size(), "all planned iterations (tolerance 0)");

    LoopRig crashed = rig(logistic(), 0.01, 5);
    assertThrows(LoopRig.Crash.class, () -> crashed.run(lbfgs(), 12, 0, null, null));
    LoopState last = crashed.lastSaved(tmp);
    assertEquals(4, last.epoch(), "the checkpoint after iteration 4");

    LoopRig resumed = rig(logistic(), 0.01, 0);
    TrainingLoop.Ending end = resumed.run(lbfgs(), 12, 0, null, last);
    FirstOrderLoopTest.assertSameRun(whole, uninterrupted, resumed, end);
    assertEquals(Double.doubleToLongBits(uninterrupted.known().objective()),
        Double.doubleToLongBits(end.known().objective()));
  }
}
