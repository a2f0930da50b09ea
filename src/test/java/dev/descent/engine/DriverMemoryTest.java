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

  private static final long MIB = 1L << 20;

  @Test
  void estimateCountsStateResultsTasksScalingAndSparksReserve() {
    // softmax, 3 classes x 1000 features + 3 intercepts = 3003 parameters; adam: 8 + 2 arrays;
    // 2 partitions, aggregated in one stage: 2 plain partial sums reach the driver, 2 arrays
    // each; 2 local tasks, 3 arrays each; standardize: 3 arrays of 1000; Spark's 300 MiB.
    DriverMemory.Estimate e = DriverMemory.estimate(config("optimizer", "adam"), 1000, 3, 2, 2);
    assertEquals(3003, e.parameters());
    assertEquals(10, e.arrays());
    assertEquals(2, e.finalTasks());
    assertEquals(4, e.results());
    assertEquals(6, e.taskArrays());
    assertEquals(8L * (3003 * 20 + 3 * 1000) + 300 * MIB, e.bytes());

    // A cluster driver (no local tasks), one partition, lbfgs with 5 pairs: 8 + 21 arrays and
    // one result of 2 arrays.
    DriverMemory.Estimate plain = DriverMemory.estimate(config("intercept", "false",
        "standardize", "false", "optimizer", "lbfgs", "historySize", "5"), 1_000_000, 1, 1, 0);
    assertEquals(1_000_000, plain.parameters());
    assertEquals(8L * 1_000_000 * (8 + 21 + 2) + 300 * MIB, plain.bytes());

    // 8 partitions at depth 3: one level of merging first, so 4 merged sums (double-double, 2
    // arrays wide) reach the driver, 2 x 2 arrays each; the 2 local tasks hold 3 x 2 each.
    DriverMemory.Estimate tree = DriverMemory.estimate(config("standardize", "false",
        "aggregationDepth", "3"), 1_000_000, 1, 8, 2);
    assertEquals(4, tree.finalTasks());
    assertEquals(16, tree.results());
    assertEquals(12, tree.taskArrays());
    assertEquals(8L * 1_000_001 * (8 + 16 + 12) + 300 * MIB, tree.bytes());

    // Local steps: each local task also holds its local parameters, their change, the copy
    // before the L1 step, the raw coefficients and the local gradient.
    DriverMemory.Estimate local = DriverMemory.estimate(config("standardize", "false",
        "aggregationDepth", "3", "batchSize", "1%", "syncEvery", "epoch"), 1_000_000, 1, 8, 2);
    assertEquals(12 + 2 * 5, local.taskArrays());
  }

  /**
   * The case: a sparse input with indices up to 50,000,000, logistic, sgd, local mode on
   * a 2-core machine (2 partitions, 2 tasks in the driver), the default heap of a 24 GiB machine
   * (-Xmx 6,320,816,128 bytes). The old estimate (8 arrays + 2 per local task) came to 6.0 GiB
   * and let it start; it then ran out of memory fetching a partial sum and hung. Also the same
   * at 8,000,000 features and -Xmx1g, which needed -Xmx1062m when measured.
   */
  @Test
  void refusesTheFiftyMillionFeatureCaseOnTheDefaultHeap() {
    TrainingPlan c = config("loss", "logistic");
    String problem = DriverMemory.problem(c, 50_000_000, 1, 2, 2, 6_320_816_128L);
    assertTrue(problem != null && problem.contains("means 50,000,001 parameters; training holds"
        + " about 18 arrays of them at once on the driver (8 of training state with"
        + " optimizer=sgd, 4 for the partial sums of the 2 tasks whose results the driver"
        + " merges, 6 for the 2 tasks running in the driver's JVM), plus the 300 MiB Spark"
        + " reserves: about 8.1 GiB, but the driver has 5.9 GiB (Runtime.maxMemory)"), problem);
    assertTrue(DriverMemory.problem(c, 8_000_000, 1, 2, 2, 1L << 30) != null);
    assertTrue(DriverMemory.problem(config("loss", "logistic", "standardize", "false"),
        8_000_000, 1, 2, 2, 1L << 30) != null);
  }

  /**
   * The estimate against measurements: the smallest -Xmx with which training completed (sgd or
   * lbfgs, logistic, a sparse input of 4,000,000 features, 3 epochs, standardize=false), by
   * bisection to 16 MiB. Without Spark's 300 MiB reserve, and with 64 MiB for an idle local
   * driver (55 MiB fitted to these runs), it must not promise a run less than it needed: the
   * arrays it counts are what grows with the model.
   */
  @Test
  void estimateCoversWhatRunsWereMeasuredToNeed() {
    Object[][] measured = { // optimizer, partitions, local tasks, MiB needed
        {"sgd", 1, 1, 454}, {"sgd", 2, 2, 565}, {"sgd", 4, 4, 747}, {"sgd", 8, 2, 884},
        {"lbfgs", 2, 2, 1313}};
    for (Object[] m : measured) {
      long bytes = DriverMemory.estimate(config("loss", "logistic", "standardize", "false",
          "optimizer", (String) m[0]), 4_000_000, 1, (int) m[1], (int) m[2]).bytes()
          - DriverMemory.SPARK_RESERVED + 64 * MIB;
      assertTrue(bytes >= (int) m[3] * MIB, () -> java.util.Arrays.toString(m) + ": estimated "
          + bytes / MIB + " MiB");
    }
  }

  @Test
  void refusesExactlyWhenTheEstimateExceedsTheHeap() {
    TrainingPlan c = config("optimizer", "momentum");
    long bytes = DriverMemory.estimate(c, 50_000_000, 1, 2, 2).bytes();
    assertEquals(8L * (50_000_001L * (8 + 1 + 4 + 6) + 3 * 50_000_000L) + 300 * MIB, bytes);

    assertNull(DriverMemory.problem(c, 50_000_000, 1, 2, 2, bytes));
    String problem = DriverMemory.problem(c, 50_000_000, 1, 2, 2, bytes - 1);
    assertTrue(problem.contains("means 50,000,001 parameters; training holds about 19 arrays"
        + " of them at once on the driver (9 of training state with optimizer=momentum"), problem);
  }

  /**
   * finalTasks replicates Spark's RDD.treeAggregate: counted here as the merges that Spark's
   * fold runs on the driver, one per task result of the last stage.
   */
  @Test
  void finalTasksAreTheResultsSparksTreeAggregateSendsToTheDriver() {
    org.apache.spark.api.java.JavaSparkContext jsc = dev.descent.testing.SparkTests.jsc();
    for (int[] pd : new int[][] {{1, 2}, {2, 2}, {4, 2}, {8, 3}, {9, 2}, {17, 2}, {64, 3},
        {100, 2}, {12, 1}}) {
      DriverMerges.count.set(0);
      jsc.parallelize(java.util.List.of(1), pd[0]).treeAggregate(0, (a, x) -> a + x,
          (a, b) -> {
            if (org.apache.spark.TaskContext.get() == null) {
              DriverMerges.count.incrementAndGet();
            }
            return a + b;
          }, pd[1]);
      assertEquals(DriverMerges.count.get(), DriverMemory.finalTasks(pd[0], pd[1]),
          "partitions " + pd[0] + ", depth " + pd[1]);
    }
  }

  /** Counts merges on the driver (local mode: tasks run in this JVM, with a TaskContext). */
  static final class DriverMerges {
    static final java.util.concurrent.atomic.AtomicInteger count =
        new java.util.concurrent.atomic.AtomicInteger();
  }

  @Test
  void refusesMoreParametersThanAJavaArrayHolds() {
    String problem = DriverMemory.problem(config(), Integer.MAX_VALUE - 8, 1, 1, 0,
        Long.MAX_VALUE);
    assertTrue(problem.contains("means 2,147,483,640 parameters, more than the 2,147,483,639 a"
        + " Java array holds"), problem);
    assertNull(DriverMemory.problem(config("intercept", "false"), Integer.MAX_VALUE - 8, 1, 1,
        0, Long.MAX_VALUE));
    assertTrue(DriverMemory.problem(config(), 1L << 30, 3, 1, 0, Long.MAX_VALUE)
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
