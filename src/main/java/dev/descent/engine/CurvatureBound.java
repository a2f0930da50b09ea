package dev.descent.engine;

import java.util.function.DoubleSupplier;

/**
 * The objective's curvature bound L, which {@code learningRate=auto} and the divergence advice
 * need: estimated once, when first needed (a few Spark jobs), or carried over from a checkpoint.
 * Mini-batch runs at {@code learningRate=auto} also need the mean curvature of one row (see
 * {@link BatchCurvature}), also computed once, when first needed.
 */
final class CurvatureBound {
  private final DoubleSupplier estimate;
  private final DoubleSupplier rowEstimate;
  private double value = Double.NaN;
  private double row = Double.NaN;

  /** @param estimate estimates L (called at most once) */
  CurvatureBound(DoubleSupplier estimate) {
    this(estimate, () -> Double.NaN);
  }

  /**
   * @param estimate estimates L (called at most once)
   * @param rowEstimate the mean curvature of one row (called at most once; NaN: unknown)
   */
  CurvatureBound(DoubleSupplier estimate, DoubleSupplier rowEstimate) {
    this.estimate = estimate;
    this.rowEstimate = rowEstimate;
  }

  /** L, estimated now if it is not known yet. */
  double get() {
    if (Double.isNaN(value)) {
      value = estimate.getAsDouble();
    }
    return value;
  }

  /** The mean curvature of one row, computed now if it is not known yet (NaN: unknown). */
  double row() {
    if (Double.isNaN(row)) {
      row = rowEstimate.getAsDouble();
    }
    return row;
  }

  /** L if known, else NaN. */
  double known() {
    return value;
  }

  /** Takes over L as a checkpoint recorded it (NaN: not estimated then). */
  void restore(double known) {
    value = known;
  }
}
