package dev.descent.loss;

import dev.descent.data.LabelDomain;

/**
 * Binary logistic loss for labels {@code y} in {0, 1}: {@code log(1 + e^m) - y m}, derivative
 * {@code sigmoid(m) - y}. Evaluated as {@code log1p(e^-|m|) + max(m, 0) - y m}, which neither
 * overflows nor loses the small losses of confidently right rows.
 */
public final class LogisticLoss implements Loss {
  private static final long serialVersionUID = 1L;

  @Override
  public String name() {
    return "logistic";
  }

  @Override
  public LabelDomain labelDomain() {
    return LabelDomain.BINARY;
  }

  @Override
  public int outputs(int numClasses) {
    return 1;
  }

  @Override
  public double rowLoss(double[] m, int off, int outputs, double label, double[] deriv, int doff) {
    double x = m[off];
    double e = Math.exp(-Math.abs(x));
    deriv[doff] = (x >= 0 ? 1 / (1 + e) : e / (1 + e)) - label;
    // max(x, 0) - y x is exact for y in {0, 1}; summing log1p(e) + max(x, 0) first would round
    // away the small loss of a confidently right positive row. Written per label, it also holds
    // for an infinite margin (a model scoring beyond the double range), where y x would be NaN.
    double rest = label == 1 ? Math.max(-x, 0) : label == 0 ? Math.max(x, 0)
        : Math.max(x, 0) - label * x;
    return Math.log1p(e) + rest;
  }

  @Override
  public double blockLoss(int count, int outputs, double[] m, double[] labels, double[] weights,
      int[] sel, double[] mult) {
    double sum = 0;
    for (int p = 0; p < count; p++) {
      int r = sel == null ? p : sel[p];
      double v = weights == null ? 1.0 : weights[r];
      double x = m[p];
      double y = labels[r];
      double e = Math.exp(-Math.abs(x));
      double sigmoid = x >= 0 ? 1 / (1 + e) : e / (1 + e);
      mult[p] = v * (sigmoid - y);
      sum += v * (log1p(e) + (Math.max(x, 0) - y * x));
    }
    return sum;
  }

  /**
   * {@code log(1 + e)} for {@code e} in [0, 1], accurate to a few ulps (Goldberg's rewriting: the
   * rounding error of {@code 1 + e} cancels in {@code log(u) / (u - 1)}). Training's hot loop
   * uses it because {@code Math.log} is a JIT intrinsic while {@code Math.log1p} calls into
   * fdlibm, which measured as costly as reading a 100-feature row; the per-row reference keeps
   * {@code Math.log1p}, and tests hold the two together.
   */
  static double log1p(double e) {
    double u = 1 + e;
    return u == 1 ? e : Math.log(u) * (e / (u - 1));
  }

  @Override
  public double curvature() {
    return 0.25;
  }

  @Override
  public boolean isClassifier() {
    return true;
  }

  @Override
  public double predict(double[] m, int off, int outputs) {
    return m[off] > 0 ? 1 : 0;
  }

  @Override
  public void probabilities(double[] m, int off, int outputs, double[] out) {
    double x = m[off];
    double e = Math.exp(-Math.abs(x));
    double p1 = x >= 0 ? 1 / (1 + e) : e / (1 + e);
    double p0 = x >= 0 ? e / (1 + e) : 1 / (1 + e);
    out[0] = p0;
    out[1] = p1;
  }
}
