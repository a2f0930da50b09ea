package dev.descent.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.descent.loss.ParameterLayout;
import org.junit.jupiter.api.Test;

class ElasticNetTest {
  private static final double TOL = 1e-14;

  /** 2 features, 1 output, with intercept: parameters (w0, w1, b). */
  private static final ParameterLayout BINARY = new ParameterLayout(2, 1, true);

  @Test
  void splitsLambdaByAlpha() {
    ElasticNet p = new ElasticNet(0.5, 0.4, BINARY);
    assertEquals(0.3, p.l2(), TOL);
    assertEquals(0.2, p.l1(), TOL);
    assertEquals(2, p.numPenalized());
  }

  @Test
  void valueCoversWeightsButNotTheIntercept() {
    ElasticNet p = new ElasticNet(0.5, 0.4, BINARY);
    double[] x = {1, -2, 5};
    // 0.3/2 (1 + 4) + 0.2 (1 + 2) = 0.75 + 0.6
    assertEquals(0.75, p.smoothValue(x), TOL);
    assertEquals(0.6, p.l1Value(x), TOL);
    assertEquals(1.35, p.value(x), TOL);
  }

  @Test
  void smoothGradientIsAddedToWeightsOnly() {
    ElasticNet p = new ElasticNet(0.5, 0.4, BINARY);
    double[] g = {1, 1, 1};
    p.addSmoothGradient(new double[] {1, -2, 5}, g);
    assertArrayEquals(new double[] {1 + 0.3, 1 - 0.6, 1}, g, TOL);
  }

  @Test
  void softmaxLayoutPenalizesEveryClassWeightButNoIntercept() {
    // 2 features x 3 classes: weights at 0..5, intercepts at 6..8
    ElasticNet p = new ElasticNet(1, 0, new ParameterLayout(2, 3, true));
    double[] x = {1, 1, 1, 1, 1, 1, 7, 7, 7};
    assertEquals(3.0, p.value(x), TOL);
    double[] g = new double[9];
    p.addSmoothGradient(x, g);
    assertArrayEquals(new double[] {1, 1, 1, 1, 1, 1, 0, 0, 0}, g, TOL);
  }

  @Test
  void proxSoftThresholdsWeightsToExactZeros() {
    ElasticNet p = new ElasticNet(1, 1, BINARY); // l1 = 1
    double[] x = {0.5, -0.05, 3};
    p.prox(x, 0.1, new Sgd()); // threshold 0.1 * 1 * 1
    assertEquals(0.4, x[0], TOL);
    assertEquals(Double.doubleToLongBits(0.0), Double.doubleToLongBits(x[1]), "an exact +0");
    assertEquals(3, x[2], 0.0, "intercept untouched");

    double[] y = {-0.5, 0.1, -3};
    p.prox(y, 0.1, new Sgd());
    assertEquals(-0.4, y[0], TOL);
    assertEquals(0.0, y[1], 0.0, "at the threshold: zero");
    assertEquals(-3, y[2], 0.0);
  }

  @Test
  void proxThresholdUsesTheRulesPerCoordinateScale() {
    AdaGrad rule = new AdaGrad(3, 1.0);
    double[] x = {0, 0, 0};
    rule.step(x, new double[] {3, 8, 1}, 1e-9); // scale: 1/(3+1), 1/(8+1), 1/(1+1)
    ElasticNet p = new ElasticNet(2, 0.5, BINARY); // l1 = 1
    double[] z = {1, -1, 1};
    p.prox(z, 0.4, rule); // thresholds 0.4/4 = 0.1 and 0.4/9; the intercept is not penalized
    assertArrayEquals(new double[] {0.9, -1 + 0.4 / 9, 1}, z, TOL);
  }

  @Test
  void zeroL1LeavesParametersAlone() {
    ElasticNet p = new ElasticNet(1, 0, BINARY);
    double[] x = {1e-9, -1e-9, 0};
    p.prox(x, 10, new Sgd());
    assertArrayEquals(new double[] {1e-9, -1e-9, 0}, x, 0.0);
    assertEquals(0.0, p.l1Value(new double[] {1, 2, 3}), 0.0);
  }

  /**
   * Minimizing 1/2 (x - a)^2 + l1 |x| per coordinate has the closed form soft-threshold(a, l1);
   * proximal gradient (sgd on the smooth part, then the prox) reaches it, with exact zeros.
   */
  @Test
  void proximalGradientFindsTheKnownLassoSolution() {
    double[] a = {3, -0.5, 0.2, -2, 1, -4};
    double l1 = 1;
    ParameterLayout layout = new ParameterLayout(5, 1, true); // last coordinate: intercept
    ElasticNet p = new ElasticNet(l1, 1, layout);
    // soft-threshold(a, 1) for the weights; the intercept is unpenalized: x = a
    double[] expected = {2, 0, 0, -1, 0, -4};

    Sgd sgd = new Sgd();
    double[] x = new double[6];
    for (int t = 0; t < 200; t++) {
      double[] g = new double[6];
      for (int i = 0; i < 6; i++) {
        g[i] = x[i] - a[i];
      }
      sgd.step(x, g, 0.5);
      p.prox(x, 0.5, sgd);
    }
    assertArrayEquals(expected, x, 1e-12);
    assertEquals(0.0, x[1], 0.0);
    assertEquals(0.0, x[2], 0.0);
    assertEquals(0.0, x[4], 0.0);
  }
}
