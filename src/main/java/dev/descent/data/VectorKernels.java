package dev.descent.data;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The dense inner loops on the JDK's Vector API ({@code jdk.incubator.vector}): fused
 * multiply-adds over the widest vectors the CPU has, two accumulators per dot product, scalar
 * tails. Float storage is widened to double lane by lane, so products and sums are double as in
 * {@link ScalarKernels}. Only loaded when the module is present (see {@link Kernels}).
 *
 * <p>Each method keeps its vectors local to one loop: HotSpot (17) compiles such leaf loops to
 * plain SIMD code, while vectors kept live across an outer loop are boxed and run many times
 * slower.
 *
 * <p>Doubles use {@code SPECIES_MAX}, the species of Spark's own BLAS ({@code VectorBLAS} in
 * {@code dev.ludovic.netlib}, which MLlib and Spark ML call): the Vector API's shared methods keep
 * one type profile per vector class, and once a JVM had run both classes for the same shape
 * (there, {@code DoubleMaxVector} and {@code Double512Vector}), C2 recompiled some of these
 * kernels without the SIMD intrinsics: measured, a full pass at 1,000 features that had run in
 * 58 ms took 104 ms after Spark's BLAS and Descent's mini-batch steps had run in the same JVM,
 * and Spark's BLAS was slowed the same way. One class for both keeps both fast.
 */
final class VectorKernels {
  private static final VectorSpecies<Double> D = DoubleVector.SPECIES_MAX;
  /** Floats with as many lanes as {@link #D}, so one load widens to one double vector. */
  private static final VectorSpecies<Float> F =
      VectorSpecies.of(float.class, VectorShape.forBitSize(D.vectorBitSize() / 2));
  private static final int L = D.length();

  private VectorKernels() {}

  /** The species of the double vectors (see the class doc on why it is {@code SPECIES_MAX}). */
  static VectorSpecies<Double> doubleSpecies() {
    return D;
  }

  /** Lanes of a double vector (8 with AVX-512, 4 with AVX2). */
  public static int lanes() {
    return L;
  }

  /** {@code sum_{i<n} x[xo+i] * y[yo+i]}. */
  public static double dot(double[] x, int xo, double[] y, int yo, int n) {
    DoubleVector a0 = DoubleVector.zero(D);
    DoubleVector a1 = DoubleVector.zero(D);
    int i = 0;
    for (; i + 2 * L <= n; i += 2 * L) {
      a0 = DoubleVector.fromArray(D, x, xo + i).fma(DoubleVector.fromArray(D, y, yo + i), a0);
      a1 = DoubleVector.fromArray(D, x, xo + i + L)
          .fma(DoubleVector.fromArray(D, y, yo + i + L), a1);
    }
    if (i + L <= n) {
      a0 = DoubleVector.fromArray(D, x, xo + i).fma(DoubleVector.fromArray(D, y, yo + i), a0);
      i += L;
    }
    double s = a0.add(a1).reduceLanes(VectorOperators.ADD);
    for (; i < n; i++) {
      s += x[xo + i] * y[yo + i];
    }
    return s;
  }

  /** {@code sum_{i<n} x[xo+i] * y[yo+i]}, each float widened to double. */
  public static double dot(float[] x, int xo, double[] y, int yo, int n) {
    DoubleVector a0 = DoubleVector.zero(D);
    DoubleVector a1 = DoubleVector.zero(D);
    int i = 0;
    for (; i + 2 * L <= n; i += 2 * L) {
      a0 = widen(x, xo + i).fma(DoubleVector.fromArray(D, y, yo + i), a0);
      a1 = widen(x, xo + i + L).fma(DoubleVector.fromArray(D, y, yo + i + L), a1);
    }
    if (i + L <= n) {
      a0 = widen(x, xo + i).fma(DoubleVector.fromArray(D, y, yo + i), a0);
      i += L;
    }
    double s = a0.add(a1).reduceLanes(VectorOperators.ADD);
    for (; i < n; i++) {
      s += x[xo + i] * y[yo + i];
    }
    return s;
  }

  /** {@code y[yo+i] += a * x[xo+i]} for {@code i < n}. */
  public static void axpy(double a, double[] x, int xo, double[] y, int yo, int n) {
    DoubleVector av = DoubleVector.broadcast(D, a);
    int i = 0;
    for (; i + L <= n; i += L) {
      DoubleVector.fromArray(D, x, xo + i).fma(av, DoubleVector.fromArray(D, y, yo + i))
          .intoArray(y, yo + i);
    }
    for (; i < n; i++) {
      y[yo + i] += a * x[xo + i];
    }
  }

  /** {@code y[yo+i] += a * x[xo+i]} for {@code i < n}, each float widened to double. */
  public static void axpy(double a, float[] x, int xo, double[] y, int yo, int n) {
    DoubleVector av = DoubleVector.broadcast(D, a);
    int i = 0;
    for (; i + L <= n; i += L) {
      widen(x, xo + i).fma(av, DoubleVector.fromArray(D, y, yo + i)).intoArray(y, yo + i);
    }
    for (; i < n; i++) {
      y[yo + i] += a * x[xo + i];
    }
  }

  /**
   * {@code y[yo+i] += a0 x[x0+i] + a1 x[x1+i] + a2 x[x2+i] + a3 x[x3+i]} for {@code i < n}: four
   * rows' gradient contributions with one load and one store of {@code y} (the plain
   * one-row-at-a-time loop does four of each).
   */
  public static void axpy4(double a0, double a1, double a2, double a3, double[] x, int x0, int x1,
      int x2, int x3, double[] y, int yo, int n) {
    DoubleVector v0 = DoubleVector.broadcast(D, a0);
    DoubleVector v1 = DoubleVector.broadcast(D, a1);
    DoubleVector v2 = DoubleVector.broadcast(D, a2);
    DoubleVector v3 = DoubleVector.broadcast(D, a3);
    int i = 0;
    for (; i + L <= n; i += L) {
      DoubleVector acc = DoubleVector.fromArray(D, y, yo + i);
      acc = DoubleVector.fromArray(D, x, x0 + i).fma(v0, acc);
      acc = DoubleVector.fromArray(D, x, x1 + i).fma(v1, acc);
      acc = DoubleVector.fromArray(D, x, x2 + i).fma(v2, acc);
      acc = DoubleVector.fromArray(D, x, x3 + i).fma(v3, acc);
      acc.intoArray(y, yo + i);
    }
    for (; i < n; i++) {
      y[yo + i] += a0 * x[x0 + i] + a1 * x[x1 + i] + a2 * x[x2 + i] + a3 * x[x3 + i];
    }
  }

  /** {@link #axpy4(double, double, double, double, double[], int, int, int, int, double[], int, int)} on floats. */
  public static void axpy4(double a0, double a1, double a2, double a3, float[] x, int x0, int x1,
      int x2, int x3, double[] y, int yo, int n) {
    DoubleVector v0 = DoubleVector.broadcast(D, a0);
    DoubleVector v1 = DoubleVector.broadcast(D, a1);
    DoubleVector v2 = DoubleVector.broadcast(D, a2);
    DoubleVector v3 = DoubleVector.broadcast(D, a3);
    int i = 0;
    for (; i + L <= n; i += L) {
      DoubleVector acc = DoubleVector.fromArray(D, y, yo + i);
      acc = widen(x, x0 + i).fma(v0, acc);
      acc = widen(x, x1 + i).fma(v1, acc);
      acc = widen(x, x2 + i).fma(v2, acc);
      acc = widen(x, x3 + i).fma(v3, acc);
      acc.intoArray(y, yo + i);
    }
    for (; i < n; i++) {
      y[yo + i] += a0 * x[x0 + i] + a1 * x[x1 + i] + a2 * x[x2 + i] + a3 * x[x3 + i];
    }
  }

  private static DoubleVector widen(float[] x, int offset) {
    return (DoubleVector) FloatVector.fromArray(F, x, offset)
        .convertShape(VectorOperators.F2D, D, 0);
  }
}
