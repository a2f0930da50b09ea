package dev.descent.engine;

import dev.descent.data.SkippedRecords;
import org.apache.spark.util.AccumulatorV2;

/**
 * Collects the records skipped while predictions are written. Exact: the parsing runs inside the
 * write job's result tasks, whose accumulator updates Spark applies once per partition (failed
 * and duplicate attempts are discarded).
 */
final class SkipAccumulator extends AccumulatorV2<SkippedRecords.Example, SkippedRecords> {
  private static final long serialVersionUID = 1L;

  private SkippedRecords tally = new SkippedRecords();

  @Override
  public boolean isZero() {
    return tally.count() == 0;
  }

  @Override
  public SkipAccumulator copy() {
    SkipAccumulator c = new SkipAccumulator();
    c.tally = tally.merge(new SkippedRecords());
    return c;
  }

  @Override
  public void reset() {
    tally = new SkippedRecords();
  }

  /** Adds a skipped record; a task adds its partition's records in input order. */
  @Override
  public void add(SkippedRecords.Example record) {
    tally.add(record);
  }

  @Override
  public void merge(AccumulatorV2<SkippedRecords.Example, SkippedRecords> other) {
    tally = tally.merge(other.value());
  }

  @Override
  public SkippedRecords value() {
    return tally;
  }
}
