package dev.descent.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.testing.SparkTests;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.storage.RDDBlockId;
import org.apache.spark.storage.StorageLevel;
import org.junit.jupiter.api.Test;

/**
 * {@link LineageCut}: tasks over the cached cut do not deserialize the parent's lineage (tasks
 * over the cached parent do), the first pass does, once per partition; and the cut computes the
 * parent's partitions, through narrow and shuffle dependencies, cached or recomputed after it
 * was dropped.
 */
class LineageCutTest {
  static final List<Integer> ROWS = IntStream.range(0, 1000).boxed().toList();

  /** Counts how often the lineage that holds it is deserialized (tasks run in this JVM). */
  static final class Counted implements Serializable {
    private static final long serialVersionUID = 1L;
    static final AtomicInteger READS = new AtomicInteger();

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
      in.defaultReadObject();
      READS.incrementAndGet();
    }
  }

  @Test
  void tasksOverTheCachedCutDoNotDeserializeTheLineage() {
    Counted counted = new Counted();
    JavaRDD<Integer> parent = SparkTests.jsc().parallelize(ROWS, 4)
        .map(i -> counted.hashCode() == 0 ? -i : i);
    // Without the cut, every task deserializes the lineage, cached or not.
    parent.persist(StorageLevel.MEMORY_ONLY());
    parent.count();
    Counted.READS.set(0);
    parent.map(i -> i).count();
    assertEquals(4, Counted.READS.get(), "tasks over the cached parent");
    parent.unpersist(true);

    JavaRDD<Integer> cut = LineageCut.of(parent);
    cut.persist(StorageLevel.MEMORY_ONLY());
    Counted.READS.set(0);
    assertEquals(ROWS.size(), cut.count());
    assertEquals(4, Counted.READS.get(), "the first pass computes each partition");
    Counted.READS.set(0);
    assertEquals(ROWS, cut.map(i -> i).collect());
    assertEquals(0, Counted.READS.get(), "tasks over the cached cut");
    cut.unpersist(true);
  }

  @Test
  void tasksOverTheCachedCutDoNotDeserializeTheParentsPartitions() {
    List<Counted> slices = List.of(new Counted(), new Counted(), new Counted(), new Counted());
    JavaRDD<Integer> cut = LineageCut.of(SparkTests.jsc().parallelize(slices, 4).map(c -> 1));
    cut.persist(StorageLevel.MEMORY_ONLY());
    Counted.READS.set(0);
    assertEquals(4, cut.count());
    assertTrue(Counted.READS.get() >= 4, "the first pass reads the rows of the slices");
    Counted.READS.set(0);
    assertEquals(4, cut.map(i -> i).count());
    assertEquals(0, Counted.READS.get(), "tasks over the cached cut");
    cut.unpersist(true);
  }

  /** Spark serializes live RDDs into each stage; the cut must not recache what was dropped. */
  @Test
  void recomputingDoesNotCacheAncestorsUnpersistedSinceTheCutWasMade() {
    JavaRDD<Integer> ancestor = SparkTests.jsc().parallelize(ROWS, 4).map(i -> i + 1);
    ancestor.persist(StorageLevel.MEMORY_ONLY());
    ancestor.count();
    JavaRDD<Integer> cut = LineageCut.of(ancestor.map(i -> 2 * i));
    cut.persist(StorageLevel.MEMORY_ONLY());
    assertEquals(ROWS.size(), cut.count());
    ancestor.unpersist(true);
    cut.unpersist(true); // as if its blocks were lost with an executor
    cut.persist(StorageLevel.MEMORY_ONLY());
    assertEquals(ROWS.size(), cut.count(), "recomputed");
    for (int p = 0; p < 4; p++) {
      assertTrue(SparkEnv.get().blockManager().getStatus(new RDDBlockId(ancestor.id(), p))
          .isEmpty(), "partition " + p + " of the unpersisted ancestor is cached again");
      assertTrue(SparkEnv.get().blockManager().getStatus(new RDDBlockId(cut.id(), p))
          .isDefined(), "partition " + p + " of the cut is cached");
    }
    cut.unpersist(true);
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
}
