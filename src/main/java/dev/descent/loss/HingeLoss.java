package dev.descent.loss;

import dev.descent.data.LabelDomain;

/**
 * Hinge loss of a linear SVM for labels {@code y} in {0, 1} (read as -1/+1):
 * {@code max(0, 1 - s m)} with {@code s = 2y - 1}; subgradient {@code -s} where {@code s m < 1},
 * else 0. Not differentiable at {@code s m = 1}, so L-BFGS is not offered for it.
 */
public final class HingeLoss implements Loss {
  private static final long serialVersionUID = 1L;

  @Override
  public String name() {
    return "hinge";
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
    double s = 2 * label - 1;
    double slack = 1 - s * m[off];
    deriv[doff] = slack > 0 ? -s : 0;
    return Math.max(slack, 0);
  }

  @Override
  public double curvature() {
    return 1;
  }

  @Override
  public boolean smooth() {
    return false;
  }

  @Override
  public boolean isClassifier() {
    return true;
  }

  @Override
  public boolean hasProbabilities() {
    return false;
  }

  @Override
  public double predict(double[] m, int off, int outputs) {
    return m[off] > 0 ? 1 : 0;
  }
}
