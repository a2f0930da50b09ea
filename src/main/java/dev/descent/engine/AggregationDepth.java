package dev.descent.engine;

/**
 * The depth of the treeAggregate that sums partial gradients: fixed, or {@code auto}, chosen per
 * job from the partition count and the size of the partial sums.
 *
 * <p>Spark's treeAggregate of depth {@code d} over {@code p} partitions merges about
 * {@code p^(1/d)} partial sums per level, the last level on the driver. Each level past the first
 * adds a shuffle stage (a few milliseconds), while every partial sum that reaches the driver costs
 * its deserialization and merge there and counts against {@code spark.driver.maxResultSize}. So
 * auto takes the fewest levels (at least 2, Spark's default) that keep the fan-in at most
 * {@value #FAN_IN} partial sums, and at most {@value #DRIVER_BYTES_MB} MB of them, per merge.
 */
public record AggregationDepth(boolean auto, int levels) {
  public static final AggregationDepth AUTO = new AggregationDepth(true, 0);

  /** Partial sums merged at one place, at most (with small parameter vectors). */
  public static final int FAN_IN = 16;
  /** Bytes of partial sums merged at one place, at most, in MB (wide models). */
  public static final int DRIVER_BYTES_MB = 256;
  private static final int MAX_LEVELS = 12;

  public static AggregationDepth fixed(int levels) {
    if (levels < 1) {
      throw new IllegalArgumentException("depth " + levels + " < 1");
    }
    return new AggregationDepth(false, levels);
  }

  /**
   * The depth for a job over {@code partitions} partitions whose partial sums hold
   * {@code parameters} doubles (merged sums carry a second, error-term array: 16 bytes each).
   */
  public int levels(int partitions, long parameters) {
    if (!auto) {
      return levels;
    }
    long bytes = Math.max(1, 16 * parameters);
    long fanIn = Math.max(2, Math.min(FAN_IN, (DRIVER_BYTES_MB * 1024L * 1024L) / bytes));
    for (int d = 2; d < MAX_LEVELS; d++) {
      if (Math.ceil(Math.pow(partitions, 1.0 / d) - 1e-9) <= fanIn) {
        return d;
      }
    }
    return MAX_LEVELS;
  }

  @Override
  public String toString() {
    return auto ? "auto" : Integer.toString(levels);
  }
}
