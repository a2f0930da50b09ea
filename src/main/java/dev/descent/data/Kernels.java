package dev.descent.data;

/**
 * The inner loops every training step spends its time in, chosen once per JVM: the Vector API
 * kernels ({@link VectorKernels}) when the {@code jdk.incubator.vector} module is present (Spark
 * adds it to its JVMs; {@code submit.sh} and the tests do too), else plain loops
 * ({@link ScalarKernels}). Sparse rows always use the plain loops. The choice is a constant, so
 * the JIT removes the branch; {@code -Ddescent.kernels=scalar} forces the plain loops.
 *
 * <p>Dense gradients go four rows at a time ({@code axpy4}): each load and store of the gradient
 * serves four rows, which measured twice as fast as row-at-a-time in cache (a four-row dot
 * product for the margins measured slower, so margins go row by row). Measured (docs/performance.md): on dense rows
 * the Vector API kernels are 2-3x faster than the plain loops and near the memory bandwidth on 2
 * threads; Spark's netlib BLAS ({@code dgemv} per block) was slower, and cannot keep double sums
 * over float storage.
 */
final class Kernels {
  private static final boolean VECTOR = vectorAvailable();

  private Kernels() {}

  /** "vector (N lanes)" or "scalar": which dense kernels this JVM runs. */
  public static String implementation() {
    return VECTOR ? "vector (" + VectorKernels.lanes() + " double lanes)" : "scalar";
  }

  /** Whether the dense kernels run on the Vector API. */
  public static boolean vectorized() {
    return VECTOR;
  }

  public static double dot(double[] x, int xo, double[] y, int yo, int n) {
    return VECTOR ? VectorKernels.dot(x, xo, y, yo, n) : ScalarKernels.dot(x, xo, y, yo, n);
  }

  public static double dot(float[] x, int xo, double[] y, int yo, int n) {
    return VECTOR ? VectorKernels.dot(x, xo, y, yo, n) : ScalarKernels.dot(x, xo, y, yo, n);
  }

  public static void axpy(double a, double[] x, int xo, double[] y, int yo, int n) {
    if (VECTOR) {
      VectorKernels.axpy(a, x, xo, y, yo, n);
    } else {
      ScalarKernels.axpy(a, x, xo, y, yo, n);
    }
  }

  public static void axpy(double a, float[] x, int xo, double[] y, int yo, int n) {
    if (VECTOR) {
      VectorKernels.axpy(a, x, xo, y, yo, n);
    } else {
      ScalarKernels.axpy(a, x, xo, y, yo, n);
    }
  }

  public static void axpy4(double a0, double a1, double a2, double a3, double[] x, int x0, int x1,
      int x2, int x3, double[] y, int yo, int n) {
    if (VECTOR) {
      VectorKernels.axpy4(a0, a1, a2, a3, x, x0, x1, x2, x3, y, yo, n);
    } else {
      ScalarKernels.axpy4(a0, a1, a2, a3, x, x0, x1, x2, x3, y, yo, n);
    }
  }

  public static void axpy4(double a0, double a1, double a2, double a3, float[] x, int x0, int x1,
      int x2, int x3, double[] y, int yo, int n) {
    if (VECTOR) {
      VectorKernels.axpy4(a0, a1, a2, a3, x, x0, x1, x2, x3, y, yo, n);
    } else {
      ScalarKernels.axpy4(a0, a1, a2, a3, x, x0, x1, x2, x3, y, yo, n);
    }
  }

  private static boolean vectorAvailable() {
    if ("scalar".equals(System.getProperty("descent.kernels"))) {
      return false;
    }
    if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
      return false;
    }
    try {
      // Loads the class and its species; a JVM that lists the module but cannot use it fails here.
      return VectorKernels.lanes() > 0;
    } catch (LinkageError e) {
      return false;
    }
  }
}
