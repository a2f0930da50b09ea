package dev.descent.input;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import org.apache.spark.Partition;
import org.apache.spark.rdd.HadoopPartition;
import org.apache.spark.rdd.PartitionCoalescer;
import org.apache.spark.rdd.PartitionGroup;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.execution.datasources.FilePartition;
import org.apache.spark.sql.execution.datasources.PartitionedFile;
import scala.Option;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Groups an RDD's partitions into fewer, each a run of consecutive partitions, the runs balanced
 * by input bytes (a Hadoop split's length, a Spark file partition's bytes; 1 each otherwise). The
 * grouping depends only on the partitions and their sizes, never on where their blocks live
 * (Spark's default coalescer groups by host when it can), so the same input gives the same
 * groups on any cluster, and the groups keep the input's order. Each group prefers the host
 * holding most of its bytes.
 */
final class InOrderCoalescer implements PartitionCoalescer, Serializable {
  private static final long serialVersionUID = 1L;

  @Override
  public PartitionGroup[] coalesce(int maxPartitions, RDD<?> parent) {
    Partition[] parts = parent.partitions();
    long[] weights = new long[parts.length];
    for (int i = 0; i < parts.length; i++) {
      weights[i] = bytes(parts[i]);
    }
    int[] ends = ends(weights, maxPartitions);
    PartitionGroup[] groups = new PartitionGroup[ends.length];
    int start = 0;
    for (int g = 0; g < ends.length; g++) {
      groups[g] = new PartitionGroup(host(parent, parts, weights, start, ends[g]));
      for (int i = start; i < ends[g]; i++) {
        groups[g].partitions().addOne(parts[i]);
      }
      start = ends[g];
    }
    return groups;
  }

  /**
   * Where {@code min(n, weights.length)} runs of consecutive items end (exclusive), each run
   * non-empty: run g takes the items whose middle falls before {@code (g + 1) / n} of the total
   * weight, as far as the runs after it still get one item each.
   */
  static int[] ends(long[] weights, int n) {
    int m = weights.length;
    int runs = Math.min(n, m);
    double total = 0;
    for (long w : weights) {
      total += w;
    }
    boolean unweighted = total <= 0;
    if (unweighted) {
      total = m;
    }
    int[] ends = new int[runs];
    int e = 0;
    double before = 0; // weight of items [0, e)
    for (int g = 0; g < runs - 1; g++) {
      double target = total * (g + 1) / runs;
      int last = m - (runs - 1 - g); // leave one item for each later run
      do {
        before += unweighted ? 1 : weights[e];
        e++;
      } while (e < last && before + (unweighted ? 1 : weights[e]) / 2.0 <= target);
      ends[g] = e;
    }
    if (runs > 0) {
      ends[runs - 1] = m;
    }
    return ends;
  }

  /** Bytes of input a partition reads, or 1 if unknown. */
  private static long bytes(Partition p) {
    if (p instanceof HadoopPartition h) {
      try {
        return h.inputSplit().value().getLength();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    if (p instanceof FilePartition f) {
      long sum = 0;
      for (PartitionedFile file : f.files()) {
        sum += file.length();
      }
      return sum;
    }
    return 1;
  }

  /** The host preferred for most of the bytes of partitions {@code [start, end)}, if any. */
  private static Option<String> host(RDD<?> parent, Partition[] parts, long[] weights,
      int start, int end) {
    Map<String, Long> bytes = new HashMap<>();
    String best = null;
    for (int i = start; i < end; i++) {
      for (String h : CollectionConverters.asJava(parent.preferredLocations(parts[i]))) {
        long b = bytes.merge(h, Math.max(1, weights[i]), Long::sum);
        if (best == null || b > bytes.get(best) || b == bytes.get(best) && h.compareTo(best) < 0) {
          best = h;
        }
      }
    }
    return Option.apply(best);
  }
}
