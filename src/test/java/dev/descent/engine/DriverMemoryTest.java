package dev.descent.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.config.Config;
import dev.descent.config.RunPlans;
import dev.descent.optim.Optimizer;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The driver-memory estimate, by hand, and where it draws the line. */
class DriverMemoryTest {
  private static TrainingPlan config(String... keyValues) {
    Config c = Config.empty();
    for (int i = 0; i < keyValues.length; i += 2) {
      c = c.with(keyValues[i], keyValues[i + 1]);
    }
    return RunPlans.training(c);
  }

  private static int ruleArrays(String optimizer, int historySize) {
    return Optimizer.byName(optimizer).stateArrays(config("historySize",
        Integer.toString(historySize)).steps().hyperparameters());
  }

  @Test
  void updateRulesKeepTheirStateVectors() {
    assertEquals(Map.of("sgd", 0, "momentum", 1, "nesterov", 1, "adagrad", 1, "rmsprop", 1,
        "adam", 2, "lbfgs", 2 * 10 + 11),
        Map.of("sgd", ruleArrays("sgd", 10),
            "momentum", ruleArrays("momentum", 10),
            "nesterov", ruleArrays("nesterov", 10),
            "adagrad", ruleArrays("adagrad", 10),
            "rmsprop", ruleArrays("rmsprop", 10),
            "adam", ruleArrays("adam", 10),
            "lbfgs", ruleArrays("lbfgs", 10)));
    assertEquals(2 * 3 + 11, ruleArrays("lbfgs", 3));
  }

  @Test
  void estimateCountsParametersArraysTasksAndScaling() {
    // softmax, 3 classes x 1000 features + 3 intercepts = 3003 parameters; adam: 8 + 2 arrays;
    // 2 local tasks: 4 more; standardize: 3 arrays of 1000.
    DriverMemory.Estimate e = DriverMemory.estimate(config("optimizer", "adam"), 1000, 3, 2);
    assertEquals(3003, e.parameters());
    assertEquals(10, e.arrays());
    assertEquals(8L * (3003 * 14 + 3 * 1000), e.bytes());

    DriverMemory.Estimate plain = DriverMemory.estimate(config("intercept", "false",
        "standardize", "false", "optimizer", "lbfgs", "historySize", "5"), 1_000_000, 1, 0);
    assertEquals(1_000_000, plain.parameters());
    assertEquals(8L * 1_000_000 * (8 + 21), plain.bytes());
  }

  @Test
  void refusesExactlyWhenTheEstimateExceedsTheHeap() {
    TrainingPlan c = config("optimizer", "momentum");
    long bytes = DriverMemory.estimate(c, 50_000_000, 1, 2).bytes();
    assertEquals(8L * (50_000_001L * (8 + 1 + 4) + 3 * 50_000_000L), bytes);

    assertNull(DriverMemory.problem(c, 50_000_000, 1, 2, bytes));
    String problem = DriverMemory.problem(c, 50_000_000, 1, 2, bytes - 1);
    assertTrue(problem.contains("means 50,000,001 parameters; training keeps about 13 arrays of"
        + " them on the driver with optimizer=momentum (4 of them for the 2 local tasks), about"
        + " 6.0 GiB, but the driver has 6.0 GiB (Runtime.maxMemory)"), problem);
  }

  @Test
  void refusesMoreParametersThanAJavaArrayHolds() {
    String problem = DriverMemory.problem(config(), Integer.MAX_VALUE - 8, 1, 0, Long.MAX_VALUE);
    assertTrue(problem.contains("means 2,147,483,640 parameters, more than the 2,147,483,639 a"
        + " Java array holds"), problem);
    assertNull(DriverMemory.problem(config("intercept", "false"), Integer.MAX_VALUE - 8, 1, 0,
        Long.MAX_VALUE));
    assertTrue(DriverMemory.problem(config(), 1L << 30, 3, 0, Long.MAX_VALUE)
        .contains("a Java array holds"));
  }

  @Test
  void localMastersRunTasksInTheDriver() {
    assertEquals(1, DriverMemory.localTasks("local"));
    assertEquals(2, DriverMemory.localTasks("local[2]"));
    assertEquals(3, DriverMemory.localTasks("local[3,4]"));
    assertEquals(Runtime.getRuntime().availableProcessors(), DriverMemory.localTasks("local[*]"));
    assertEquals(0, DriverMemory.localTasks("spark://127.0.0.1:7077"));
    assertEquals(0, DriverMemory.localTasks("yarn"));
    assertEquals(0, DriverMemory.localTasks("local-cluster[2,1,1024]"));
  }

  @Test
  void sizesAreShownInGibOrMib() {
    assertEquals("3.0 GiB", DriverMemory.size(3L << 30));
    assertEquals("512 MiB", DriverMemory.size(512L << 20));
  }
}
