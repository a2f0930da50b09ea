package dev.descent.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

class LinearModelTest {
  private static final double TOL = 1e-15;

  @Test
  void regressionPredictsTheMargin() {
    LinearModel m = new LinearModel("squared", 2, 0, new double[][] {{2, -1}}, new double[] {1},
        true, Map.of());
    double[] margins = m.margins(new double[] {3, 4}); // 2*3 - 4 + 1
    assertArrayEquals(new double[] {3}, margins, TOL);
    assertEquals(3, m.predict(margins), TOL);
    assertNull(m.probabilities(margins));
    assertEquals(false, m.isClassifier());
  }

  @Test
  void logisticUsesTheSigmoid() {
    LinearModel m = new LinearModel("logistic", 2, 2, new double[][] {{0.5, -0.25}},
        new double[] {0.1}, true, Map.of());
    double[] margins = m.margins(new double[] {2, 4}); // 1 - 1 + 0.1
    assertArrayEquals(new double[] {0.1}, margins, TOL);
    double p1 = 1 / (1 + Math.exp(-0.1)); // 0.52497918747894...
    assertArrayEquals(new double[] {1 - p1, p1}, m.probabilities(margins), 1e-15);
    assertEquals(0.52497918747894, p1, 1e-14);
    assertEquals(1, m.predict(margins));
    assertEquals(0, m.predict(new double[] {-0.1}));
    // far tails: no overflow, probabilities stay in [0, 1] and sum to 1
    assertArrayEquals(new double[] {1, 0}, m.probabilities(new double[] {-800}), 0.0);
    assertArrayEquals(new double[] {0, 1}, m.probabilities(new double[] {800}), 0.0);
    assertEquals(Math.exp(-40), m.probabilities(new double[] {-40})[1], 1e-30);
  }

  @Test
  void softmaxUsesNormalizedExponentials() {
    LinearModel m = new LinearModel("softmax", 2, 3,
        new double[][] {{1, 0}, {0, 1}, {1, 1}}, new double[] {0, 1, -2}, true, Map.of());
    double[] margins = m.margins(new double[] {1, 2}); // 1, 3, 1
    assertArrayEquals(new double[] {1, 3, 1}, margins, TOL);
    double z = 2 * Math.E + Math.exp(3);
    assertArrayEquals(new double[] {Math.E / z, Math.exp(3) / z, Math.E / z},
        m.probabilities(margins), 1e-15);
    assertEquals(1, m.predict(margins));
    assertEquals(3, m.outputs());
    // shift invariance and no overflow for huge margins
    assertArrayEquals(new double[] {Math.E / z, Math.exp(3) / z, Math.E / z},
        m.probabilities(new double[] {1001, 1003, 1001}), 1e-15);
  }

  @Test
  void hingeClassifiesBySignWithoutProbabilities() {
    LinearModel m = new LinearModel("hinge", 1, 2, new double[][] {{1}}, new double[] {-0.5},
        true, Map.of());
    assertEquals(0, m.predict(m.margins(new double[] {0.4})));
    assertEquals(1, m.predict(m.margins(new double[] {0.6})));
    assertNull(m.probabilities(new double[] {1}));
  }

  @Test
  void shapesAreChecked() {
    assertThrows(IllegalArgumentException.class, () -> new LinearModel("softmax", 2, 3,
        new double[][] {{1, 0}, {0, 1}}, new double[] {0, 0}, true, Map.of()));
    assertThrows(IllegalArgumentException.class, () -> new LinearModel("squared", 2, 0,
        new double[][] {{1, 0, 3}}, new double[] {0}, true, Map.of()));
    LinearModel m = new LinearModel("squared", 2, 0, new double[][] {{1, 0}}, new double[] {0},
        true, Map.of());
    assertThrows(IllegalArgumentException.class, () -> m.margins(new double[] {1}));
  }

  @Test
  void weightsAreCopiedInAndOut() {
    double[][] w = {{1, 2}};
    LinearModel m = new LinearModel("squared", 2, 0, w, new double[] {0}, true, Map.of());
    w[0][0] = 99;
    m.weights(0)[1] = 99;
    assertArrayEquals(new double[] {1, 2}, m.weights(0), 0.0);
  }
}
