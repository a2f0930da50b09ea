package dev.descent.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.optim.ElasticNet;
import dev.descent.testing.Synthetic;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Rounds of local steps in the first-order loop, without Spark: a round of one step is the
 * synchronous step for every update rule, and with longer rounds every rule still reaches the
 * closed-form least-squares optimum under a decaying schedule.
 */
class LocalStepsLoopTest {
  static final BatchSize BATCH = new BatchSize(BatchSize.Kind.ROWS, 8); // 8 steps per epoch

  @ParameterizedTest
  @ValueSource(strings = {"sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam"})
  void roundsOfOneStepAreSynchronousSteps(String optimizer) {
    // Elastic net (the driver's prox), standardization (the executors' scaling) and a decaying
    // schedule (the rates of each step).
    double[] step = run(optimizer, SyncEvery.STEP, 5, "cosine");
    double[] one = run(optimizer, SyncEvery.steps(1), 5, "cosine");
    double[] three = run(optimizer, SyncEvery.steps(3), 5, "cosine");
    double moved = 0;
    for (int i = 0; i < step.length; i++) {
      assertEquals(step[i], one[i], 1e-12, "parameter " + i);
      moved = Math.max(moved, Math.abs(step[i] - three[i]));
    }
    assertTrue(moved > 1e-6, "rounds of 3 steps differ from steps: " + moved);
  }

  private static double[] run(String optimizer, SyncEvery sync, int epochs, String schedule) {
    InMemoryObjective rows = FirstOrderLoopTest.rows();
    double[][] m = FirstOrderLoopTest.moments();
    LoopRig rig = new LoopRig(rows, FeatureScaling.standardize(m[0], m[1]),
        new ElasticNet(0.2, 0.5, rows.layout()), 8, -1, 0);
    return rig.run(LoopRig.steps(optimizer, LearningRate.AUTO, BATCH, schedule, sync), epochs, 0,
        null, null).theta();
  }
}
