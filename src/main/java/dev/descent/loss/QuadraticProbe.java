package dev.descent.loss;

import dev.descent.data.LabelDomain;

/**
 * Not a training loss: {@code m^2 / 2} with derivative {@code m}, labels ignored. Its gradient at
 * coefficients {@code v} is {@code sum_i v_i (x_i . v) x_i}, the product of the data's second-moment
 * matrix with {@code v}, which lets the same distributed pass run power iteration for the largest
 * curvature of the objective.
 */
public final class QuadraticProbe implements Loss {
  private static final long serialVersionUID = 1L;

  @Override
  public String name() {
    return "probe";
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
    deriv[doff] = m[off];
    return 0.5 * m[off] * m[off];
  }

  @Override
  public double curvature() {
    return 1;
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
