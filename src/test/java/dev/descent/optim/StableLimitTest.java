package dev.descent.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.config.Config;
import dev.descent.config.RunPlans;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The closed-form stable learning rates, checked by running each rule on a quadratic. */
class StableLimitTest {
  private static final Hyperparameters DEFAULTS = RunPlans.hyperparameters(Config.empty());

  private static Hyperparameters withMomentum(double mu) {
    Hyperparameters d = DEFAULTS;
    return new Hyperparameters(mu, d.beta1(), d.beta2(), d.rho(), d.epsilon(), d.historySize());
  }

  /** |x| after running the rule on f(x) = L/2 x^2 (gradient L x) from x = 1. */
  private static double runOnQuadratic(String rule, double curvature, double mu, double lr) {
    UpdateRule r = Optimizer.byName(rule).create(1, withMomentum(mu));
    double[] x = {1.0};
    for (int t = 0; t < 4000 && Math.abs(x[0]) < 1e12; t++) {
      r.step(x, new double[] {curvature * x[0]}, lr);
    }
    return Math.abs(x[0]);
  }

  @ParameterizedTest(name = "{0}, mu={1}, L={2}")
  @CsvSource({
      "sgd, 0.9, 1.0", "sgd, 0.0, 23.66",
      "momentum, 0.9, 1.0", "momentum, 0.5, 23.66", "momentum, 0.0, 4.0",
      "nesterov, 0.9, 1.0", "nesterov, 0.5, 23.66", "nesterov, 0.0, 4.0"})
  void justBelowTheLimitConvergesJustAboveDiverges(String rule, double mu, double curvature) {
    double limit = Optimizer.byName(rule).stableLimit(curvature, withMomentum(mu));
    assertTrue(runOnQuadratic(rule, curvature, mu, 0.99 * limit) < 1e-6, "0.99 * limit converges");
    assertTrue(runOnQuadratic(rule, curvature, mu, 1.01 * limit) > 1e6, "1.01 * limit diverges");
  }

  @Test
  void limitsInClosedForm() {
    Hyperparameters h = withMomentum(0.9);
    assertEquals(2.0 / 4, Optimizer.byName("sgd").stableLimit(4, h), 1e-15);
    assertEquals(2 * 1.9 / 4, Optimizer.byName("momentum").stableLimit(4, h), 1e-15);
    assertEquals(2 * 1.9 / (2.8 * 4), Optimizer.byName("nesterov").stableLimit(4, h), 1e-15);
    assertTrue(Double.isNaN(Optimizer.byName("adam").stableLimit(4, h)));
    assertTrue(Double.isNaN(Optimizer.byName("adagrad").stableLimit(4, h)));
  }

  /**
   * The founding example: least squares for y = 2x + 1 on x = 1..5. The objective
   * (1/5) sum (w x + b - y)^2 has Hessian (2/5) X^T X = 2 [[11, 3], [3, 1]], whose largest
   * eigenvalue is 2 (6 + sqrt(34)) ~ 23.66, so plain gradient descent is stable below ~0.0845.
   */
  @Test
  void foundingExampleCurvatureAndLimit() {
    double[][] m = new double[2][2]; // (1/n) X^T X with X = [x, 1]
    for (int x = 1; x <= 5; x++) {
      m[0][0] += x * x / 5.0;
      m[0][1] += x / 5.0;
      m[1][1] += 1 / 5.0;
    }
    assertArrayEquals(new double[] {11, 3, 1}, new double[] {m[0][0], m[0][1], m[1][1]}, 1e-12);
    double trace = 12;
    double det = 11 * 1 - 3 * 3;
    double curvature = 2 * (trace + Math.sqrt(trace * trace - 4 * det)) / 2;
    assertEquals(23.6619, curvature, 1e-4);
    assertEquals(2 * (6 + Math.sqrt(34)), curvature, 1e-12);

    double limit = Optimizer.byName("sgd").stableLimit(curvature, DEFAULTS);
    assertEquals(0.0845, limit, 1e-4);

    assertArrayEquals(new double[] {2, 1}, fitLine(0.99 * limit), 1e-6);
    double[] diverged = fitLine(1.01 * limit);
    assertTrue(!Double.isFinite(diverged[0]) || Math.abs(diverged[0]) > 1e6);
  }

  /** Full-batch sgd on the founding example, from (0, 0). */
  private static double[] fitLine(double lr) {
    Sgd sgd = new Sgd();
    double[] p = {0, 0};
    for (int t = 0; t < 20000; t++) {
      double[] g = new double[2];
      for (int x = 1; x <= 5; x++) {
        double r = p[0] * x + p[1] - (2 * x + 1);
        g[0] += 2 * r * x / 5;
        g[1] += 2 * r / 5;
      }
      sgd.step(p, g, lr);
    }
    return p;
  }
}
