package dev.descent.engine;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.config.Config;
import dev.descent.config.RunPlans;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A user who sets only the loss, the optimizer and a batch size gets the optimum of a convex
 * problem, not a noise ball around it: sgd, momentum and adam at batches of 1%, 3% and 10% of
 * the rows, every other training setting at its default (learningRate=auto, schedule=auto,
 * epochs=100, tolerance=1e-6), end within 1e-3 (relative) of the known optimum of the shipped
 * wine (logistic) and iris (softmax) problems and of a least-squares problem (see
 * {@link Problems}; two samples of it, the benchmark's being the harder). The loop runs as a
 * real run sets it up, without Spark: the plan comes from the settings, the curvature bounds
 * from the data. With the old defaults (a constant rate of
 * 1/L), the same runs ended up to 10x above the optimum, and momentum diverged on least squares.
 */
class DefaultsConvergeTest {
  static final double TARGET = 1e-3;

  static List<Arguments> runs() {
    List<Arguments> runs = new ArrayList<>();
    for (String problem : List.of("wine", "iris", "least squares", "least squares (bench)")) {
      for (String optimizer : List.of("sgd", "momentum", "adam")) {
        for (String batch : List.of("1%", "3%", "10%")) {
          runs.add(Arguments.of(problem, optimizer, batch));
        }
      }
    }
    return runs;
  }

  @ParameterizedTest(name = "{0}, {1}, batchSize={2}")
  @MethodSource("runs")
  void defaultsReachTheOptimum(String problem, String optimizer, String batch) {
    Problems.Problem p = switch (problem) {
      case "wine" -> Problems.wine();
      case "iris" -> Problems.iris();
      case "least squares (bench)" -> Problems.benchLeastSquares();
      default -> Problems.leastSquares();
    };
    TrainingPlan plan = RunPlans.training(Config.empty().with("optimizer", optimizer)
        .with("batchSize", batch));
    LoopRig rig = p.rig();
    TrainingLoop.Ending end = rig.run(plan.steps(), plan.stopping(), 0, null, null);
    double gap = p.gap(end.theta());
    assertTrue(gap <= TARGET && gap > -1e-8, problem + ", " + optimizer + ", batchSize=" + batch
        + ": the objective ended " + gap + " (relative) above the optimum, after "
        + rig.ledger.history().size() + " epochs");
  }
}
