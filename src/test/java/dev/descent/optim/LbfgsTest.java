package dev.descent.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LbfgsTest {

  /** Counts evaluations of a function. */
  private static final class Counted implements Lbfgs.Function {
    private final Lbfgs.Function f;
    int calls;

    Counted(Lbfgs.Function f) {
      this.f = f;
    }

    @Override
    public double evaluate(double[] x, double[] gradient) {
      calls++;
      return f.evaluate(x, gradient);
    }
  }

  /** Iterates until no step helps, the (pseudo-)gradient vanishes or the budget runs out. */
  private static int minimize(Lbfgs opt, Lbfgs.Function fn, int maxIterations) {
    int evaluations = 0;
    int it = 0;
    while (it < maxIterations && opt.gradientNorm() > 1e-13) {
      Lbfgs.Step step = opt.iterate(fn);
      evaluations += step.evaluations();
      if (!step.moved()) {
        break;
      }
      assertTrue(step.evaluations() >= 1 && step.stepLength() > 0);
      it++;
    }
    return evaluations;
  }

  // ---- f(x) = 1/2 x'Ax - b'x with A symmetric positive definite ----

  private static final double[][] A = spd(5, new Random(3));
  private static final double[] SOLUTION = {1, -2, 3, 0.5, -1};
  private static final double[] B = times(A, SOLUTION);

  private static double[][] spd(int n, Random r) {
    double[][] m = new double[n][n];
    for (double[] row : m) {
      for (int j = 0; j < n; j++) {
        row[j] = r.nextGaussian();
      }
    }
    double[][] a = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        for (int k = 0; k < n; k++) {
          a[i][j] += m[k][i] * m[k][j];
        }
      }
      a[i][i] += 0.1;
    }
    return a;
  }

  private static double[] times(double[][] a, double[] x) {
    double[] y = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      for (int j = 0; j < x.length; j++) {
        y[i] += a[i][j] * x[j];
      }
    }
    return y;
  }

  private static double quadratic(double[] x, double[] g) {
    double[] ax = times(A, x);
    double f = 0;
    for (int i = 0; i < x.length; i++) {
      g[i] = ax[i] - B[i];
      f += 0.5 * x[i] * ax[i] - B[i] * x[i];
    }
    return f;
  }

  @Test
  void solvesAStronglyConvexQuadratic() {
    Lbfgs opt = new Lbfgs(new double[5], 10, 0, 0);
    opt.start(LbfgsTest::quadratic);
    minimize(opt, LbfgsTest::quadratic, 200);
    assertArrayEquals(SOLUTION, opt.x(), 1e-8);
  }

  // ---- Rosenbrock ----

  private static double rosenbrock(double[] x, double[] g) {
    double a = 1 - x[0];
    double b = x[1] - x[0] * x[0];
    g[0] = -2 * a - 400 * x[0] * b;
    g[1] = 200 * b;
    return a * a + 100 * b * b;
  }

  @Test
  void solvesRosenbrockFromTheClassicStartAndCountsEvaluations() {
    Counted fn = new Counted(LbfgsTest::rosenbrock);
    Lbfgs opt = new Lbfgs(new double[] {-1.2, 1}, 10, 0, 0);
    opt.start(fn);
    assertEquals(1, fn.calls);
    assertEquals(24.2, opt.objective(), 1e-12); // f(-1.2, 1) = 2.2^2 + 100 * 0.44^2
    int evaluations = minimize(opt, fn, 100);
    assertTrue(opt.iterations() < 100, opt.iterations() + " iterations");
    assertArrayEquals(new double[] {1, 1}, opt.x(), 1e-6);
    assertEquals(0, opt.objective(), 1e-12);
    assertEquals(1 + evaluations, fn.calls, "reported evaluations = calls");
    assertTrue(evaluations >= opt.iterations());
  }

  @Test
  void restoredStateContinuesIdentically() {
    // memory 3 so that the pair buffer wraps around before the checkpoint
    Lbfgs straight = new Lbfgs(new double[] {-1.2, 1}, 3, 0, 0);
    straight.start(LbfgsTest::rosenbrock);
    for (int i = 0; i < 20; i++) {
      straight.iterate(LbfgsTest::rosenbrock);
    }

    Lbfgs first = new Lbfgs(new double[] {-1.2, 1}, 3, 0, 0);
    first.start(LbfgsTest::rosenbrock);
    for (int i = 0; i < 8; i++) {
      first.iterate(LbfgsTest::rosenbrock);
    }
    Map<String, double[]> checkpoint = first.state();
    Lbfgs resumed = new Lbfgs(new double[] {5, 5}, 3, 0, 0);
    resumed.restore(checkpoint);
    assertEquals(8, resumed.iterations());
    for (int i = 8; i < 20; i++) {
      resumed.iterate(LbfgsTest::rosenbrock);
    }
    assertArrayEquals(straight.x(), resumed.x()); // bit for bit
    assertEquals(straight.objective(), resumed.objective(), 0.0);
    assertEquals(straight.iterations(), resumed.iterations());
  }

  // ---- OWL-QN on a lasso: 1/(2n) ||Xw - y||^2 + l1 ||w_0..4||_1, w_5 (intercept) unpenalized ----

  private static final int N = 40;
  private static final int P = 6;
  private static final double L1 = 0.1;
  private static final double[][] X = new double[N][P];
  private static final double[] Y = new double[N];

  static {
    Random r = new Random(11);
    double[] truth = {1.5, 0, -2, 0, 0.03, 0.7};
    for (int i = 0; i < N; i++) {
      for (int j = 0; j < P - 1; j++) {
        X[i][j] = r.nextGaussian();
      }
      X[i][P - 1] = 1;
      Y[i] = 0.1 * r.nextGaussian();
      for (int j = 0; j < P; j++) {
        Y[i] += X[i][j] * truth[j];
      }
    }
  }

  private static double leastSquares(double[] w, double[] g) {
    java.util.Arrays.fill(g, 0);
    double f = 0;
    for (int i = 0; i < N; i++) {
      double r = -Y[i];
      for (int j = 0; j < P; j++) {
        r += X[i][j] * w[j];
      }
      f += r * r / (2 * N);
      for (int j = 0; j < P; j++) {
        g[j] += r * X[i][j] / N;
      }
    }
    return f;
  }

  /** Cyclic coordinate descent with exact soft-threshold updates, to a change below 1e-14. */
  private static double[] coordinateDescent() {
    double[] w = new double[P];
    double change = Double.POSITIVE_INFINITY;
    for (int sweep = 0; sweep < 100000 && change > 1e-14; sweep++) {
      change = 0;
      for (int j = 0; j < P; j++) {
        double rho = 0;
        double z = 0;
        for (int i = 0; i < N; i++) {
          double partial = Y[i];
          for (int k = 0; k < P; k++) {
            if (k != j) {
              partial -= X[i][k] * w[k];
            }
          }
          rho += X[i][j] * partial / N;
          z += X[i][j] * X[i][j] / N;
        }
        double shrunk = j == P - 1 ? rho
            : Math.signum(rho) * Math.max(Math.abs(rho) - L1, 0);
        double next = shrunk / z;
        change = Math.max(change, Math.abs(next - w[j]));
        w[j] = next;
      }
    }
    return w;
  }

  @Test
  void owlqnMatchesCoordinateDescentOnALassoIncludingExactZeros() {
    double[] reference = coordinateDescent();
    int zeros = 0;
    for (int j = 0; j < P - 1; j++) {
      zeros += reference[j] == 0 ? 1 : 0;
    }
    assertTrue(zeros >= 2 && reference[0] != 0 && reference[2] != 0, "a lasso with zeros");

    Lbfgs opt = new Lbfgs(new double[P], 10, L1, P - 1);
    opt.start(LbfgsTest::leastSquares);
    minimize(opt, LbfgsTest::leastSquares, 500);
    assertArrayEquals(reference, opt.x(), 1e-6);
    for (int j = 0; j < P; j++) {
      if (reference[j] == 0) {
        assertEquals(0.0, opt.x()[j], 0.0, "coordinate " + j + " is exactly zero");
      }
    }
    double refObjective = leastSquares(reference, new double[P]);
    for (int j = 0; j < P - 1; j++) {
      refObjective += L1 * Math.abs(reference[j]);
    }
    assertEquals(refObjective, opt.objective(), 1e-10);
  }

  @Test
  void owlqnStateRestoreContinuesIdentically() {
    Lbfgs straight = new Lbfgs(new double[P], 4, L1, P - 1);
    straight.start(LbfgsTest::leastSquares);
    for (int i = 0; i < 12; i++) {
      straight.iterate(LbfgsTest::leastSquares);
    }
    Lbfgs first = new Lbfgs(new double[P], 4, L1, P - 1);
    first.start(LbfgsTest::leastSquares);
    for (int i = 0; i < 6; i++) {
      first.iterate(LbfgsTest::leastSquares);
    }
    Lbfgs resumed = new Lbfgs(new double[P], 4, L1, P - 1);
    resumed.restore(first.state());
    for (int i = 6; i < 12; i++) {
      resumed.iterate(LbfgsTest::leastSquares);
    }
    assertArrayEquals(straight.x(), resumed.x());
  }
}
