package dev.descent.engine;

import java.io.Serializable;
import org.apache.spark.SparkContext;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.rdd.RDD;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;
import scala.runtime.AbstractFunction2;
import scala.runtime.BoxedUnit;

/**
 * A treeAggregate of partitions into one aggregate, as one Spark job when the tree has no level
 * between the partitions and the driver (Spark's treeAggregate adds one only when the partitions
 * outnumber its fan-in: at depth 2, from 6 partitions on): each task folds its partition into a
 * fresh aggregate, and the driver merges the partitions' aggregates in partition order.
 *
 * <p>Why not {@code JavaRDD.treeAggregate} there: it wraps the functions in Scala closures
 * defined in Spark's own classes, and Spark's closure cleaner reads those classes' bytecode
 * (RDD, JavaRDDLike: hundreds of kB) with ASM for every closure of every job, several times a
 * job; profiled on a 500-row run of 3,000 mini-batch steps, that was more than half of the
 * driver's CPU time, about 2 ms a step. A function that is a plain class is left alone by the
 * cleaner. Deeper trees go through treeAggregate unchanged.
 */
final class Aggregation {
  private Aggregation() {}

  /** A fresh, empty aggregate, made in each task. */
  interface Zero<A> extends Serializable {
    A make();
  }

  /**
   * Folds every element of {@code rdd} into aggregates with {@code add} and merges them with
   * {@code merge}, as {@code treeAggregate(zero, add, merge, depth)} does.
   */
  static <T, A> A aggregate(JavaRDD<T> rdd, Zero<A> zero, Function2<A, T, A> add,
      Function2<A, A, A> merge, int depth) {
    int partitions = rdd.getNumPartitions();
    if (partitions == 0) {
      return zero.make();
    }
    if (hasIntermediateLevel(partitions, depth)) {
      return rdd.treeAggregate(zero.make(), add, merge, depth);
    }
    Object[] results = new Object[partitions];
    SparkContext sc = rdd.context();
    RDD<T> r = rdd.rdd();
    ClassTag<A> tag = ClassTag$.MODULE$.apply(Object.class);
    sc.runJob(r, new Fold<T, A>(zero, add), new Collect<A>(results), tag);
    @SuppressWarnings("unchecked")
    A merged = (A) results[0];
    for (int p = 1; p < partitions; p++) {
      @SuppressWarnings("unchecked")
      A next = (A) results[p];
      merged = call(merge, merged, next);
    }
    return merged;
  }

  /** {@code f(a, b)}; the functions here throw no checked exception, so none is expected. */
  private static <X, Y, Z> Z call(Function2<X, Y, Z> f, X a, Y b) {
    try {
      return f.call(a, b);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Whether Spark's treeAggregate of this depth would merge partial aggregates on executors
   * before the driver: its fan-in is {@code max(ceil(p^(1/depth)), 2)}, and it adds a level
   * while the partitions outnumber the fan-in plus the partitions per merge.
   */
  static boolean hasIntermediateLevel(int partitions, int depth) {
    int scale = Math.max((int) Math.ceil(Math.pow(partitions, 1.0 / depth)), 2);
    return partitions > scale + (int) Math.ceil((double) partitions / scale);
  }

  /** The task: folds its partition into a fresh aggregate. */
  private static final class Fold<T, A>
      extends AbstractFunction2<TaskContext, scala.collection.Iterator<T>, A>
      implements Serializable {
    private final Zero<A> zero;
    private final Function2<A, T, A> add;

    Fold(Zero<A> zero, Function2<A, T, A> add) {
      this.zero = zero;
      this.add = add;
    }

    @Override
    public A apply(TaskContext context, scala.collection.Iterator<T> rows) {
      A acc = zero.make();
      while (rows.hasNext()) {
        acc = call(add, acc, rows.next());
      }
      return acc;
    }
  }

  /** On the driver: keeps each partition's aggregate at its index. */
  private static final class Collect<A> extends AbstractFunction2<Object, A, BoxedUnit>
      implements Serializable {
    private final transient Object[] results;

    Collect(Object[] results) {
      this.results = results;
    }

    @Override
    public BoxedUnit apply(Object partition, A result) {
      results[(Integer) partition] = result;
      return BoxedUnit.UNIT;
    }
  }
}
