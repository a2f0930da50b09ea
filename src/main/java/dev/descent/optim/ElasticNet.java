package dev.descent.optim;

import dev.descent.loss.ParameterLayout;

/**
 * The penalty {@code lambda ((1 - alpha)/2 ||w||^2 + alpha ||w||_1)} over the weights, never the
 * intercepts. The L2 part is smooth and joins the gradient; the L1 part is applied as a proximal
 * (soft-threshold) step after each update, which gives exact zeros.
 */
public final class ElasticNet {
  private final double l2;
  private final double l1;
  private final int numWeights;

  public ElasticNet(double lambda, double alpha, ParameterLayout layout) {
    this.l2 = lambda * (1 - alpha);
    this.l1 = lambda * alpha;
    this.numWeights = layout.numWeights();
  }

  /** Coefficient of the smooth part: {@code lambda (1 - alpha)}. */
  public double l2() {
    return l2;
  }

  /** Coefficient of the L1 part: {@code lambda alpha}. */
  public double l1() {
    return l1;
  }

  /** Number of leading parameters that are penalized (the weights). */
  public int numPenalized() {
    return numWeights;
  }

  /** The whole penalty at {@code x}. */
  public double value(double[] x) {
    return smoothValue(x) + l1Value(x);
  }

  /** {@code lambda (1 - alpha)/2 ||w||^2}. */
  public double smoothValue(double[] x) {
    if (l2 == 0) {
      return 0;
    }
    double s = 0;
    for (int i = 0; i < numWeights; i++) {
      s += x[i] * x[i];
    }
    return 0.5 * l2 * s;
  }

  /** {@code lambda alpha ||w||_1}. */
  public double l1Value(double[] x) {
    if (l1 == 0) {
      return 0;
    }
    double s = 0;
    for (int i = 0; i < numWeights; i++) {
      s += Math.abs(x[i]);
    }
    return l1 * s;
  }

  /** Adds the gradient of the smooth part: {@code g += lambda (1 - alpha) w}. */
  public void addSmoothGradient(double[] x, double[] g) {
    if (l2 == 0) {
      return;
    }
    for (int i = 0; i < numWeights; i++) {
      g[i] += l2 * x[i];
    }
  }

  /**
   * The proximal step of the L1 part after an update with learning rate {@code lr}: shrinks each
   * weight towards zero by {@code lr * rule.scale(i) * lambda alpha}, stopping at zero.
   */
  public void prox(double[] x, double lr, UpdateRule rule) {
    if (l1 == 0) {
      return;
    }
    for (int i = 0; i < numWeights; i++) {
      double threshold = lr * rule.scale(i) * l1;
      double v = x[i];
      x[i] = v > threshold ? v - threshold : v < -threshold ? v + threshold : 0.0;
    }
  }
}
