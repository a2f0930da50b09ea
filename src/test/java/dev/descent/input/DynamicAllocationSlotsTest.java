package dev.descent.input;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

/**
 * Under dynamic allocation the cached training data takes the slots of the executors Spark starts
 * with (as it counts them), not the few present when the data is read, nor the allocation's
 * ceiling.
 */
class DynamicAllocationSlotsTest {
  private static SparkConf dynamic() {
    return new SparkConf(false).set("spark.dynamicAllocation.enabled", "true");
  }

  @Test
  void theInitialExecutorsTimesTheSlotsOfAnExecutor() {
    SparkConf conf = dynamic().set("spark.dynamicAllocation.initialExecutors", "10")
        .set("spark.executor.cores", "4");
    assertEquals(40, Partitioning.dynamicSlots(conf, 2));
    assertEquals(20, Partitioning.dynamicSlots(conf.set("spark.task.cpus", "2"), 2),
        "two cores a task: two slots an executor");
    assertEquals(24, Partitioning.dynamicSlots(dynamic().set("spark.executor.cores", "4")
        .set("spark.dynamicAllocation.minExecutors", "6")
        .set("spark.dynamicAllocation.initialExecutors", "2")
        .set("spark.executor.instances", "3"), 2), "the largest of the three counts");
  }

  @Test
  void executorCoresDefaultToOneAsOnYarnAndKubernetes() {
    assertEquals(10, Partitioning.dynamicSlots(
        dynamic().set("spark.dynamicAllocation.minExecutors", "10"), 2));
    assertEquals(10, Partitioning.dynamicSlots(dynamic()
        .set("spark.executor.instances", "10").set("spark.task.cpus", "3"), 2),
        "an executor has at least one slot");
  }

  @Test
  void notTheCeilingAndAtLeastSparksDefaultParallelism() {
    SparkConf ceiling = dynamic().set("spark.dynamicAllocation.maxExecutors", "10000")
        .set("spark.executor.cores", "4");
    assertEquals(2, Partitioning.dynamicSlots(ceiling, 2));
    assertEquals(6, Partitioning.dynamicSlots(dynamic(), 6));
  }
}
