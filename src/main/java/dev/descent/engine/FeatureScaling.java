package dev.descent.engine;

import dev.descent.loss.ParameterLayout;
import java.io.Serializable;

/**
 * Standardization without touching the data: the optimizer works on parameters {@code theta} of
 * standardized features {@code z_j = (x_j - mu_j) / sigma_j}, while executors multiply raw
 * features with the equivalent raw coefficients
 * {@code w_j = theta_j / sigma_j, b = theta_b - sum_j w_j mu_j}. The chain rule maps raw gradient
 * sums back: {@code dF/dtheta_j = (dF/dw_j - mu_j dF/db) / sigma_j}. Sparse data stays sparse,
 * and the raw coefficients are also the model on the original scale. Features with zero variance
 * get weight 0.
 */
final class FeatureScaling implements Serializable {
  private static final long serialVersionUID = 1L;

  private final double[] mean; // null: no centring
  private final double[] inverseStd; // null: identity

  private FeatureScaling(double[] mean, double[] inverseStd) {
    this.mean = mean;
    this.inverseStd = inverseStd;
  }

  static FeatureScaling identity() {
    return new FeatureScaling(null, null);
  }

  /**
   * @param mean per-feature means, or null to scale without centring (no intercept to absorb the
   *     shift)
   * @param std per-feature standard deviations
   */
  static FeatureScaling standardize(double[] mean, double[] std) {
    double[] inv = new double[std.length];
    for (int j = 0; j < std.length; j++) {
      inv[j] = std[j] > 0 ? 1 / std[j] : 0;
    }
    return new FeatureScaling(mean, inv);
  }

  /** Whether raw coefficients are the parameters themselves (no standardization). */
  boolean isIdentity() {
    return inverseStd == null;
  }

  /**
   * Whether features are centred: the raw intercepts then depend on every weight, and the
   * gradient of every weight on the intercepts' gradient.
   */
  boolean centres() {
    return mean != null;
  }

  /** Feature {@code j}'s raw coefficient per unit of its parameter: {@code 1 / sigma_j}. */
  double rawPerUnit(int j) {
    return inverseStd == null ? 1 : inverseStd[j];
  }

  /** Raw-feature coefficients for optimization-space parameters. */
  double[] toRaw(double[] theta, ParameterLayout layout) {
    return toRaw(theta, layout, new double[theta.length]);
  }

  /** {@link #toRaw(double[], ParameterLayout)} written into {@code w}, which it returns. */
  double[] toRaw(double[] theta, ParameterLayout layout, double[] w) {
    System.arraycopy(theta, 0, w, 0, theta.length);
    if (inverseStd == null) {
      return w;
    }
    int d = layout.numFeatures();
    for (int k = 0; k < layout.outputs(); k++) {
      double shift = 0;
      for (int j = 0; j < d; j++) {
        int i = layout.weightIndex(k, j);
        w[i] = theta[i] * inverseStd[j];
        if (mean != null) {
          shift += w[i] * mean[j];
        }
      }
      if (layout.intercept()) {
        w[layout.interceptIndex(k)] -= shift;
      }
    }
    return w;
  }

  /**
   * Optimization-space parameters for raw-feature coefficients (the inverse of
   * {@link #toRaw}): {@code theta_j = w_j sigma_j}, {@code theta_b = b + sum_j w_j mu_j}. A
   * feature without variance keeps weight 0; its constant value moves into the intercept.
   */
  double[] fromRaw(double[] w, ParameterLayout layout) {
    double[] theta = w.clone();
    if (inverseStd == null) {
      return theta;
    }
    int d = layout.numFeatures();
    for (int k = 0; k < layout.outputs(); k++) {
      double shift = 0;
      for (int j = 0; j < d; j++) {
        int i = layout.weightIndex(k, j);
        theta[i] = inverseStd[j] > 0 ? w[i] / inverseStd[j] : 0;
        if (mean != null) {
          shift += w[i] * mean[j];
        }
      }
      if (layout.intercept()) {
        theta[layout.interceptIndex(k)] += shift;
      }
    }
    return theta;
  }

  /**
   * The mean squared norm of the rows in optimization space, {@code (1/W) sum_i v_i ||z_i||^2}
   * (z: the scaled row, with a 1 for the intercept when there is one), from the data's weighted
   * per-feature {@code means} and population {@code stds}: the trace of the second-moment matrix
   * whose largest eigenvalue bounds the curvature, and so the curvature of a typical row.
   */
  double meanSquaredRowNorm(double[] means, double[] stds, boolean intercept) {
    double s = intercept ? 1 : 0;
    for (int j = 0; j < means.length; j++) {
      double scale = inverseStd == null ? 1 : inverseStd[j];
      double shift = means[j] - (mean == null ? 0 : mean[j]);
      s += scale * scale * (stds[j] * stds[j] + shift * shift);
    }
    return s;
  }

  /** Maps a raw-coefficient gradient to optimization space, in place. */
  void gradientToOptimizationSpace(double[] g, ParameterLayout layout) {
    if (inverseStd == null) {
      return;
    }
    int d = layout.numFeatures();
    for (int k = 0; k < layout.outputs(); k++) {
      double gb = layout.intercept() ? g[layout.interceptIndex(k)] : 0;
      for (int j = 0; j < d; j++) {
        int i = layout.weightIndex(k, j);
        g[i] = (g[i] - (mean != null ? mean[j] * gb : 0)) * inverseStd[j];
      }
    }
  }
}
