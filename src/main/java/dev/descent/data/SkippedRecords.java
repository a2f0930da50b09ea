package dev.descent.data;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;

/**
 * Malformed records dropped under {@code onBadRecord=skip}: how many, and the first few in input
 * order with what was wrong. Kept per partition and merged like the rest of a summary; small
 * (at most {@link #EXAMPLES} examples), whatever the number of records skipped.
 */
public final class SkippedRecords implements Serializable {
  private static final long serialVersionUID = 1L;

  /** How many skipped records are kept as examples. */
  public static final int EXAMPLES = 5;

  private static final Comparator<Example> INPUT_ORDER =
      Comparator.comparingInt(Example::partition).thenComparingLong(Example::order);

  /**
   * One skipped record.
   *
   * @param partition the RDD partition it was read in (partitions follow the input's order)
   * @param order its position within the partition: a byte offset, or a record number
   */
  public record Example(int partition, long order, Location where, String problem)
      implements Serializable {}

  private long count;
  private final ArrayList<Example> examples = new ArrayList<>();

  /** Counts a skipped record; the caller adds records of one partition in input order. */
  public void add(Example e) {
    count++;
    if (examples.size() < EXAMPLES) {
      examples.add(e);
    }
  }

  /** A new tally of both, whose examples are the first of both in input order. */
  public SkippedRecords merge(SkippedRecords o) {
    SkippedRecords m = new SkippedRecords();
    m.count = count + o.count;
    List<Example> all = new ArrayList<>(examples);
    all.addAll(o.examples);
    all.sort(INPUT_ORDER);
    m.examples.addAll(all.subList(0, Math.min(EXAMPLES, all.size())));
    return m;
  }

  public long count() {
    return count;
  }

  public List<Example> examples() {
    return List.copyOf(examples);
  }

  /** The report for people: examples located to file and line (one scan per file, on the driver). */
  public SkipReport describe(Configuration conf) {
    if (count == 0) {
      return SkipReport.NONE;
    }
    List<Location> where = examples.stream().map(Example::where).toList();
    List<String> located = LineLocator.describeAll(where, conf);
    List<SkipReport.Example> described = new ArrayList<>();
    for (int i = 0; i < examples.size(); i++) {
      described.add(new SkipReport.Example(located.get(i), examples.get(i).problem()));
    }
    return new SkipReport(count, described);
  }
}
