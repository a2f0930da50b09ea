package dev.descent.optim;

import dev.descent.loss.ParameterLayout;
import java.io.Serializable;

/**
 * The penalty {@code lambda ((1 - alpha)/2 ||w||^2 + alpha ||w||_1)} over the weights, never the
 * intercepts, optionally plus a Gaussian prior {@code mu/2 ||w - c||^2} centred on earlier
 * weights {@code c} (warm-started retraining). The quadratic parts are smooth and join the
 * gradient; the L1 part is applied as a proximal (soft-threshold) step after each update, which
 * gives exact zeros.
 */
public final class ElasticNet implements Serializable {
  private static final long serialVersionUID = 1L;

  private final double l2;
  private final double l1;
  private final int numWeights;
  private final double prior;
  private final double[] center; // null without a prior

  public ElasticNet(double lambda, double alpha, ParameterLayout layout) {
    this(lambda, alpha, layout, 0, null);
  }

  /**
   * @param prior the prior's strength {@code mu} (0 for none)
   * @param center the prior's centre, a full parameter vector (only its weights are used)
   */
  public ElasticNet(double lambda, double alpha, ParameterLayout layout, double prior,
      double[] center) {
    this.l2 = lambda * (1 - alpha);
    this.l1 = lambda * alpha;
    this.numWeights = layout.numWeights();
    this.prior = center == null ? 0 : prior;
    this.center = this.prior == 0 ? null : center.clone();
  }

  /**
   * Curvature of the smooth part: {@code lambda (1 - alpha)} plus the prior's strength.
   */
  public double l2() {
    return l2 + prior;
  }

  /** Coefficient of the L1 part: {@code lambda alpha}. */
  public double l1() {
    return l1;
  }

  /** Whether a Gaussian prior (warm-started retraining) joins the smooth part. */
  public boolean hasPrior() {
    return center != null;
  }

  /** Number of leading parameters that are penalized (the weights). */
  public int numPenalized() {
    return numWeights;
  }

  /** The whole penalty at {@code x}. */
  public double value(double[] x) {
    return smoothValue(x) + l1Value(x);
  }

  /** {@code lambda (1 - alpha)/2 ||w||^2}, plus {@code mu/2 ||w - c||^2} with a prior. */
  public double smoothValue(double[] x) {
    double s = 0;
    if (l2 != 0) {
      s = sumOfSquares(x, numWeights) * (0.5 * l2);
    }
    if (center != null) {
      double d2 = 0;
      for (int i = 0; i < numWeights; i++) {
        d2 += (x[i] - center[i]) * (x[i] - center[i]);
      }
      s += 0.5 * prior * d2;
    }
    return s;
  }

  /** {@code sum x[i]^2} over the first {@code n} entries, in order. */
  public static double sumOfSquares(double[] x, int n) {
    double s = 0;
    for (int i = 0; i < n; i++) {
      s += x[i] * x[i];
    }
    return s;
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

  /** Adds the gradient of the smooth part: {@code g += lambda (1 - alpha) w + mu (w - c)}. */
  public void addSmoothGradient(double[] x, double[] g) {
    if (l2 != 0) {
      for (int i = 0; i < numWeights; i++) {
        g[i] += l2 * x[i];
      }
    }
    if (center != null) {
      for (int i = 0; i < numWeights; i++) {
        g[i] += prior * (x[i] - center[i]);
      }
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
