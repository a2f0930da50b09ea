package dev.descent.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.data.MutableRow;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LinearModelTest {
  private static final double TOL = 1e-15;

  @Test
  void regressionPredictsTheMargin() {
    LinearModel m = new LinearModel("squared", 2, 0, new double[][] {{2, -1}}, new double[] {1},
        true, Map.of());
    double[] x = {3, 4};
    double[] margins = m.margins(x); // 2*3 - 4 + 1
    assertArrayEquals(new double[] {3}, margins, TOL);
    assertEquals(3, m.predictFromMargins(margins), TOL);
    assertEquals(3, m.predict(x), TOL);
    assertNull(m.probabilitiesFromMargins(margins));
    assertNull(m.probabilities(x));
    assertEquals(false, m.isClassifier());
  }

  @Test
  void logisticUsesTheSigmoid() {
    LinearModel m = new LinearModel("logistic", 2, 2, new double[][] {{0.5, -0.25}},
        new double[] {0.1}, true, Map.of());
    double[] margins = m.margins(new double[] {2, 4}); // 1 - 1 + 0.1
    assertArrayEquals(new double[] {0.1}, margins, TOL);
    double p1 = 1 / (1 + Math.exp(-0.1)); // 0.52497918747894...
    assertArrayEquals(new double[] {1 - p1, p1}, m.probabilitiesFromMargins(margins), 1e-15);
    assertArrayEquals(new double[] {1 - p1, p1}, m.probabilities(new double[] {2, 4}), 1e-15);
    assertEquals(0.52497918747894, p1, 1e-14);
    assertEquals(1, m.predictFromMargins(margins));
    assertEquals(0, m.predictFromMargins(new double[] {-0.1}));
    // far tails: no overflow, probabilities stay in [0, 1] and sum to 1
    assertArrayEquals(new double[] {1, 0}, m.probabilitiesFromMargins(new double[] {-800}), 0.0);
    assertArrayEquals(new double[] {0, 1}, m.probabilitiesFromMargins(new double[] {800}), 0.0);
    assertEquals(Math.exp(-40), m.probabilitiesFromMargins(new double[] {-40})[1], 1e-30);
  }

  @Test
  void softmaxUsesNormalizedExponentials() {
    LinearModel m = new LinearModel("softmax", 2, 3,
        new double[][] {{1, 0}, {0, 1}, {1, 1}}, new double[] {0, 1, -2}, true, Map.of());
    double[] margins = m.margins(new double[] {1, 2}); // 1, 3, 1
    assertArrayEquals(new double[] {1, 3, 1}, margins, TOL);
    double z = 2 * Math.E + Math.exp(3);
    double[] expected = {Math.E / z, Math.exp(3) / z, Math.E / z};
    assertArrayEquals(expected, m.probabilitiesFromMargins(margins), 1e-15);
    assertArrayEquals(expected, m.probabilities(new double[] {1, 2}), 1e-15);
    assertEquals(1, m.predictFromMargins(margins));
    assertEquals(1, m.predict(new double[] {1, 2}));
    assertEquals(3, m.outputs());
    // shift invariance and no overflow for huge margins
    assertArrayEquals(expected, m.probabilitiesFromMargins(new double[] {1001, 1003, 1001}),
        1e-15);
  }

  @Test
  void hingeClassifiesBySignWithoutProbabilities() {
    LinearModel m = new LinearModel("hinge", 1, 2, new double[][] {{1}}, new double[] {-0.5},
        true, Map.of());
    assertEquals(0, m.predict(new double[] {0.4}));
    assertEquals(1, m.predict(new double[] {0.6}));
    assertNull(m.probabilities(new double[] {1}));
  }

  /**
   * The obvious call takes features: with margins taken for features, this model (whose margin
   * is 10 - x) would call x = 3 positive from "margin" 3, and x = 12 negative.
   */
  @Test
  void predictTakesFeaturesAndTheMarginFormIsNamed() {
    LinearModel m = new LinearModel("logistic", 1, 2, new double[][] {{-1}}, new double[] {10},
        true, Map.of());
    assertEquals(1, m.predict(new double[] {3}));
    assertEquals(0, m.predict(new double[] {12}));
    assertEquals(0, m.predictFromMargins(new double[] {-2}));
    assertEquals(1 / (1 + Math.exp(-7)), m.probabilities(new double[] {3})[1], 1e-15);
    assertThrows(IllegalArgumentException.class, () -> m.predict(new double[] {1, 2}));
  }

  @Test
  void sparseFormsAgreeWithDense() {
    LinearModel m = new LinearModel("softmax", 4, 3, new double[][] {{1, 0, 2, -1},
        {0, 1, 0, 3}, {-1, 1, 1, 0}}, new double[] {0.5, 0, -0.5}, true, Map.of());
    double[] dense = {0, 2, 0, -1.5};
    int[] indices = {1, 3};
    double[] values = {2, -1.5};
    assertArrayEquals(m.margins(dense), m.margins(indices, values), 0.0);
    assertEquals(m.predict(dense), m.predict(indices, values));
    assertArrayEquals(m.probabilities(dense), m.probabilities(indices, values), 0.0);
    MutableRow row = new MutableRow();
    row.add(1, 2);
    row.add(3, -1.5);
    double[] out = new double[3];
    m.margins(row, out);
    assertArrayEquals(m.margins(dense), out, 0.0);
    assertThrows(IllegalArgumentException.class, () -> m.predict(new int[] {4},
        new double[] {1}));
    assertThrows(IllegalArgumentException.class, () -> m.predict(new int[] {1, 2},
        new double[] {1}));
  }

  /**
   * Finite but huge weights: products overflow, and infinities of both signs meet. The margins
   * must keep their sign (the prediction is right), probabilities must never be NaN, and they
   * must agree with the exact margins, computed in BigDecimal.
   */
  @Test
  void hugeWeightsNeverScoreNaNAndPredictTheExactMarginsClass() {
    Random r = new Random(42);
    for (int trial = 0; trial < 2_000; trial++) {
      int d = 1 + r.nextInt(4);
      int classes = trial % 2 == 0 ? 2 : 3;
      String loss = classes == 2 ? "logistic" : "softmax";
      int outputs = classes == 2 ? 1 : classes;
      double[][] w = new double[outputs][d];
      double[] b = new double[outputs];
      for (int k = 0; k < outputs; k++) {
        for (int j = 0; j < d; j++) {
          w[k][j] = huge(r, 308);
        }
        b[k] = huge(r, 308);
      }
      double[] x = new double[d];
      for (int j = 0; j < d; j++) {
        x[j] = huge(r, 154);
      }
      LinearModel m = new LinearModel(loss, d, classes, w, b, true, Map.of());
      BigDecimal[] exact = new BigDecimal[outputs];
      BigDecimal largestTerm = BigDecimal.ZERO;
      int best = 0;
      for (int k = 0; k < outputs; k++) {
        BigDecimal s = new BigDecimal(b[k]);
        largestTerm = largestTerm.max(s.abs());
        for (int j = 0; j < d; j++) {
          BigDecimal term = new BigDecimal(w[k][j]).multiply(new BigDecimal(x[j]));
          largestTerm = largestTerm.max(term.abs());
          s = s.add(term);
        }
        exact[k] = s;
        best = s.compareTo(exact[best]) > 0 ? k : best;
      }
      // what the rounding of the largest term can hide (double sums are exact to ~1e-15 of it)
      BigDecimal rounding = largestTerm.multiply(BigDecimal.valueOf(1e-12), MathContext.DECIMAL64)
          .max(BigDecimal.valueOf(800));
      double[] p = m.probabilities(x);
      String at = "trial " + trial;
      double sum = 0;
      for (double v : p) {
        assertFalse(Double.isNaN(v), at);
        assertTrue(v >= 0 && v <= 1, at);
        sum += v;
      }
      assertEquals(1, sum, 1e-12, at);
      double predicted = m.predict(x);
      if (outputs == 1) {
        int sign = exact[0].signum();
        if (exact[0].abs().compareTo(rounding) > 0) {
          assertEquals(sign > 0 ? 1 : 0, predicted, at);
          assertEquals(1.0, p[sign > 0 ? 1 : 0], 0.0, at); // beyond +-800: exactly 0 and 1
        }
      } else {
        BigDecimal second = null;
        for (int k = 0; k < outputs; k++) {
          if (k != best && (second == null || exact[k].compareTo(second) > 0)) {
            second = exact[k];
          }
        }
        if (exact[best].subtract(second).compareTo(rounding) > 0) {
          assertEquals(best, predicted, at);
          assertEquals(1.0, p[best], 0.0, at);
        }
      }
    }
  }

  /** A double of random sign and mantissa with an exponent up to 10^maxExponent. */
  private static double huge(Random r, int maxExponent) {
    double v = (1 + r.nextDouble() * 8) * Math.pow(10, r.nextInt(maxExponent));
    return r.nextBoolean() ? v : -v;
  }

  @Test
  void infinitiesOfBothSignsCancelInsteadOfMakingNaN() {
    // 1e308 * 10 - 1e308 * 10: the plain sum is inf - inf = NaN; the margin is 0.
    LinearModel m = new LinearModel("logistic", 2, 2, new double[][] {{1e308, -1e308}},
        new double[] {0}, true, Map.of());
    assertArrayEquals(new double[] {0}, m.margins(new double[] {10, 10}), 0.0);
    assertArrayEquals(new double[] {0.5, 0.5}, m.probabilities(new double[] {10, 10}), 0.0);
    // 1e309 - 9e308: the plain sum overflows to infinity; the margin is 1e308
    assertEquals(1e308, m.margins(new double[] {10, 9})[0], 1e293);
    assertArrayEquals(new double[] {Double.POSITIVE_INFINITY},
        m.margins(new double[] {10, -9}), 0.0);
  }

  @Test
  void overflowingSoftmaxMarginsAreShiftedToTheLargest() {
    LinearModel m = new LinearModel("softmax", 1, 3, new double[][] {{1e308}, {2e307}, {-1e308}},
        new double[] {0, 0, 0}, true, Map.of());
    double[] margins = m.margins(new double[] {100});
    assertEquals(0.0, margins[0], 0.0);
    assertEquals(Double.NEGATIVE_INFINITY, margins[2], 0.0);
    assertArrayEquals(new double[] {1, 0, 0}, m.probabilities(new double[] {100}), 0.0);
    assertEquals(0, m.predict(new double[] {100}));
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
  void classesMustFitTheLoss() {
    IllegalArgumentException one = assertThrows(IllegalArgumentException.class,
        () -> new LinearModel("softmax", 1, 1, new double[][] {{1}}, new double[] {0}, true,
            Map.of()));
    assertTrue(one.getMessage().contains("\"numClasses\" is 1"), one.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new LinearModel("logistic", 1, 3,
        new double[][] {{1}}, new double[] {0}, true, Map.of()));
    assertThrows(IllegalArgumentException.class, () -> new LinearModel("squared", 1, 2,
        new double[][] {{1}}, new double[] {0}, true, Map.of()));
  }

  @Test
  void featureNamesAreOnePerFeatureAndDistinct() {
    LinearModel m = new LinearModel("squared", 2, 0, new double[][] {{1, 2}}, new double[] {0},
        true, Map.of(), List.of("price", "stock"));
    assertEquals(List.of("price", "stock"), m.featureNames());
    assertTrue(m.hasFeatureNames());
    assertFalse(new LinearModel("squared", 2, 0, new double[][] {{1, 2}}, new double[] {0},
        true, Map.of()).hasFeatureNames());
    assertThrows(IllegalArgumentException.class, () -> new LinearModel("squared", 2, 0,
        new double[][] {{1, 2}}, new double[] {0}, true, Map.of(), List.of("a")));
    assertThrows(IllegalArgumentException.class, () -> new LinearModel("squared", 2, 0,
        new double[][] {{1, 2}}, new double[] {0}, true, Map.of(), List.of("a", "a")));
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
