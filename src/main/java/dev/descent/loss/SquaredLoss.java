package dev.descent.loss;

import dev.descent.data.LabelDomain;

/** {@code (m - y)^2}, derivative {@code 2 (m - y)}: the mean squared error of the founding example. */
public final class SquaredLoss implements Loss {
  private static final long serialVersionUID = 1L;

  @Override
  public String name() {
    return "squared";
  }

  @Override
  public LabelDomain labelDomain() {
    return LabelDomain.REAL;
  }

  @Override
  public int outputs(int numClasses) {
    return 1;
  }

  @Override
  public double rowLoss(double[] m, int off, int outputs, double label, double[] deriv, int doff) {
    double r = m[off] - label;
    deriv[doff] = 2 * r;
    return r * r;
  }

  @Override
  public double blockLoss(int count, int outputs, double[] m, double[] labels, double[] weights,
      int[] sel, double[] mult) {
    double sum = 0;
    for (int p = 0; p < count; p++) {
      int r = sel == null ? p : sel[p];
      double v = weights == null ? 1.0 : weights[r];
      double res = m[p] - labels[r];
      mult[p] = 2 * v * res;
      sum += v * res * res;
    }
    return sum;
  }

  @Override
  public double curvature() {
    return 2;
  }

  @Override
  public boolean isClassifier() {
    return false;
  }

  @Override
  public double predict(double[] m, int off, int outputs) {
    return m[off];
  }
}
