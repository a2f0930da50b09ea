package dev.descent.input;

import dev.descent.data.PackedPartition;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.rdd.PartitionCoalescer;
import scala.Option;

/**
 * How many partitions the cached training data has, and how the input's partitions (a text
 * file's 32-128 MB splits, a Spark data source's file partitions) become them. Every step of
 * training runs one task per partition, so for iterative work fewer, larger partitions are
 * cheaper as long as every task slot has work: by default the data is combined into
 * {@link #PER_SLOT} partition(s) per task slot (Spark's default parallelism: the executors'
 * cores), or into exactly {@code partitions} when that is set. Partitions are combined without a
 * shuffle, balanced by bytes ({@link BalancedCoalescer}; for text, consecutive splits together,
 * so rows keep the input's order), and the same input in the same number of partitions gives
 * the same partitions, hence the same model. Scoring (a single pass) reads the input's own
 * partitions.
 */
public final class Partitioning {
  /**
   * Partitions of the cached training data per task slot when {@code partitions} is not set.
   * Measured (docs/performance.md): on local[2] and on a two-executor standalone cluster, one
   * partition per slot gave the fastest full-batch epochs and 1% steps.
   */
  static final int PER_SLOT = 1;

  private Partitioning() {}

  /** How long the executor count must hold still before the slots are counted. */
  private static final long SETTLE_MS = 2_000;

  /**
   * The number of partitions of the cached training data: {@code requested} if positive, else
   * {@link #PER_SLOT} per task slot.
   */
  public static int forTraining(JavaSparkContext jsc, int requested) {
    return requested > 0 ? requested : PER_SLOT * Math.max(1, slots(jsc));
  }

  /**
   * Task slots: Spark's default parallelism (spark.default.parallelism if set, else the
   * executors' cores). A standalone cluster starts executors after the application registers,
   * so a driver that asks at once is told 2 (measured: 2 partitions on 3 one-core workers);
   * on a cluster with no executor yet, this waits for them to register and their number to hold
   * still for two seconds, at most spark.scheduler.maxRegisteredResourcesWaitingTime (30 s by
   * default). Local mode and a set default parallelism do not wait; nor does dynamic allocation,
   * where executors come later by design ({@link #dynamicSlots}).
   */
  static int slots(JavaSparkContext jsc) {
    SparkConf conf = jsc.getConf();
    if (jsc.isLocal() || conf.contains("spark.default.parallelism")) {
      return jsc.defaultParallelism();
    }
    if (conf.getBoolean("spark.dynamicAllocation.enabled", false)) {
      return dynamicSlots(conf, jsc.defaultParallelism());
    }
    if (executors(jsc) > 0) {
      return jsc.defaultParallelism();
    }
    long deadline = System.nanoTime() + 1_000_000 * conf.getTimeAsMs(
        "spark.scheduler.maxRegisteredResourcesWaitingTime", "30s");
    int seen = 0;
    long since = System.nanoTime();
    while (System.nanoTime() < deadline
        && (seen == 0 || System.nanoTime() - since < 1_000_000 * SETTLE_MS)) {
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      int now = executors(jsc);
      if (now != seen) {
        seen = now;
        since = System.nanoTime();
      }
    }
    return jsc.defaultParallelism();
  }

  /**
   * Task slots under dynamic allocation, where the executors present when the data is read say
   * little of those to come: the slots of the executors it starts with (Spark's initial count,
   * the largest of {@code spark.dynamicAllocation.initialExecutors}, {@code minExecutors} and
   * {@code spark.executor.instances}), each {@code spark.executor.cores} (1 if unset, as on YARN
   * and Kubernetes) over {@code spark.task.cpus}; at least Spark's default parallelism. Not
   * {@code maxExecutors}, a ceiling that platforms set in the thousands: as many partitions of a
   * small input would be nearly all empty, each a task in every step.
   */
  static int dynamicSlots(SparkConf conf, int defaultParallelism) {
    long executors = Math.max(conf.getInt("spark.dynamicAllocation.minExecutors", 0),
        Math.max(conf.getInt("spark.dynamicAllocation.initialExecutors", 0),
            conf.getInt("spark.executor.instances", 0)));
    long perExecutor = conf.getInt("spark.executor.cores", 1) / conf.getInt("spark.task.cpus", 1);
    long slots = executors * Math.max(1, perExecutor);
    return (int) Math.max(defaultParallelism, Math.min(Integer.MAX_VALUE, slots));
  }

  /** Executors registered with the driver (the driver's own entry left out). */
  private static int executors(JavaSparkContext jsc) {
    return Math.max(0, jsc.sc().statusTracker().getExecutorInfos().length - 1);
  }

  /** Splits are read finer only if the finer ones hold at least this many bytes. */
  static final long MIN_SPLIT_BYTES = 1 << 20;

  /**
   * How many splits to ask Hadoop for, when a text input of {@code bytes} read into at least
   * {@code n} splits came out in {@code splits} that {@code n} partitions cannot share evenly
   * (17 splits of 32 MB in 2 partitions: 9 and 8); 0 when they can (a multiple of {@code n}, or
   * at most {@code n}), or when the finer splits would be under {@link #MIN_SPLIT_BYTES} (small
   * inputs lose nothing measurable to unevenness, and a split so small that it starts after a
   * CSV file's leading blank lines would miss its header). The answer is a multiple of
   * {@code n} above 1.2 times {@code splits}: then the split size Hadoop aims at (total bytes /
   * splits asked for) is below the block size that capped it, and a file is cut into that many
   * equal splits. Files cut separately, and files that cannot be cut (gzip), still leave some
   * unevenness.
   */
  static int evenSplits(int splits, int n, long bytes) {
    if (splits <= n || splits % n == 0) {
      return 0;
    }
    int finer = n * (int) Math.ceil(1.2 * splits / n + 1e-9);
    return bytes / finer < MIN_SPLIT_BYTES ? 0 : finer;
  }

  /**
   * The packed rows in {@code n} partitions (or as many as there are, if fewer), each holding
   * the rows of some input partitions in order, balanced by bytes ({@link BalancedCoalescer}):
   * their blocks, not copies. {@code contiguous}: each holds consecutive input partitions, so
   * rows keep the input's order (text); otherwise pieces of unequal size are balanced better
   * (a Spark data source, whose partitions Spark orders by size). Partition {@code i} is packed
   * as partition {@code i}, as if it had been read so.
   */
  public static JavaRDD<PackedPartition> coalesce(JavaRDD<PackedPartition> packed, int n,
      boolean contiguous) {
    if (packed.getNumPartitions() <= n) {
      return packed;
    }
    JavaRDD<PackedPartition> grouped = packed.rdd().coalesce(n, false,
        Option.<PartitionCoalescer>apply(ScalaSerializable.wrap(new BalancedCoalescer(contiguous))),
        null).toJavaRDD();
    return grouped.mapPartitionsWithIndex((index, parts) -> {
      List<PackedPartition> list = new ArrayList<>();
      parts.forEachRemaining(list::add);
      return Collections.singletonList(PackedPartition.concat(index, list)).iterator();
    }, true);
  }
}
