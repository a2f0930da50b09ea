package dev.descent.data;

/**
 * The inner loops in plain Java: the reference the vector kernels are tested against, the
 * fallback when the JDK's Vector API module is not available at run time, and the sparse kernels
 * everywhere (measured: gathers and scatters of the Vector API are no faster than these loops on
 * CSR rows of 20 values). Every product is formed and summed in double, whatever the storage.
 *
 * <p>The four independent accumulators of the dot products hide the floating-point add latency
 * (one accumulator cannot be reordered under Java's strict IEEE semantics); the JIT vectorizes
 * the dense {@code axpy} loops by itself.
 */
final class ScalarKernels {
  private ScalarKernels() {}

  /** {@code sum_{i<n} x[xo+i] * y[yo+i]}. */
  public static double dot(double[] x, int xo, double[] y, int yo, int n) {
    double s0 = 0;
    double s1 = 0;
    double s2 = 0;
    double s3 = 0;
    int i = 0;
    for (; i + 3 < n; i += 4) {
      s0 += x[xo + i] * y[yo + i];
      s1 += x[xo + i + 1] * y[yo + i + 1];
      s2 += x[xo + i + 2] * y[yo + i + 2];
      s3 += x[xo + i + 3] * y[yo + i + 3];
    }
    for (; i < n; i++) {
      s0 += x[xo + i] * y[yo + i];
    }
    return (s0 + s1) + (s2 + s3);
  }

  /** {@code sum_{i<n} x[xo+i] * y[yo+i]}, each float widened to double. */
  public static double dot(float[] x, int xo, double[] y, int yo, int n) {
    double s0 = 0;
    double s1 = 0;
    double s2 = 0;
    double s3 = 0;
    int i = 0;
    for (; i + 3 < n; i += 4) {
      s0 += x[xo + i] * y[yo + i];
      s1 += x[xo + i + 1] * y[yo + i + 1];
      s2 += x[xo + i + 2] * y[yo + i + 2];
      s3 += x[xo + i + 3] * y[yo + i + 3];
    }
    for (; i < n; i++) {
      s0 += x[xo + i] * y[yo + i];
    }
    return (s0 + s1) + (s2 + s3);
  }

  /** {@code y[yo+i] += a * x[xo+i]} for {@code i < n}. */
  public static void axpy(double a, double[] x, int xo, double[] y, int yo, int n) {
    for (int i = 0; i < n; i++) {
      y[yo + i] += a * x[xo + i];
    }
  }

  /** {@code y[yo+i] += a * x[xo+i]} for {@code i < n}, each float widened to double. */
  public static void axpy(double a, float[] x, int xo, double[] y, int yo, int n) {
    for (int i = 0; i < n; i++) {
      y[yo + i] += a * x[xo + i];
    }
  }

  /** {@code y[yo+i] += a0 x[x0+i] + a1 x[x1+i] + a2 x[x2+i] + a3 x[x3+i]} for {@code i < n}. */
  public static void axpy4(double a0, double a1, double a2, double a3, double[] x, int x0, int x1,
      int x2, int x3, double[] y, int yo, int n) {
    for (int i = 0; i < n; i++) {
      y[yo + i] += a0 * x[x0 + i] + a1 * x[x1 + i] + a2 * x[x2 + i] + a3 * x[x3 + i];
    }
  }

  /** {@link #axpy4(double, double, double, double, double[], int, int, int, int, double[], int, int)} on floats. */
  public static void axpy4(double a0, double a1, double a2, double a3, float[] x, int x0, int x1,
      int x2, int x3, double[] y, int yo, int n) {
    for (int i = 0; i < n; i++) {
      y[yo + i] += a0 * x[x0 + i] + a1 * x[x1 + i] + a2 * x[x2 + i] + a3 * x[x3 + i];
    }
  }

  /** {@code sum_{from<=i<to} vals[i] * y[yo + cols[i]]}: a CSR row times a dense vector. */
  public static double sparseDot(double[] vals, int[] cols, int from, int to, double[] y,
      int yo) {
    double s = 0;
    for (int i = from; i < to; i++) {
      s += vals[i] * y[yo + cols[i]];
    }
    return s;
  }

  /** {@code sum_{from<=i<to} vals[i] * y[yo + cols[i]]}, each float widened to double. */
  public static double sparseDot(float[] vals, int[] cols, int from, int to, double[] y, int yo) {
    double s = 0;
    for (int i = from; i < to; i++) {
      s += vals[i] * y[yo + cols[i]];
    }
    return s;
  }

  /** {@code y[yo + cols[i]] += a * vals[i]} for {@code from <= i < to}. */
  public static void sparseAxpy(double a, double[] vals, int[] cols, int from, int to,
      double[] y, int yo) {
    for (int i = from; i < to; i++) {
      y[yo + cols[i]] += a * vals[i];
    }
  }

  /** {@code y[yo + cols[i]] += a * vals[i]} for {@code from <= i < to}, floats widened. */
  public static void sparseAxpy(double a, float[] vals, int[] cols, int from, int to, double[] y,
      int yo) {
    for (int i = from; i < to; i++) {
      y[yo + cols[i]] += a * vals[i];
    }
  }
}
