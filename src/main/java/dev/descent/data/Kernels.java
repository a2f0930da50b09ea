package dev.descent.data;

/**
 * The inner loops every training step spends its time in. Plain Java, written so that the JIT
 * vectorizes {@link #axpy} and the four independent accumulators of {@link #dot} hide the
 * floating-point add latency (a single accumulator cannot be reordered under Java's strict
 * IEEE semantics).
 */
public final class Kernels {
  private Kernels() {}

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

  /** {@code y[yo+i] += a * x[xo+i]} for {@code i < n}. */
  public static void axpy(double a, double[] x, int xo, double[] y, int yo, int n) {
    for (int i = 0; i < n; i++) {
      y[yo + i] += a * x[xo + i];
    }
  }
}
