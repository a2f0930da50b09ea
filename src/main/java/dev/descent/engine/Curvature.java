package dev.descent.engine;

import dev.descent.loss.ParameterLayout;
import dev.descent.loss.QuadraticProbe;
import java.util.SplittableRandom;

/**
 * Estimates the largest eigenvalue of the data's second-moment matrix
 * {@code S = (1/W) sum_i v_i z_i z_i^T} (optimization space, with a 1 for the intercept) by power
 * iteration, each product {@code S u} being one distributed pass of a {@link QuadraticProbe}. The
 * objective's curvature is then at most {@code loss.curvature() * lambdaMax(S) + lambda(1-alpha)}.
 * Passes read a fixed sample of at most {@value #SAMPLE_ROWS} rows, so the estimate costs the
 * same on any data size.
 */
final class Curvature {
  static final long SAMPLE_ROWS = 200_000;
  private static final int MAX_ITERATIONS = 30;

  private Curvature() {}

  /**
   * The Rayleigh quotient after power iteration converged to 0.1% (a lower bound that is tight in
   * practice; gradient descent stays stable with rates up to twice 1/L).
   */
  static double largestEigenvalue(TrainingData data, FeatureScaling scaling, boolean intercept,
      int depth, long seed) {
    ParameterLayout layout = new ParameterLayout(data.numFeatures(), 1, intercept);
    int n = layout.size();
    if (n == 0) {
      return 0;
    }
    DistributedObjective probe = new DistributedObjective(data.sparkContext(), data.rdd(), layout,
        new QuadraticProbe(), depth);
    long steps = Math.max(1, (long) Math.ceil((double) data.rows() / SAMPLE_ROWS));
    BatchPlan sample = steps == 1 ? BatchPlan.ALL : new BatchPlan(seed, -1, 0, steps);
    SplittableRandom random = new SplittableRandom(seed);
    double[] u = new double[n];
    for (int i = 0; i < n; i++) {
      u[i] = 0.5 + random.nextDouble();
    }
    normalize(u);
    double lambda = 0;
    for (int it = 0; it < MAX_ITERATIONS; it++) {
      BatchObjective.Sums sums = probe.evaluate(scaling.toRaw(u, layout), sample);
      double[] su = sums.gradientSum();
      scaling.gradientToOptimizationSpace(su, layout);
      double w = sums.weightSum();
      double rayleigh = 0;
      for (int i = 0; i < n; i++) {
        su[i] /= w;
        rayleigh += u[i] * su[i];
      }
      boolean settled = Math.abs(rayleigh - lambda) <= 1e-3 * rayleigh;
      lambda = rayleigh;
      if (settled || normalize(su) == 0) {
        break;
      }
      u = su;
    }
    return lambda;
  }

  private static double normalize(double[] v) {
    double s = 0;
    for (double x : v) {
      s += x * x;
    }
    double norm = Math.sqrt(s);
    if (norm > 0) {
      for (int i = 0; i < v.length; i++) {
        v[i] /= norm;
      }
    }
    return norm;
  }
}
