package dev.descent.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.testing.SparkTests;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.rdd.RDD;
import org.apache.spark.storage.StorageLevel;
import org.junit.jupiter.api.Test;
import scala.reflect.ClassTag$;

/**
 * {@link LineageCut}: what a task over the cut carries is a handle, not the parent's lineage
 * (a 400 KB closure upstream stays out of it), and the cut computes the parent's partitions,
 * through narrow and shuffle dependencies, cached or recomputed after it was dropped.
 */
class LineageCutTest {
  static final List<Integer> ROWS = IntStream.range(0, 1000).boxed().toList();

  @Test
  void tasksCarryAHandleNotTheLineage() {
    double[] big = new double[50_000]; // 400 KB in the parent's closure
    big[7] = 0.5;
    JavaRDD<Double> parent = SparkTests.jsc().parallelize(ROWS, 4).map(i -> i + big[i % 10]);
    JavaRDD<Double> cut = LineageCut.of(parent);
    int parentBytes = taskBytes(parent.rdd());
    int cutBytes = taskBytes(cut.rdd());
    assertTrue(parentBytes > 400_000, "parent " + parentBytes);
    assertTrue(cutBytes < 4_000, "cut " + cutBytes);
    assertEquals(parent.collect(), cut.collect());
  }

  @Test
  void computesTheParentsPartitionsCachedAndRecomputed() {
    JavaRDD<Integer> source = SparkTests.jsc().parallelize(ROWS, 8);
    for (JavaRDD<Integer> parent : List.of(source.coalesce(3), source.repartition(3),
        source.map(i -> 2 * i).filter(i -> i % 3 != 0))) {
      JavaRDD<Integer> cut = LineageCut.of(parent);
      assertEquals(parent.getNumPartitions(), cut.getNumPartitions());
      List<List<Integer>> expected = parent.glom().collect();
      cut.persist(StorageLevel.MEMORY_ONLY());
      assertEquals(expected, cut.glom().collect(), "first pass");
      assertEquals(expected, cut.glom().collect(), "from the cache");
      cut.unpersist(true);
      assertEquals(expected, cut.glom().collect(), "recomputed");
      assertEquals(expected, cut.map(i -> i).glom().collect(), "derived");
    }
  }

  /** Bytes of {@code rdd} serialized as a task carries it, dependencies computed. */
  private static int taskBytes(RDD<?> rdd) {
    rdd.partitions();
    rdd.dependencies();
    return SparkEnv.get().closureSerializer().newInstance()
        .serialize(rdd, ClassTag$.MODULE$.AnyRef()).remaining();
  }
}
