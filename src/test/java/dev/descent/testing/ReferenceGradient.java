package dev.descent.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.descent.loss.GradientAggregator;
import dev.descent.loss.Loss;
import dev.descent.loss.ParameterLayout;
import dev.descent.testing.TestRows.Row;
import java.util.List;

/**
 * The sums a {@link GradientAggregator} should hold, computed one row at a time from the raw row
 * values and {@link Loss#rowLoss} only. Alongside each sum it keeps the sum of the absolute values
 * of its terms, the scale a rounding error of a differently ordered summation is relative to.
 */
public final class ReferenceGradient {
  public final double lossSum;
  public final double weightSum;
  public final long rows;
  public final double[] gradient;
  private final double lossScale;
  private final double weightScale;
  private final double[] gradientScale;

  private ReferenceGradient(double lossSum, double lossScale, double weightSum,
      double weightScale, long rows, double[] gradient, double[] gradientScale) {
    this.lossSum = lossSum;
    this.lossScale = lossScale;
    this.weightSum = weightSum;
    this.weightScale = weightScale;
    this.rows = rows;
    this.gradient = gradient;
    this.gradientScale = gradientScale;
  }

  /**
   * @param selected indices into {@code rows} to sum over, or null for all of them
   */
  public static ReferenceGradient of(List<Row> rows, int[] selected, double[] coef,
      ParameterLayout layout, Loss loss) {
    int k = layout.outputs();
    int d = layout.numFeatures();
    double[] grad = new double[layout.size()];
    double[] gradScale = new double[layout.size()];
    double lossSum = 0;
    double lossScale = 0;
    double weightSum = 0;
    double weightScale = 0;
    double[] m = new double[k];
    double[] deriv = new double[k];
    int count = selected == null ? rows.size() : selected.length;
    for (int p = 0; p < count; p++) {
      Row row = rows.get(selected == null ? p : selected[p]);
      for (int c = 0; c < k; c++) {
        double s = layout.intercept() ? coef[layout.interceptIndex(c)] : 0.0;
        for (int i = 0; i < row.indices().length; i++) {
          s += row.values()[i] * coef[c * d + row.indices()[i]];
        }
        m[c] = s;
      }
      double v = row.weight();
      double l = loss.rowLoss(m, 0, k, row.label(), deriv, 0);
      lossSum += v * l;
      lossScale += Math.abs(v * l);
      weightSum += v;
      weightScale += Math.abs(v);
      for (int c = 0; c < k; c++) {
        double g = v * deriv[c];
        for (int i = 0; i < row.indices().length; i++) {
          int j = c * d + row.indices()[i];
          grad[j] += g * row.values()[i];
          gradScale[j] += Math.abs(g * row.values()[i]);
        }
        if (layout.intercept()) {
          grad[layout.interceptIndex(c)] += g;
          gradScale[layout.interceptIndex(c)] += Math.abs(g);
        }
      }
    }
    return new ReferenceGradient(lossSum, lossScale, weightSum, weightScale, count, grad,
        gradScale);
  }

  /**
   * Asserts that {@code agg} holds these sums: row count exactly, the rest to {@code relTol}
   * relative to the magnitude of the summed terms.
   */
  public void assertMatches(GradientAggregator agg, double relTol, String what) {
    assertEquals(rows, agg.rows(), what + ": rows");
    assertClose(weightSum, agg.weightSum(), weightScale, relTol, what + ": weightSum");
    assertClose(lossSum, agg.lossSum(), lossScale, relTol, what + ": lossSum");
    double[] g = agg.gradientSum(gradient.length);
    assertEquals(gradient.length, g.length, what + ": gradient length");
    for (int i = 0; i < gradient.length; i++) {
      assertClose(gradient[i], g[i], gradientScale[i], relTol, what + ": gradient[" + i + "]");
    }
  }

  /** |actual - expected| <= relTol * max(|expected|, scale), exact when both are 0. */
  public static void assertClose(double expected, double actual, double scale, double relTol,
      String what) {
    double bound = relTol * Math.max(Math.abs(expected), scale);
    if (!(Math.abs(actual - expected) <= bound)) {
      fail(what + ": expected " + expected + " but was " + actual + " (tolerance " + bound + ")");
    }
  }
}
