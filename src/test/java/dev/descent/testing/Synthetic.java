package dev.descent.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.mllib.linalg.Vectors;
import org.apache.spark.mllib.regression.LabeledPoint;

/** Deterministic synthetic data sets and plain linear algebra for reference solutions. */
public final class Synthetic {
  private Synthetic() {}

  /** Rows of a dense n x d design: x_ij ~ scale_j * N(0,1) + shift_j. */
  public static double[][] design(int n, int d, long seed, double[] scale, double[] shift) {
    Random r = new Random(seed);
    double[][] x = new double[n][d];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < d; j++) {
        x[i][j] = scale[j] * r.nextGaussian() + shift[j];
      }
    }
    return x;
  }

  /** y = x . w + b + noise * N(0,1). */
  public static double[] linear(double[][] x, double[] w, double b, double noise, long seed) {
    Random r = new Random(seed);
    double[] y = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      y[i] = b + noise * r.nextGaussian();
      for (int j = 0; j < w.length; j++) {
        y[i] += w[j] * x[i][j];
      }
    }
    return y;
  }

  public static List<LabeledPoint> points(double[][] x, double[] y) {
    List<LabeledPoint> out = new ArrayList<>();
    for (int i = 0; i < x.length; i++) {
      out.add(new LabeledPoint(y[i], Vectors.dense(x[i])));
    }
    return out;
  }

  /** Solves A z = c by Gaussian elimination with partial pivoting (A is copied). */
  public static double[] solve(double[][] a, double[] c) {
    int n = c.length;
    double[][] m = new double[n][n + 1];
    for (int i = 0; i < n; i++) {
      System.arraycopy(a[i], 0, m[i], 0, n);
      m[i][n] = c[i];
    }
    for (int col = 0; col < n; col++) {
      int pivot = col;
      for (int r = col + 1; r < n; r++) {
        if (Math.abs(m[r][col]) > Math.abs(m[pivot][col])) {
          pivot = r;
        }
      }
      double[] t = m[col];
      m[col] = m[pivot];
      m[pivot] = t;
      for (int r = 0; r < n; r++) {
        if (r != col) {
          double f = m[r][col] / m[col][col];
          for (int k = col; k <= n; k++) {
            m[r][k] -= f * m[col][k];
          }
        }
      }
    }
    double[] z = new double[n];
    for (int i = 0; i < n; i++) {
      z[i] = m[i][n] / m[i][i];
    }
    return z;
  }

  /**
   * Minimizer of (1/n) sum (x.w + b - y)^2 + lambda/2 ||w||^2 (b unpenalized): the normal
   * equations of the augmented design. Returns {w..., b}.
   */
  public static double[] ridge(double[][] x, double[] y, double lambda) {
    int n = x.length;
    int d = x[0].length;
    double[][] a = new double[d + 1][d + 1];
    double[] c = new double[d + 1];
    for (int i = 0; i < n; i++) {
      for (int p = 0; p <= d; p++) {
        double xp = p < d ? x[i][p] : 1;
        c[p] += 2.0 / n * xp * y[i];
        for (int q = 0; q <= d; q++) {
          double xq = q < d ? x[i][q] : 1;
          a[p][q] += 2.0 / n * xp * xq;
        }
      }
    }
    for (int p = 0; p < d; p++) {
      a[p][p] += lambda;
    }
    return solve(a, c);
  }

  /**
   * Elastic-net least squares by cyclic coordinate descent, run to convergence:
   * minimizes (1/n) sum (x.w + b - y)^2 + lambda ((1-alpha)/2 ||w||^2 + alpha ||w||_1).
   * Returns {w..., b}.
   */
  public static double[] elasticNet(double[][] x, double[] y, double lambda, double alpha) {
    int n = x.length;
    int d = x[0].length;
    double[] w = new double[d + 1];
    double[] r = y.clone(); // residual y - (x.w + b)
    for (int sweep = 0; sweep < 100_000; sweep++) {
      double change = 0;
      for (int j = 0; j <= d; j++) {
        double sxx = 0;
        double sxr = 0;
        for (int i = 0; i < n; i++) {
          double xj = j < d ? x[i][j] : 1;
          sxx += xj * xj;
          sxr += xj * (r[i] + xj * w[j]);
        }
        // d/dw_j: (2/n)(w sxx - sxr) + l2 w + l1 sign(w) = 0
        double a = 2.0 / n * sxx + (j < d ? lambda * (1 - alpha) : 0);
        double z = 2.0 / n * sxr;
        double l1 = j < d ? lambda * alpha : 0;
        double updated = Math.signum(z) * Math.max(Math.abs(z) - l1, 0) / a;
        double delta = updated - w[j];
        if (delta != 0) {
          for (int i = 0; i < n; i++) {
            r[i] -= delta * (j < d ? x[i][j] : 1);
          }
          w[j] = updated;
          change = Math.max(change, Math.abs(delta));
        }
      }
      if (change < 1e-15) {
        break;
      }
    }
    return w;
  }

  /** The least-squares objective of {w..., b} as above. */
  public static double elasticNetObjective(double[][] x, double[] y, double[] wb, double lambda,
      double alpha) {
    int d = x[0].length;
    double loss = 0;
    for (int i = 0; i < x.length; i++) {
      double m = wb[d];
      for (int j = 0; j < d; j++) {
        m += wb[j] * x[i][j];
      }
      loss += (m - y[i]) * (m - y[i]);
    }
    double l2 = 0;
    double l1 = 0;
    for (int j = 0; j < d; j++) {
      l2 += wb[j] * wb[j];
      l1 += Math.abs(wb[j]);
    }
    return loss / x.length + lambda * ((1 - alpha) / 2 * l2 + alpha * l1);
  }
}
