package dev.descent.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.descent.testing.ReferenceGradient;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Both kernel implementations (plain loops and Vector API) against element-by-element loops in
 * double: every length from 0 to past four vector widths (so every remainder of the vector loops
 * and of the unrolled scalar loops is exercised), long odd lengths, offsets, double and float
 * storage, dense and sparse.
 */
class KernelsTest {

  /** One implementation of the dense kernels, for running the same checks on each. */
  private interface Dense {
    double dot(double[] x, int xo, double[] y, int yo, int n);

    double dot(float[] x, int xo, double[] y, int yo, int n);

    void axpy(double a, double[] x, int xo, double[] y, int yo, int n);

    void axpy(double a, float[] x, int xo, double[] y, int yo, int n);

    void axpy4(double a0, double a1, double a2, double a3, double[] x, int x0, int x1, int x2,
        int x3, double[] y, int yo, int n);

    void axpy4(double a0, double a1, double a2, double a3, float[] x, int x0, int x1, int x2,
        int x3, double[] y, int yo, int n);
  }

  private static final Dense SCALAR = new Dense() {
    public double dot(double[] x, int xo, double[] y, int yo, int n) {
      return ScalarKernels.dot(x, xo, y, yo, n);
    }

    public double dot(float[] x, int xo, double[] y, int yo, int n) {
      return ScalarKernels.dot(x, xo, y, yo, n);
    }

    public void axpy(double a, double[] x, int xo, double[] y, int yo, int n) {
      ScalarKernels.axpy(a, x, xo, y, yo, n);
    }

    public void axpy(double a, float[] x, int xo, double[] y, int yo, int n) {
      ScalarKernels.axpy(a, x, xo, y, yo, n);
    }

    public void axpy4(double a0, double a1, double a2, double a3, double[] x, int x0, int x1,
        int x2, int x3, double[] y, int yo, int n) {
      ScalarKernels.axpy4(a0, a1, a2, a3, x, x0, x1, x2, x3, y, yo, n);
    }

    public void axpy4(double a0, double a1, double a2, double a3, float[] x, int x0, int x1,
        int x2, int x3, double[] y, int yo, int n) {
      ScalarKernels.axpy4(a0, a1, a2, a3, x, x0, x1, x2, x3, y, yo, n);
    }
  };

  private static final Dense VECTOR = new Dense() {
    public double dot(double[] x, int xo, double[] y, int yo, int n) {
      return VectorKernels.dot(x, xo, y, yo, n);
    }

    public double dot(float[] x, int xo, double[] y, int yo, int n) {
      return VectorKernels.dot(x, xo, y, yo, n);
    }

    public void axpy(double a, double[] x, int xo, double[] y, int yo, int n) {
      VectorKernels.axpy(a, x, xo, y, yo, n);
    }

    public void axpy(double a, float[] x, int xo, double[] y, int yo, int n) {
      VectorKernels.axpy(a, x, xo, y, yo, n);
    }

    public void axpy4(double a0, double a1, double a2, double a3, double[] x, int x0, int x1,
        int x2, int x3, double[] y, int yo, int n) {
      VectorKernels.axpy4(a0, a1, a2, a3, x, x0, x1, x2, x3, y, yo, n);
    }

    public void axpy4(double a0, double a1, double a2, double a3, float[] x, int x0, int x1,
        int x2, int x3, double[] y, int yo, int n) {
      VectorKernels.axpy4(a0, a1, a2, a3, x, x0, x1, x2, x3, y, yo, n);
    }
  };

  private static List<Integer> lengths() {
    List<Integer> n = new ArrayList<>();
    int lanes = VectorKernels.lanes();
    for (int i = 0; i <= 4 * lanes + 3; i++) {
      n.add(i);
    }
    n.addAll(List.of(63, 64, 65, 99, 100, 101, 1000, 1001, 1023));
    return n;
  }

  @Test
  void theTestJvmRunsTheVectorKernels() {
    // Surefire starts the JVM with --add-modules=jdk.incubator.vector, as Spark and submit.sh do.
    assertEquals(true, Kernels.vectorized(), Kernels.implementation());
  }

  @Test
  void doubleVectorsAreOfTheSpeciesSparksBlasUses() throws Exception {
    // Two vector classes of one shape in a JVM made C2 drop the SIMD intrinsics in one or the
    // other (VectorKernels' class doc); Spark's BLAS keeps its species in a static field.
    Field blas = Class.forName("dev.ludovic.netlib.blas.VectorBLAS").getDeclaredField("DMAX");
    blas.setAccessible(true);
    assertEquals(blas.get(null), VectorKernels.doubleSpecies());
  }

  @Test
  void denseKernelsMatchElementLoops() {
    Random rnd = new Random(11);
    for (Dense k : List.of(SCALAR, VECTOR)) {
      String name = k == SCALAR ? "scalar" : "vector";
      for (int n : lengths()) {
        int xo = rnd.nextInt(5);
        int yo = rnd.nextInt(5);
        double[] x = gaussian(rnd, xo + n + 3);
        float[] xf = new float[x.length];
        for (int i = 0; i < x.length; i++) {
          xf[i] = (float) x[i];
        }
        double[] y = gaussian(rnd, yo + n + 3);
        double dot = 0;
        double dotF = 0;
        double scale = 0;
        for (int i = 0; i < n; i++) {
          dot += x[xo + i] * y[yo + i];
          dotF += (double) xf[xo + i] * y[yo + i];
          scale += Math.abs(x[xo + i] * y[yo + i]);
        }
        // Summation error grows at most like n * 2^-53 (Higham); the orders differ.
        double tol = 1.2e-16 * (n + 2);
        ReferenceGradient.assertClose(dot, k.dot(x, xo, y, yo, n), scale, tol,
            name + " dot n=" + n);
        ReferenceGradient.assertClose(dotF, k.dot(xf, xo, y, yo, n), scale, tol,
            name + " float dot n=" + n);

        double a = rnd.nextGaussian();
        double[] z = y.clone();
        double[] zf = y.clone();
        k.axpy(a, x, xo, z, yo, n);
        k.axpy(a, xf, xo, zf, yo, n);
        for (int i = 0; i < y.length; i++) {
          boolean inside = i >= yo && i < yo + n;
          double expected = inside ? y[i] + a * x[xo + i - yo] : y[i];
          double expectedF = inside ? y[i] + a * (double) xf[xo + i - yo] : y[i];
          // A fused multiply-add rounds once where the plain loop rounds twice.
          double axpyTol = 4e-16 * (Math.abs(y[i]) + Math.abs(a * x[Math.max(0, xo + i - yo)]));
          assertEquals(expected, z[i], inside ? axpyTol : 0, name + " axpy n=" + n + " i=" + i);
          assertEquals(expectedF, zf[i], inside ? axpyTol : 0,
              name + " float axpy n=" + n + " i=" + i);
        }
      }
    }
  }

  @Test
  void fourRowGradientKernelsMatchElementLoops() {
    Random rnd = new Random(13);
    for (Dense k : List.of(SCALAR, VECTOR)) {
      String name = k == SCALAR ? "scalar" : "vector";
      for (int n : lengths()) {
        // Four rows at scattered offsets (as a selection of rows gives them), in any order.
        int[] off = {3 * n + 5, 1, 2 * n + 3, n + 2};
        double[] x = gaussian(rnd, 4 * n + 9);
        float[] xf = new float[x.length];
        for (int i = 0; i < x.length; i++) {
          xf[i] = (float) x[i];
        }
        double[] a = {rnd.nextGaussian(), 0.0, rnd.nextGaussian(), -rnd.nextGaussian()};
        int yo = rnd.nextInt(4);
        double[] y = gaussian(rnd, yo + n + 2);
        double[] z = y.clone();
        double[] zf = y.clone();
        k.axpy4(a[0], a[1], a[2], a[3], x, off[0], off[1], off[2], off[3], z, yo, n);
        k.axpy4(a[0], a[1], a[2], a[3], xf, off[0], off[1], off[2], off[3], zf, yo, n);
        for (int i = 0; i < y.length; i++) {
          boolean inside = i >= yo && i < yo + n;
          double expected = y[i];
          double expectedF = y[i];
          double scale = Math.abs(y[i]);
          for (int r = 0; inside && r < 4; r++) {
            expected += a[r] * x[off[r] + i - yo];
            expectedF += a[r] * (double) xf[off[r] + i - yo];
            scale += Math.abs(a[r] * x[off[r] + i - yo]);
          }
          assertEquals(expected, z[i], inside ? 1e-15 * scale : 0,
              name + " axpy4 n=" + n + " i=" + i);
          assertEquals(expectedF, zf[i], inside ? 1e-15 * scale : 0,
              name + " float axpy4 n=" + n + " i=" + i);
        }
      }
    }
  }

  @Test
  void sparseKernelsMatchElementLoops() {
    Random rnd = new Random(12);
    for (int nnz : new int[] {0, 1, 2, 3, 7, 20, 33}) {
      int width = 50;
      int yo = rnd.nextInt(3) * width;
      int[] cols = new int[nnz + 2];
      double[] vals = gaussian(rnd, nnz + 2);
      float[] floats = new float[vals.length];
      for (int i = 0; i < cols.length; i++) {
        cols[i] = rnd.nextInt(width);
        floats[i] = (float) vals[i];
      }
      double[] y = gaussian(rnd, 4 * width);
      int from = 1;
      int to = 1 + nnz;
      double dot = 0;
      double dotF = 0;
      double scale = 0;
      for (int i = from; i < to; i++) {
        dot += vals[i] * y[yo + cols[i]];
        dotF += (double) floats[i] * y[yo + cols[i]];
        scale += Math.abs(vals[i] * y[yo + cols[i]]);
      }
      ReferenceGradient.assertClose(dot, ScalarKernels.sparseDot(vals, cols, from, to, y, yo),
          scale, 1e-15, "sparse dot nnz=" + nnz);
      ReferenceGradient.assertClose(dotF,
          ScalarKernels.sparseDot(floats, cols, from, to, y, yo), scale, 1e-15,
          "sparse float dot nnz=" + nnz);
      double a = 0.75;
      double[] expected = y.clone();
      double[] expectedF = y.clone();
      for (int i = from; i < to; i++) {
        expected[yo + cols[i]] += a * vals[i];
        expectedF[yo + cols[i]] += a * (double) floats[i];
      }
      double[] z = y.clone();
      double[] zf = y.clone();
      ScalarKernels.sparseAxpy(a, vals, cols, from, to, z, yo);
      ScalarKernels.sparseAxpy(a, floats, cols, from, to, zf, yo);
      for (int i = 0; i < y.length; i++) {
        assertEquals(expected[i], z[i], "sparse axpy nnz=" + nnz + " i=" + i);
        assertEquals(expectedF[i], zf[i], "sparse float axpy nnz=" + nnz + " i=" + i);
      }
    }
  }

  private static double[] gaussian(Random rnd, int n) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = rnd.nextGaussian() * (rnd.nextBoolean() ? 1 : 1e-3);
    }
    return v;
  }
}
