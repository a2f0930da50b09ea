package dev.descent.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.data.LabelDomain;
import dev.descent.testing.ReferenceGradient;
import dev.descent.testing.TestRows;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Per-row losses: derivatives, blocked form, numerical stability, probabilities, predictions. */
class LossesTest {

  static Stream<Arguments> losses() {
    return Stream.of(
        Arguments.of("squared", new SquaredLoss(), 1),
        Arguments.of("logistic", new LogisticLoss(), 1),
        Arguments.of("hinge", new HingeLoss(), 1),
        Arguments.of("softmax K=3", new SoftmaxLoss(), 3),
        Arguments.of("softmax K=5", new SoftmaxLoss(), 5),
        Arguments.of("probe", new QuadraticProbe(), 1));
  }

  private static double label(Random rnd, Loss loss, int k) {
    return TestRows.label(rnd, loss, k);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("losses")
  void derivativeMatchesCentralDifferencesAndLossIsNonNegative(String name, Loss loss, int k) {
    Random rnd = new Random(name.hashCode());
    double[] deriv = new double[k];
    double[] unused = new double[k];
    for (int t = 0; t < 500; t++) {
      double[] m = TestRows.gaussian(rnd, k, 3);
      double y = label(rnd, loss, k);
      double l = loss.rowLoss(m, 0, k, y, deriv, 0);
      assertTrue(l >= 0, name + " loss " + l);
      if (loss instanceof HingeLoss && Math.abs((2 * y - 1) * m[0] - 1) < 1e-3) {
        continue; // no derivative at the kink
      }
      for (int c = 0; c < k; c++) {
        double h = 1e-6;
        double[] plus = m.clone();
        double[] minus = m.clone();
        plus[c] += h;
        minus[c] -= h;
        double fd = (loss.rowLoss(plus, 0, k, y, unused, 0) - loss.rowLoss(minus, 0, k, y, unused, 0))
            / (plus[c] - minus[c]);
        assertEquals(fd, deriv[c], 1e-7 * (1 + Math.abs(deriv[c])), name + " dLoss/dm" + c);
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("losses")
  void curvatureBoundsSecondDerivativeAlongAnyDirection(String name, Loss loss, int k) {
    if (loss instanceof HingeLoss) {
      return; // not differentiable: curvature is a nominal scale
    }
    Random rnd = new Random(name.hashCode() + 1);
    double[] gp = new double[k];
    double[] gm = new double[k];
    double largest = 0;
    for (int t = 0; t < 2000; t++) {
      double[] m = TestRows.gaussian(rnd, k, 2);
      double[] u = TestRows.gaussian(rnd, k, 1);
      double norm = Math.sqrt(java.util.Arrays.stream(u).map(x -> x * x).sum());
      double y = label(rnd, loss, k);
      double h = 1e-5;
      double[] plus = m.clone();
      double[] minus = m.clone();
      for (int c = 0; c < k; c++) {
        u[c] /= norm;
        plus[c] += h * u[c];
        minus[c] -= h * u[c];
      }
      loss.rowLoss(plus, 0, k, y, gp, 0);
      loss.rowLoss(minus, 0, k, y, gm, 0);
      double uhu = 0;
      for (int c = 0; c < k; c++) {
        uhu += u[c] * (gp[c] - gm[c]) / (2 * h);
      }
      largest = Math.max(largest, uhu);
    }
    assertTrue(largest <= loss.curvature() * (1 + 1e-6), name + ": " + largest);
    assertTrue(largest >= 0.5 * loss.curvature(), name + ": bound far from tight, " + largest);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("losses")
  void blockLossEqualsWeightedRowLosses(String name, Loss loss, int k) {
    Random rnd = new Random(name.hashCode() + 2);
    int rows = 40;
    double[] labels = new double[rows];
    double[] weights = new double[rows];
    for (int r = 0; r < rows; r++) {
      labels[r] = label(rnd, loss, k);
      weights[r] = r % 7 == 0 ? 0 : 3 * rnd.nextDouble();
    }
    int[] sel = {0, 1, 5, 6, 7, 20, 38, 39};
    double[] m = TestRows.gaussian(rnd, sel.length * k, 2);
    for (double[] w : new double[][] {null, weights}) {
      double[] mult = new double[sel.length * k];
      double sum = loss.blockLoss(sel.length, k, m, labels, w, sel, mult);
      double expected = 0;
      double[] deriv = new double[k];
      for (int p = 0; p < sel.length; p++) {
        double v = w == null ? 1 : w[sel[p]];
        expected += v * loss.rowLoss(m, p * k, k, labels[sel[p]], deriv, 0);
        for (int c = 0; c < k; c++) {
          assertEquals(v * deriv[c], mult[p * k + c], 1e-15 * Math.abs(v * deriv[c]),
              name + " mult " + p + "," + c);
        }
      }
      ReferenceGradient.assertClose(expected, sum, 0, 1e-14, name + " blockLoss");
    }
  }

  @Test
  void logisticLossStaysExactAtExtremeMargins() {
    Loss loss = new LogisticLoss();
    double[] d = new double[1];
    assertEquals(800.0, loss.rowLoss(new double[] {800}, 0, 1, 0, d, 0));
    assertEquals(1.0, d[0]);
    assertEquals(0.0, loss.rowLoss(new double[] {-800}, 0, 1, 0, d, 0), 1e-300);
    assertEquals(0.0, d[0], 1e-300);
    assertEquals(0.0, loss.rowLoss(new double[] {800}, 0, 1, 1, d, 0), 1e-300);
    assertEquals(0.0, d[0], 1e-300);
    assertEquals(800.0, loss.rowLoss(new double[] {-800}, 0, 1, 1, d, 0));
    assertEquals(-1.0, d[0]);

    // A confidently right row keeps its small loss to full precision (log(1+e^m) would not).
    double e = Math.exp(-30);
    double expected = e - e * e / 2;
    assertEquals(expected, loss.rowLoss(new double[] {-30}, 0, 1, 0, d, 0), 1e-15 * expected);
    assertEquals(expected, loss.rowLoss(new double[] {30}, 0, 1, 1, d, 0), 1e-15 * expected);
    assertEquals(-expected, d[0], 1e-15); // sigmoid - 1: absolute, not relative, precision
    double[] mult = new double[2];
    assertEquals(2 * expected, loss.blockLoss(2, 1, new double[] {-30, 30}, new double[] {0, 1},
        null, null, mult), 2e-15 * expected);

    double sum = loss.blockLoss(2, 1, new double[] {800, -800}, new double[] {0, 1},
        new double[] {2, 3}, null, mult);
    assertEquals(2 * 800 + 3 * 800, sum);
    assertArrayEquals(new double[] {2, -3}, mult);
  }

  @Test
  void logisticProbabilitiesAreSigmoidAndSumToOne() {
    Loss loss = new LogisticLoss();
    double[] p = new double[2];
    for (double m : new double[] {-800, -30, -2.5, -1e-9, 0, 1e-9, 0.7, 30, 800}) {
      loss.probabilities(new double[] {9, m}, 1, 1, p);
      assertEquals(1.0, p[0] + p[1], 1e-15, "m=" + m);
      double sigmoid = m >= 0 ? 1 / (1 + Math.exp(-m)) : Math.exp(m) / (1 + Math.exp(m));
      assertEquals(sigmoid, p[1], 1e-16 + 1e-15 * sigmoid, "m=" + m);
      assertEquals(m > 0 ? 1.0 : 0.0, loss.predict(new double[] {m}, 0, 1));
    }
    assertEquals(0.5, p(loss, 0)[1]);
    assertTrue(p(loss, -800)[1] >= 0 && p(loss, -800)[1] < 1e-300);
  }

  private static double[] p(Loss loss, double m) {
    double[] p = new double[2];
    loss.probabilities(new double[] {m}, 0, 1, p);
    return p;
  }

  @Test
  void softmaxIsFiniteWithMarginsFarApart() {
    Loss loss = new SoftmaxLoss();
    double[] m = {1000, 0, -1000};
    double[] d = new double[3];
    assertEquals(0.0, loss.rowLoss(m, 0, 3, 0, d, 0));
    assertArrayEquals(new double[] {0, 0, 0}, d);
    assertEquals(1000.0, loss.rowLoss(m, 0, 3, 1, d, 0));
    assertArrayEquals(new double[] {1, -1, 0}, d);
    assertEquals(2000.0, loss.rowLoss(m, 0, 3, 2, d, 0));
    assertArrayEquals(new double[] {1, 0, -1}, d);

    // Large equal margins (exp(700) is near overflow): uniform, loss log 3.
    double[] same = {700, 700, 700};
    assertEquals(Math.log(3), loss.rowLoss(same, 0, 3, 1, d, 0), 1e-12);
    assertArrayEquals(new double[] {1.0 / 3, -2.0 / 3, 1.0 / 3}, d, 1e-15);

    double[] p = new double[3];
    loss.probabilities(new double[] {-5, 1000, 0, -1000}, 1, 3, p);
    assertArrayEquals(new double[] {1, 0, 0}, p);
    assertEquals(0.0, loss.predict(new double[] {1000, 0, -1000}, 0, 3));
    assertEquals(2.0, loss.predict(new double[] {-1, 0, 3, 2.99}, 0, 4));
  }

  @Test
  void softmaxMatchesTextbookFormulaAtModerateMargins() {
    Loss loss = new SoftmaxLoss();
    Random rnd = new Random(5);
    double[] d = new double[5];
    double[] p = new double[5];
    for (int t = 0; t < 200; t++) {
      double[] m = TestRows.gaussian(rnd, 5, 3);
      int y = rnd.nextInt(5);
      double z = 0;
      for (double v : m) {
        z += Math.exp(v);
      }
      assertEquals(Math.log(z) - m[y], loss.rowLoss(m, 0, 5, y, d, 0), 1e-13);
      loss.probabilities(m, 0, 5, p);
      double total = 0;
      for (int c = 0; c < 5; c++) {
        assertEquals(Math.exp(m[c]) / z, p[c], 1e-15);
        assertEquals(p[c] - (c == y ? 1 : 0), d[c], 1e-15);
        total += p[c];
      }
      assertEquals(1.0, total, 1e-15);
    }
  }

  @Test
  void hingeAndSquaredValuesAndPredictions() {
    double[] d = new double[1];
    Loss hinge = new HingeLoss();
    assertEquals(0.0, hinge.rowLoss(new double[] {1.5}, 0, 1, 1, d, 0));
    assertEquals(0.0, d[0]);
    assertEquals(0.5, hinge.rowLoss(new double[] {0.5}, 0, 1, 1, d, 0));
    assertEquals(-1.0, d[0]);
    assertEquals(1.5, hinge.rowLoss(new double[] {0.5}, 0, 1, 0, d, 0));
    assertEquals(1.0, d[0]);
    assertEquals(0.0, hinge.rowLoss(new double[] {-2}, 0, 1, 0, d, 0));
    assertEquals(0.0, d[0]);
    assertEquals(1.0, hinge.predict(new double[] {0.1}, 0, 1));
    assertEquals(0.0, hinge.predict(new double[] {-0.1}, 0, 1));
    assertFalse(hinge.hasProbabilities());

    Loss squared = new SquaredLoss();
    assertEquals(6.25, squared.rowLoss(new double[] {0.5}, 0, 1, 3, d, 0));
    assertEquals(-5.0, d[0]);
    assertEquals(0.5, squared.predict(new double[] {0.5}, 0, 1));
    assertFalse(squared.isClassifier());
    assertFalse(squared.hasProbabilities());
    assertThrows(UnsupportedOperationException.class,
        () -> squared.probabilities(new double[] {1}, 0, 1, new double[2]));
  }

  @Test
  void lossesDeclareTheirLabelsAndOutputs() {
    assertEquals(List.of("squared", "logistic", "softmax", "hinge"), Losses.names());
    for (String name : Losses.names()) {
      assertEquals(name, Losses.byName(name).name());
    }
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Losses.byName("Logistic"));
    assertTrue(e.getMessage().contains("'Logistic'") && e.getMessage().contains("softmax"));
    assertEquals(LabelDomain.REAL, Losses.byName("squared").labelDomain());
    assertEquals(LabelDomain.BINARY, Losses.byName("logistic").labelDomain());
    assertEquals(LabelDomain.BINARY, Losses.byName("hinge").labelDomain());
    assertEquals(LabelDomain.CLASSES, Losses.byName("softmax").labelDomain());
    assertEquals(7, Losses.byName("softmax").outputs(7));
    assertEquals(1, Losses.byName("logistic").outputs(2));
  }

}
