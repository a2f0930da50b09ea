package dev.descent.input;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

/**
 * Under dynamic allocation the cached training data takes the slots the allocation may grant
 * (maxExecutors times an executor's task slots), not the few executors present when it is read.
 */
class DynamicAllocationSlotsTest {
  private static SparkConf dynamic() {
    return new SparkConf(false).set("spark.dynamicAllocation.enabled", "true");
  }

  @Test
  void maxExecutorsTimesTheSlotsOfAnExecutor() {
    SparkConf conf = dynamic().set("spark.dynamicAllocation.maxExecutors", "10")
        .set("spark.executor.cores", "4");
    assertEquals(40, Partitioning.dynamicSlots(conf, 2));
    assertEquals(20, Partitioning.dynamicSlots(conf.set("spark.task.cpus", "2"), 2),
        "two cores a task: two slots an executor");
  }

  @Test
  void executorCoresDefaultToOneAsOnYarnAndKubernetes() {
    assertEquals(10, Partitioning.dynamicSlots(
        dynamic().set("spark.dynamicAllocation.maxExecutors", "10"), 2));
    assertEquals(10, Partitioning.dynamicSlots(dynamic()
        .set("spark.dynamicAllocation.maxExecutors", "10").set("spark.task.cpus", "3"), 2),
        "an executor has at least one slot");
  }

  @Test
  void withoutMaxExecutorsSparksDefaultParallelism() {
    assertEquals(2, Partitioning.dynamicSlots(dynamic().set("spark.executor.cores", "8"), 2));
    assertEquals(6, Partitioning.dynamicSlots(dynamic(), 6));
  }
}
