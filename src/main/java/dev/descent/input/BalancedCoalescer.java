package dev.descent.input;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.spark.Partition;
import org.apache.spark.rdd.HadoopPartition;
import org.apache.spark.rdd.PartitionCoalescer;
import org.apache.spark.rdd.PartitionGroup;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.execution.datasources.FilePartition;
import org.apache.spark.sql.execution.datasources.PartitionedFile;
import scala.Option;

/**
 * Groups an RDD's partitions into fewer, balanced by input bytes (a Hadoop split's length, a
 * Spark file partition's bytes; 1 each otherwise), each group holding its partitions in index
 * order. {@code contiguous}: each group is a run of consecutive partitions, so the groups keep
 * the input's order (text files); otherwise partitions are dealt largest first to the lightest
 * group, which balances pieces of unequal size (Spark orders a data source's file partitions by
 * size, so consecutive ones are not neighbours in the files anyway). The grouping depends only on
 * the partitions and their sizes, never on where their blocks live (Spark's default coalescer
 * groups by host when it can), so the same input gives the same groups on any cluster. Each
 * group prefers the host holding most of its bytes.
 */
final class BalancedCoalescer implements PartitionCoalescer, Serializable {
  private static final long serialVersionUID = 1L;

  private final boolean contiguous;

  BalancedCoalescer(boolean contiguous) {
    this.contiguous = contiguous;
  }

  @Override
  public PartitionGroup[] coalesce(int maxPartitions, RDD<?> parent) {
    Partition[] parts = parent.partitions();
    long[] weights = new long[parts.length];
    for (int i = 0; i < parts.length; i++) {
      weights[i] = bytes(parts[i]);
    }
    int[][] members = contiguous ? runs(weights, maxPartitions) : bins(weights, maxPartitions);
    PartitionGroup[] groups = new PartitionGroup[members.length];
    for (int g = 0; g < members.length; g++) {
      groups[g] = new PartitionGroup(host(parent, parts, weights, members[g]));
      for (int i : members[g]) {
        groups[g].partitions().$plus$eq(parts[i]); // += : addOne is Scala 2.13 only
      }
    }
    return groups;
  }

  /**
   * {@code min(n, weights.length)} runs of consecutive items, each non-empty: run g takes the
   * items whose middle falls before {@code (g + 1) / n} of the total weight, as far as the runs
   * after it still get one item each.
   */
  static int[][] runs(long[] weights, int n) {
    int m = weights.length;
    int count = Math.min(n, m);
    double[] w = known(weights);
    double total = Arrays.stream(w).sum();
    int[][] runs = new int[count][];
    int start = 0;
    double before = 0; // weight of items [0, e)
    for (int g = 0; g < count; g++) {
      int e = start;
      if (g == count - 1) {
        e = m;
      } else {
        double target = total * (g + 1) / count;
        int last = m - (count - 1 - g); // leave one item for each later run
        do {
          before += w[e];
          e++;
        } while (e < last && before + w[e] / 2 <= target);
      }
      runs[g] = IntStream.range(start, e).toArray();
      start = e;
    }
    return runs;
  }

  /**
   * {@code min(n, weights.length)} non-empty groups: items dealt heaviest first (ties: lower
   * index) to the lightest group so far (an empty one first; ties: lower group), each group's
   * items then in index order.
   */
  static int[][] bins(long[] weights, int n) {
    int count = Math.min(n, weights.length);
    double[] w = known(weights);
    Integer[] order = new Integer[w.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.<Integer>comparingDouble(i -> -w[i])
        .thenComparingInt(i -> i));
    double[] load = new double[count];
    List<List<Integer>> groups = new ArrayList<>();
    for (int g = 0; g < count; g++) {
      groups.add(new ArrayList<>());
    }
    for (int i : order) {
      int lightest = 0; // an empty group counts as lighter than any other
      for (int g = 1; g < count; g++) {
        double l = groups.get(g).isEmpty() ? -1 : load[g];
        if (l < (groups.get(lightest).isEmpty() ? -1 : load[lightest])) {
          lightest = g;
        }
      }
      load[lightest] += w[i];
      groups.get(lightest).add(i);
    }
    int[][] out = new int[count][];
    for (int g = 0; g < count; g++) {
      out[g] = groups.get(g).stream().mapToInt(Integer::intValue).sorted().toArray();
    }
    return out;
  }

  /** The weights, or 1 each if none is known (all 0). */
  private static double[] known(long[] weights) {
    boolean any = Arrays.stream(weights).anyMatch(x -> x > 0);
    return Arrays.stream(weights).mapToDouble(x -> any ? x : 1).toArray();
  }

  /** Bytes of input a partition reads, or 1 if unknown. */
  static long bytes(Partition p) {
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

  /** The host preferred for most of the bytes of the partitions {@code members}, if any. */
  private static Option<String> host(RDD<?> parent, Partition[] parts, long[] weights,
      int[] members) {
    Map<String, Long> bytes = new HashMap<>();
    String best = null;
    for (int i : members) {
      // Iterated by hand: the collection converters differ between Scala 2.12 and 2.13.
      scala.collection.Iterator<String> hosts = parent.preferredLocations(parts[i]).iterator();
      while (hosts.hasNext()) {
        String h = hosts.next();
        long b = bytes.merge(h, Math.max(1, weights[i]), Long::sum);
        if (best == null || b > bytes.get(best) || b == bytes.get(best) && h.compareTo(best) < 0) {
          best = h;
        }
      }
    }
    return Option.apply(best);
  }
}
