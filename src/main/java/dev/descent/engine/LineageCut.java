package dev.descent.engine;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Set;
import org.apache.spark.Dependency;
import org.apache.spark.NarrowDependency;
import org.apache.spark.Partition;
import org.apache.spark.ShuffleDependency;
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
 * step about 1 ms more than the same rows read from memory; and each task's partition object
 * carried the parent's (a text file's splits, a local collection's rows), deserialized too.
 * Here the parent is serialized on the driver into a byte array that travels in the stage's
 * code (Spark sends it once per executor), each parent partition into one that travels in its
 * task, and a task turns them back into objects only to compute its partition (the first pass,
 * or a cached block that was lost with its executor), so recomputation works as before.
 *
 * <p>The bytes are made again whenever the lineage's state changes (an ancestor unpersisted or
 * checkpointed, an upstream shuffle's merge retried): Spark serializes live RDDs into each stage,
 * and a recomputation must not, say, cache ancestors the driver has since unpersisted.
 */
final class LineageCut<T> extends RDD<T> {
  private static final long serialVersionUID = 1L;

  private byte[] lineage; // the parent, serialized (see writeReplace)
  private final transient RDD<T> parent;
  private transient String state; // the lineage's state when lineage was made

  private LineageCut(RDD<T> parent, ClassTag<T> tag) {
    super(parent, tag); // one-to-one on the parent
    this.parent = parent;
    refresh();
  }

  /**
   * {@code rdd}'s partitions, with a lineage its tasks read only to compute one.
   *
   * @throws IllegalArgumentException if the lineage cannot be serialized (Spark's "Task not
   *     serializable", which the first job over {@code rdd} would have thrown)
   */
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

  /** The parent's partitions, each serialized: a task reads its own only to compute it. */
  @Override
  public Partition[] getPartitions() {
    Partition[] of = parent.partitions();
    Partition[] out = new Partition[of.length];
    for (int i = 0; i < of.length; i++) {
      out[i] = new Cut(i, serialize(of[i]));
    }
    return out;
  }

  @Override
  public Iterator<T> compute(Partition split, TaskContext context) {
    @SuppressWarnings("unchecked")
    RDD<T> p = (RDD<T>) deserialize(lineage);
    return p.iterator((Partition) deserialize(((Cut) split).parent()), context);
  }

  /** Called as Spark serializes this RDD into a stage: brings the bytes up to date first. */
  private Object writeReplace() {
    if (parent != null) {
      refresh();
    }
    return this;
  }

  /**
   * Serializes the parent if the lineage's state changed since it was serialized ({@link
   * #lineageState} computes the partitions and dependencies a task's copy carries).
   */
  private synchronized void refresh() {
    String now = lineageState(parent);
    if (now.equals(state)) {
      return;
    }
    lineage = serialize(parent);
    state = now;
  }

  private static byte[] serialize(Object o) {
    try {
      ByteBuffer b = closureSerializer().serialize(o, ClassTag$.MODULE$.AnyRef());
      byte[] bytes = new byte[b.remaining()];
      b.get(bytes);
      return bytes;
    } catch (Exception e) { // Scala throws NotSerializableException undeclared
      throw new IllegalArgumentException("Task not serializable: the input's lineage: " + e, e);
    }
  }

  private static Object deserialize(byte[] bytes) {
    return closureSerializer().deserialize(ByteBuffer.wrap(bytes),
        Thread.currentThread().getContextClassLoader(), ClassTag$.MODULE$.AnyRef());
  }

  /**
   * The RDDs of {@code rdd}'s lineage with what a task's copy of them depends on: storage
   * levels, checkpoints (which replace an RDD's dependencies), the dependencies themselves and
   * push-based shuffles' merge state (which the scheduler changes when a stage is retried).
   * Computes each RDD's partitions on the way, as the scheduler has before it serializes a task.
   */
  private static String lineageState(RDD<?> rdd) {
    StringBuilder key = new StringBuilder();
    ArrayDeque<RDD<?>> pending = new ArrayDeque<>(java.util.List.of(rdd));
    Set<Integer> seen = new HashSet<>();
    while (!pending.isEmpty()) {
      RDD<?> r = pending.pop();
      if (seen.add(r.id())) {
        r.partitions();
        key.append(r.id()).append(':').append(r.getStorageLevel().description())
            .append(r.isCheckpointed() ? ":c" : "").append(';');
        Iterator<Dependency<?>> deps = r.dependencies().iterator();
        while (deps.hasNext()) {
          Dependency<?> d = deps.next();
          key.append('>').append(d.rdd().id());
          if (d instanceof ShuffleDependency<?, ?, ?> shuffle) { // push-based merge state
            key.append('/').append(shuffle.shuffleMergeId())
                .append(shuffle.isShuffleMergeFinalizedMarked() ? 'f' : 'o');
          }
          pending.push(d.rdd());
        }
      }
    }
    return key.toString();
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

    /** The parent, on the driver (the scheduler's); executors never ask for it. */
    @Override
    public RDD<T> rdd() {
      if (parent == null) {
        throw new IllegalStateException("a LineageCut's parent is on the driver only");
      }
      return parent;
    }

    @Override
    public scala.collection.immutable.List<Object> getParents(int partitionId) {
      return Nil$.MODULE$.$colon$colon(partitionId);
    }
  }

  /** A partition of the cut: its index and the parent's partition, serialized. */
  private record Cut(int index, byte[] parent) implements Partition {}
}
