package dev.descent.engine;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Set;
import org.apache.spark.Dependency;
import org.apache.spark.NarrowDependency;
import org.apache.spark.Partition;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.rdd.RDD;
import org.apache.spark.serializer.SerializerInstance;
import scala.collection.Iterator;
import scala.collection.immutable.Nil$;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;

/**
 * The same partitions as a parent RDD, for persisting: tasks over it carry the parent's lineage
 * as bytes, deserialized only to compute a partition. A task of a job over a persisted RDD
 * deserializes the RDD's whole lineage, even when every partition comes from the cache: each
 * training step's tasks did, and from a Parquet file that lineage is 37 KB of objects (the data
 * source's scan, whole-stage code generation's closure, the SQL configuration), which cost each
 * step about 1 ms more than the same rows read from memory. Here the parent is serialized once,
 * on the driver, into a byte array that travels in the task as before (Spark broadcasts a
 * stage's tasks once per executor), and a task turns it back into the parent only to compute
 * a partition (the first pass, or a cached block that was lost with its executor), so
 * recomputation works as before.
 */
final class LineageCut<T> extends RDD<T> {
  private static final long serialVersionUID = 1L;

  private final byte[] lineage; // the parent RDD, serialized
  private final transient RDD<T> parent;

  private LineageCut(RDD<T> parent, ClassTag<T> tag) {
    super(parent, tag); // one-to-one on the parent
    this.parent = parent;
    this.lineage = serialize(parent);
  }

  /** {@code rdd}'s partitions, with a lineage its tasks read only to compute one. */
  static <T> JavaRDD<T> of(JavaRDD<T> rdd) {
    ClassTag<T> tag = rdd.classTag();
    return new JavaRDD<>(new LineageCut<>(rdd.rdd(), tag), tag);
  }

  /**
   * One-to-one on the parent, for the driver's scheduler; Spark keeps an RDD's dependencies in
   * the RDD it serializes into tasks, so this one does not serialize the parent.
   */
  @Override
  public scala.collection.immutable.List<Dependency<?>> getDependencies() {
    return Nil$.MODULE$.$colon$colon(new CutDependency<>(parent));
  }

  @Override
  public Partition[] getPartitions() {
    Partition[] of = parent.partitions();
    Partition[] out = new Partition[of.length];
    for (int i = 0; i < of.length; i++) {
      out[i] = new Cut(i, of[i]);
    }
    return out;
  }

  @Override
  public Iterator<T> compute(Partition split, TaskContext context) {
    return deserialize(lineage).iterator(((Cut) split).parent, context);
  }

  /** The parent's preferred hosts (on the driver): a file's blocks, say, for the first pass. */
  @Override
  public scala.collection.immutable.Seq<String> getPreferredLocations(Partition split) {
    return parent.preferredLocations(((Cut) split).parent).toList();
  }

  /**
   * The lineage serialized as Spark serializes it into a task: with each RDD's dependencies
   * computed (a task's RDDs carry them; Spark's scheduler has computed them by then).
   */
  private static byte[] serialize(RDD<?> rdd) {
    ArrayDeque<RDD<?>> pending = new ArrayDeque<>(java.util.List.of(rdd));
    Set<Integer> seen = new HashSet<>();
    while (!pending.isEmpty()) {
      RDD<?> r = pending.pop();
      if (seen.add(r.id())) {
        r.partitions();
        Iterator<Dependency<?>> deps = r.dependencies().iterator();
        while (deps.hasNext()) {
          pending.push(deps.next().rdd());
        }
      }
    }
    ByteBuffer b = closureSerializer().serialize(rdd, ClassTag$.MODULE$.AnyRef());
    byte[] bytes = new byte[b.remaining()];
    b.get(bytes);
    return bytes;
  }

  @SuppressWarnings("unchecked")
  private RDD<T> deserialize(byte[] bytes) {
    return (RDD<T>) closureSerializer().deserialize(ByteBuffer.wrap(bytes),
        Thread.currentThread().getContextClassLoader(), ClassTag$.MODULE$.AnyRef());
  }

  /** Spark's serializer for tasks' code, as it serializes an RDD into a task. */
  private static SerializerInstance closureSerializer() {
    return SparkEnv.get().closureSerializer().newInstance();
  }

  /** {@code OneToOneDependency} with a parent that stays on the driver. */
  private static final class CutDependency<T> extends NarrowDependency<T> {
    private static final long serialVersionUID = 1L;
    private final transient RDD<T> parent;

    CutDependency(RDD<T> parent) {
      super(null); // the parent is held here, transient
      this.parent = parent;
    }

    @Override
    public RDD<T> rdd() {
      return parent;
    }

    @Override
    public scala.collection.immutable.List<Object> getParents(int partitionId) {
      return Nil$.MODULE$.$colon$colon(partitionId);
    }
  }

  /** A partition of the cut: its index and the parent's partition it is. */
  private record Cut(int index, Partition parent) implements Partition {}
}
