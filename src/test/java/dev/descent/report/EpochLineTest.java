package dev.descent.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.model.LinearModel;
import dev.descent.optim.stopping.EpochRecord;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The epoch line: the founding example's form, readable numbers, validation and early stopping. */
class EpochLineTest {

  private static LinearModel model(String loss, int classes, double[][] weights,
      double[] intercepts) {
    return new LinearModel(loss, weights[0].length, classes, weights, intercepts, true,
        Map.of());
  }

  private static final EpochRecord SEED_EPOCH_1 = new EpochRecord(1, 57, 57, 0.1, 51.9, 0.01, 1);

  @Test
  void oneFeatureKeepsTheFoundingExamplesForm() {
    LinearModel m = model("squared", 0, new double[][] {{5}}, new double[] {1.4});

    assertEquals("Epoch 1: loss=57.0000, weight=5.0000, bias=1.4000",
        EpochLine.format(SEED_EPOCH_1, m, false));
    assertEquals("Epoch 1: loss=57.0000, weight=5.0000, bias=1.4000",
        EpochLine.format(SEED_EPOCH_1, m, false, 0));
  }

  @Test
  void oneFeatureWithValidationShowsTheValidationLossBesideTheLoss() {
    LinearModel m = model("logistic", 2, new double[][] {{5}}, new double[] {1.4});
    EpochRecord r = new EpochRecord(2, 0.5, 0.5, 0.1, 1, 0.01, 1).withValidation(0.61234, 0.875);

    assertEquals("Epoch 2: loss=0.5000, valLoss=0.6123, valAcc=0.8750, best=2, weight=5.0000,"
        + " bias=1.4000", EpochLine.format(r, m, false, 2));
  }

  @Test
  void wideModelsPrintEveryNumberToAFewSignificantDigits() {
    double big = 1e20;
    LinearModel m = model("squared", 0, new double[][] {{big, big, big}}, new double[] {-1e-17});
    EpochRecord r = new EpochRecord(5, 3.0520312e6, 3.0520312e6, 0.01, 7583.3, 0.17, 1);

    assertEquals("Epoch 5: loss=3.05203e+06, gradNorm=7.58e+03, weightNorm=1.732e+20,"
        + " bias=-1.000e-17, lr=0.0100, time=0.17s", EpochLine.format(r, m, false));
  }

  @Test
  void hugeWeightsDoNotOverflowTheNormAndZeroHasNoSign() {
    LinearModel m = model("squared", 0, new double[][] {{3e200, 4e200}}, new double[] {-0.0});
    String line = EpochLine.format(new EpochRecord(1, 1, 1, 1, 1, 1, 1), m, false);

    assertTrue(line.contains("weightNorm=5.000e+200,"), line);
    assertTrue(line.contains("bias=0.000,"), line);
  }

  @Test
  void validationAndTheBestEpochFollowTheLosses() {
    LinearModel m = model("softmax", 3, new double[][] {{1, 0}, {0, 1}, {1, 1}},
        new double[3]);
    EpochRecord r = new EpochRecord(9, 0.158342, 0.2476, 0.2909, 0.0622, 0.23, 7)
        .withValidation(0.1401234, 0.955555);

    assertEquals("Epoch 9: loss=0.158342, objective=0.247600, valLoss=0.140123, valAcc=0.9556,"
        + " best=6, gradNorm=0.0622, weightNorm=2.000, lr=0.291, time=0.23s",
        EpochLine.format(r, m, true, 6));
  }

  @Test
  void withoutEarlyStoppingThereIsNoBestAndRegressionHasNoAccuracy() {
    LinearModel m = model("squared", 0, new double[][] {{1, 2}}, new double[] {0.5});
    EpochRecord r = new EpochRecord(3, 0.25, 0.25, 0.1, 0.5, 0.1, 1)
        .withValidation(0.3, Double.NaN);

    assertEquals("Epoch 3: loss=0.250000, valLoss=0.300000, gradNorm=0.500, weightNorm=2.236,"
        + " bias=0.5000, lr=0.100, time=0.10s", EpochLine.format(r, m, false, 0));
  }
}
