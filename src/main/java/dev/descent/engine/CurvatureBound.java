package dev.descent.engine;

import java.util.function.DoubleSupplier;

/**
 * The objective's curvature bound L, which {@code learningRate=auto} and the divergence advice
 * need: estimated once, when first needed (a few Spark jobs), or carried over from a checkpoint.
 */
final class CurvatureBound {
  private final DoubleSupplier estimate;
  private double value = Double.NaN;

  /** @param estimate estimates L (called at most once) */
  CurvatureBound(DoubleSupplier estimate) {
    this.estimate = estimate;
  }

  /** L, estimated now if it is not known yet. */
  double get() {
    if (Double.isNaN(value)) {
      value = estimate.getAsDouble();
    }
    return value;
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
