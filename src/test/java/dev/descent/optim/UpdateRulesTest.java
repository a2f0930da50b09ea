package dev.descent.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.config.Config;
import dev.descent.config.RunPlans;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each update rule against three steps worked out by hand from its published formula, with a
 * different learning rate per step. Gradients are +dF/dx; every rule subtracts.
 */
class UpdateRulesTest {
  private static final double TOL = 1e-12;
  private static final double[] RATES = {0.1, 0.2, 0.05};

  /** Three gradients for a 3-parameter vector. */
  private static final double[][] G3 = {{1, 2, -1}, {0.5, -1, 0}, {-1, 0, 2}};
  /** Three gradients for a 2-parameter vector (adaptive rules). */
  private static final double[][] G2 = {{2, -3}, {-1, 0.5}, {4, 1}};

  private static double[] run(UpdateRule rule, double[] x0, double[][] gradients) {
    double[] x = x0.clone();
    for (int t = 0; t < gradients.length; t++) {
      rule.step(x, gradients[t], RATES[t]);
    }
    return x;
  }

  @Test
  void sgdSubtractsRateTimesGradient() {
    Sgd rule = new Sgd();
    double[] x = run(rule, new double[] {1, -1, 2}, G3);
    // x - 0.1 g1 - 0.2 g2 - 0.05 g3, coordinate by coordinate
    double[] expected = {
        1 - 0.1 * 1 - 0.2 * 0.5 - 0.05 * -1, // 0.85
        -1 - 0.1 * 2 - 0.2 * -1 - 0.05 * 0, // -1.0
        2 - 0.1 * -1 - 0.2 * 0 - 0.05 * 2}; // 2.0
    assertArrayEquals(new double[] {0.85, -1.0, 2.0}, expected, TOL);
    assertArrayEquals(expected, x, TOL);
    assertEquals(3, rule.steps());
    assertEquals(1.0, rule.scale(0));
  }

  @Test
  void momentumIsHeavyBallInPyTorchForm() {
    // v = 0.9 v + g; x -= lr v
    // step 1 (lr 0.1): v = (1, 2, -1);          x = (0.9, -1.2, 2.1)
    // step 2 (lr 0.2): v = (1.4, 0.8, -0.9);    x = (0.62, -1.36, 2.28)
    // step 3 (lr .05): v = (0.26, 0.72, 1.19);  x = (0.607, -1.396, 2.2205)
    Momentum rule = new Momentum(3, 0.9);
    double[] x = new double[] {1, -1, 2};
    rule.step(x, G3[0], RATES[0]);
    assertArrayEquals(new double[] {0.9, -1.2, 2.1}, x, TOL);
    rule.step(x, G3[1], RATES[1]);
    assertArrayEquals(new double[] {0.62, -1.36, 2.28}, x, TOL);
    rule.step(x, G3[2], RATES[2]);
    assertArrayEquals(new double[] {0.607, -1.396, 2.2205}, x, TOL);
    assertArrayEquals(new double[] {0.26, 0.72, 1.19}, rule.state().get("velocity"), TOL);
    // the L1 threshold's scale: a built-up velocity is g / (1 - mu)
    assertEquals(10.0, rule.scale(1), TOL);
  }

  @Test
  void nesterovUsesLookAheadVelocity() {
    // v = 0.9 v + g; x -= lr (g + 0.9 v)
    // step 1 (lr 0.1): v = (1, 2, -1);         g + mu v = (1.9, 3.8, -1.9);      x = (0.81, -1.38, 2.19)
    // step 2 (lr 0.2): v = (1.4, 0.8, -0.9);   g + mu v = (1.76, -0.28, -0.81);  x = (0.458, -1.324, 2.352)
    // step 3 (lr .05): v = (0.26, 0.72, 1.19); g + mu v = (-0.766, 0.648, 3.071); x = (0.4963, -1.3564, 2.19845)
    Nesterov rule = new Nesterov(3, 0.9);
    double[] x = new double[] {1, -1, 2};
    rule.step(x, G3[0], RATES[0]);
    assertArrayEquals(new double[] {0.81, -1.38, 2.19}, x, TOL);
    rule.step(x, G3[1], RATES[1]);
    assertArrayEquals(new double[] {0.458, -1.324, 2.352}, x, TOL);
    rule.step(x, G3[2], RATES[2]);
    assertArrayEquals(new double[] {0.4963, -1.3564, 2.19845}, x, TOL);
    assertEquals(10.0, rule.scale(2), TOL); // g + mu g / (1 - mu) = g / (1 - mu)
  }

  @Test
  void adaGradDividesByRootOfSummedSquaresPlusEpsilon() {
    // G += g^2; x -= lr g / (sqrt(G) + eps), eps = 1 so that its placement matters.
    // coordinate 0: g = 3, 4, -12  -> G = 9, 25, 169  -> sqrt(G) + 1 = 4, 6, 14
    // coordinate 1: g = -6, 8, 24  -> G = 36, 100, 676 -> sqrt(G) + 1 = 7, 11, 27
    AdaGrad rule = new AdaGrad(2, 1.0);
    double[] x = {1, 2};
    double[][] g = {{3, -6}, {4, 8}, {-12, 24}};
    for (int t = 0; t < 3; t++) {
      rule.step(x, g[t], RATES[t]);
    }
    double[] expected = {
        1 - 0.1 * 3 / 4 - 0.2 * 4 / 6 - 0.05 * -12 / 14,
        2 - 0.1 * -6 / 7 - 0.2 * 8 / 11 - 0.05 * 24 / 27};
    assertArrayEquals(expected, x, TOL);
    assertEquals(1.0 / 14, rule.scale(0), TOL);
    assertEquals(1.0 / 27, rule.scale(1), TOL);
  }

  @Test
  void rmsPropDividesByRootOfDecayingMeanSquarePlusEpsilon() {
    // E = 0.9 E + 0.1 g^2; x -= lr g / (sqrt(E) + eps), eps = 0.5
    // coordinate 0: g = 2, -1, 4     -> E = 0.4, 0.46, 2.014
    // coordinate 1: g = -3, 0.5, 1   -> E = 0.9, 0.835, 0.8515
    RmsProp rule = new RmsProp(2, 0.9, 0.5);
    double[] x = run(rule, new double[] {0.5, -0.5}, G2);
    double[] expected = {
        0.5 - 0.1 * 2 / (Math.sqrt(0.4) + 0.5) - 0.2 * -1 / (Math.sqrt(0.46) + 0.5)
            - 0.05 * 4 / (Math.sqrt(2.014) + 0.5),
        -0.5 - 0.1 * -3 / (Math.sqrt(0.9) + 0.5) - 0.2 * 0.5 / (Math.sqrt(0.835) + 0.5)
            - 0.05 * 1 / (Math.sqrt(0.8515) + 0.5)};
    assertArrayEquals(expected, x, TOL);
    assertEquals(1 / (Math.sqrt(2.014) + 0.5), rule.scale(0), TOL);
    assertEquals(1 / (Math.sqrt(0.8515) + 0.5), rule.scale(1), TOL);
  }

  @Test
  void adamFollowsKingmaBaAlgorithm1WithBiasCorrection() {
    // m = 0.9 m + 0.1 g; v = 0.999 v + 0.001 g^2; x -= lr (m / (1 - 0.9^t)) / (sqrt(v / (1 - 0.999^t)) + eps)
    // bias corrections: 1 - 0.9^t = 0.1, 0.19, 0.271; 1 - 0.999^t = 0.001, 0.001999, 0.002997001
    // coordinate 0: g = 2, -1, 4    -> m = 0.2, 0.08, 0.472;    v = 0.004, 0.004996, 0.020991004
    // coordinate 1: g = -3, 0.5, 1  -> m = -0.3, -0.22, -0.098; v = 0.009, 0.009241, 0.010231759
    double eps = 1e-8;
    Adam rule = new Adam(2, 0.9, 0.999, eps);
    double[] x = run(rule, new double[] {0.5, -0.5}, G2);
    double[] expected = {
        0.5 - 0.1 * (0.2 / 0.1) / (Math.sqrt(0.004 / 0.001) + eps)
            - 0.2 * (0.08 / 0.19) / (Math.sqrt(0.004996 / 0.001999) + eps)
            - 0.05 * (0.472 / 0.271) / (Math.sqrt(0.020991004 / 0.002997001) + eps),
        -0.5 - 0.1 * (-0.3 / 0.1) / (Math.sqrt(0.009 / 0.001) + eps)
            - 0.2 * (-0.22 / 0.19) / (Math.sqrt(0.009241 / 0.001999) + eps)
            - 0.05 * (-0.098 / 0.271) / (Math.sqrt(0.010231759 / 0.002997001) + eps)};
    assertArrayEquals(expected, x, TOL);
    assertEquals(1 / (Math.sqrt(0.020991004 / 0.002997001) + eps), rule.scale(0), 1e-9);
    assertEquals(1 / (Math.sqrt(0.010231759 / 0.002997001) + eps), rule.scale(1), 1e-9);
  }

  @Test
  void adamFirstStepMovesEachCoordinateByAboutTheLearningRate() {
    // After one step mHat = g and vHat = g^2, so the move is lr * g / (|g| + eps) ~ lr * sign(g),
    // whatever the gradient's magnitude.
    double lr = 0.01;
    double[] g = {3, -0.001, 250, -1e4};
    double[] x = new double[4];
    new Adam(4, 0.9, 0.999, 1e-8).step(x, g, lr);
    for (int i = 0; i < g.length; i++) {
      assertEquals(-Math.signum(g[i]) * lr, x[i], 1e-4 * lr, "coordinate " + i);
    }
  }

  // ---- checkpoints ----

  private static UpdateRule create(String name, int size) {
    return Optimizer.byName(name).create(size, RunPlans.hyperparameters(Config.empty()));
  }

  private static final List<String> RULES =
      List.of("sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam");

  @Test
  void createReturnsTheNamedRuleAndRefusesLbfgs() {
    for (String name : RULES) {
      assertEquals(name, create(name, 2).name());
    }
    assertThrows(IllegalArgumentException.class, () -> create(Optimizer.LBFGS.settingName(), 2));
  }

  @ParameterizedTest
  @ValueSource(strings = {"sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam"})
  void restoredRuleContinuesBitForBit(String name) {
    Random random = new Random(7);
    double[][] gradients = new double[10][3];
    double[] rates = new double[10];
    for (int t = 0; t < 10; t++) {
      for (int i = 0; i < 3; i++) {
        gradients[t][i] = random.nextGaussian() * Math.pow(10, random.nextInt(5) - 2);
      }
      rates[t] = 0.001 + 0.1 * random.nextDouble();
    }
    double[] x0 = {0.3, -1.7, 2.5};

    UpdateRule straight = create(name, 3);
    double[] xs = x0.clone();
    for (int t = 0; t < 10; t++) {
      straight.step(xs, gradients[t], rates[t]);
    }

    UpdateRule first = create(name, 3);
    double[] xr = x0.clone();
    for (int t = 0; t < 5; t++) {
      first.step(xr, gradients[t], rates[t]);
    }
    Map<String, double[]> checkpoint = first.state();
    double[] scalesAtCheckpoint = {first.scale(0), first.scale(1), first.scale(2)};
    first.step(xr.clone(), gradients[5], rates[5]); // the checkpoint is a copy: later steps leave it
    UpdateRule resumed = create(name, 3);
    resumed.restore(checkpoint);
    assertEquals(5, resumed.steps());
    checkpoint.values().forEach(a -> Arrays.fill(a, 1e9)); // restore copied it in
    for (int i = 0; i < 3; i++) {
      assertEquals(Double.doubleToLongBits(scalesAtCheckpoint[i]),
          Double.doubleToLongBits(resumed.scale(i)), "scale right after restore");
    }
    for (int t = 5; t < 10; t++) {
      resumed.step(xr, gradients[t], rates[t]);
    }

    assertArrayEquals(xs, xr); // exact: compares the bits
    assertEquals(10, resumed.steps());
    for (int i = 0; i < 3; i++) {
      assertEquals(Double.doubleToLongBits(straight.scale(i)),
          Double.doubleToLongBits(resumed.scale(i)));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"momentum", "nesterov", "adagrad", "rmsprop", "adam"})
  void restoreRejectsStateOfAnotherSize(String name) {
    UpdateRule three = create(name, 3);
    three.step(new double[3], new double[] {1, 2, 3}, 0.1);
    UpdateRule two = create(name, 2);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> two.restore(three.state()));
    assertTrue(e.getMessage().contains("wrong size"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam"})
  void restoreRejectsStateWithoutStepCount(String name) {
    Map<String, double[]> state = create(name, 2).state();
    state.remove("t");
    assertThrows(IllegalArgumentException.class, () -> create(name, 2).restore(state));
  }
}
