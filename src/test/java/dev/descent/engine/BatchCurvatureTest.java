package dev.descent.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The curvature bound of a mini-batch step, between the full objective's and one row's. */
class BatchCurvatureTest {
  private static final double L = 2;
  private static final double R = 11;

  @Test
  void fullBatchIsTheObjectivesBound() {
    assertEquals(L, BatchCurvature.of(L, R, 101, 1, 1), 0.0);
    assertEquals(L, BatchCurvature.of(L, R, 101, 1, 10), 0.0);
  }

  @Test
  void singleRowsHaveTheRowCurvature() {
    assertEquals(R, BatchCurvature.of(L, R, 101, 101, 1), 1e-12);
  }

  @Test
  void betweenTheBoundIsGowersExpectedSmoothness() {
    // 101 rows in batches of 10.1: L + (R - L) (n - b) / (b (n - 1)) = 2 + 9 x 90.9 / 1010
    assertEquals(2 + 9 * 90.9 / 1010, BatchCurvature.of(L, R, 101, 10, 1), 1e-12);
  }

  @Test
  void heavyBallAmplifiesTheNoisePart() {
    double batch = BatchCurvature.of(L, R, 101, 10, 1);
    assertEquals(L + 10 * (batch - L), BatchCurvature.of(L, R, 101, 10, 10), 1e-12);
  }

  /**
   * sgd's synchronous steps count the objective's part at 7/8 of gradient descent's limit (3/4
   * when L came from a sample of a larger data set): a rate below 2/L_b, above 1/L_b.
   */
  @Test
  void sgdStepsTakeTheHeadroomOnTheObjectivesPartOnly() {
    double batch = BatchCurvature.of(L, R, 101, 10, 1);
    double sgd = BatchCurvature.sgdSteps(L, batch, 101);
    assertEquals(batch - L + L / 1.75, sgd, 1e-12);
    assertTrue(1 / sgd < 2 / batch && 1 / sgd > 1 / batch, "between 1/L_b and 2/L_b");
    assertEquals(batch - L + L / 1.5, BatchCurvature.sgdSteps(L, batch,
        Curvature.SAMPLE_ROWS + 1), 1e-12);
    assertEquals(L, BatchCurvature.sgdSteps(L, L, 101), 0.0, "full batch: 1/L as before");
  }

  @Test
  void anUnknownRowCurvatureLeavesTheBound() {
    assertEquals(L, BatchCurvature.of(L, Double.NaN, 101, 10, 10), 0.0);
  }
}
