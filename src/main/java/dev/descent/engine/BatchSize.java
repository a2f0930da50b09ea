package dev.descent.engine;

/**
 * Rows per mini-batch step: {@code all} (full batch, one step per epoch), a row count, or a
 * percentage of the rows.
 */
public record BatchSize(Kind kind, double value) {
  public enum Kind { ALL, ROWS, PERCENT }

  public static final BatchSize ALL = new BatchSize(Kind.ALL, 0);

  public boolean isFullBatch() {
    return kind == Kind.ALL;
  }

  /** One step per epoch whatever the rows: {@code all}, or a percentage of 100. */
  public boolean alwaysOneStep() {
    return kind == Kind.ALL || kind == Kind.PERCENT && value >= 100;
  }

  /** Steps per epoch for {@code rows} rows: {@code ceil(rows / batch)}, at least 1. */
  public long stepsPerEpoch(long rows) {
    switch (kind) {
      case ALL:
        return 1;
      case ROWS:
        return Math.max(1, (long) Math.ceil(rows / value));
      case PERCENT:
        return Math.max(1, (long) Math.ceil(rows / Math.max(1.0, rows * value / 100)));
      default:
        throw new AssertionError(kind);
    }
  }

  @Override
  public String toString() {
    switch (kind) {
      case ALL:
        return "all";
      case ROWS:
        return Long.toString((long) value);
      default:
        return (value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value)) + "%";
    }
  }
}
