package dev.descent.data;

import java.io.Serializable;

/**
 * A vector of sums that Spark may merge in any order with the same result. Within one partition
 * values are added in a fixed order (plain doubles); partial sums from different partitions are
 * merged in double-double arithmetic (Knuth's TwoSum keeps each rounding error in a second
 * array), exact to about 2^-104 of the terms, so rounding the merged sum to a double gives the
 * same bits whichever order tasks finished in. The low-order array exists only after a merge, so
 * a partition's own result ships at plain size.
 */
public final class SumVector implements Serializable {
  private static final long serialVersionUID = 1L;

  private final double[] high;
  private double[] low;

  public SumVector(int size) {
    this.high = new double[size];
  }

  private SumVector(double[] high, double[] low) {
    this.high = high;
    this.low = low;
  }

  /** The array to add into directly, in a fixed order, before any merge. */
  public double[] values() {
    return high;
  }

  public int size() {
    return high.length;
  }

  /** Adds {@code other} into this vector and returns this. */
  public SumVector merge(SumVector other) {
    if (low == null) {
      low = new double[high.length];
    }
    double[] otherLow = other.low;
    for (int i = 0; i < high.length; i++) {
      double s = high[i] + other.high[i];
      double e = twoSumError(high[i], other.high[i], s) + low[i]
          + (otherLow == null ? 0 : otherLow[i]);
      high[i] = s + e;
      low[i] = e - (high[i] - s);
    }
    return this;
  }

  /** Sets every sum to zero, as if new. */
  public void clear() {
    java.util.Arrays.fill(high, 0.0);
    low = null;
  }

  public SumVector copy() {
    return new SumVector(high.clone(), low == null ? null : low.clone());
  }

  /** The rounding error of {@code s = a + b}, exactly (Knuth's TwoSum). */
  public static double twoSumError(double a, double b, double s) {
    double bb = s - a;
    return (a - (s - bb)) + (b - bb);
  }
}
