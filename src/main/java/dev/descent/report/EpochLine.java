package dev.descent.report;

import dev.descent.model.LinearModel;
import dev.descent.optim.stopping.EpochRecord;
import java.util.Locale;

/**
 * The line printed after each epoch. For a single feature with an intercept it is the founding
 * example's {@code Epoch N: loss=..., weight=..., bias=...} (loss before the epoch's update, the
 * parameters after it, 4 decimals); wider models show the loss with the gradient and weight norms,
 * the learning rate (for L-BFGS the accepted step length) and the epoch's time, each number to a
 * few significant digits (so a line stays readable whatever their size). With validation rows
 * the losses are followed by {@code valLoss} (and {@code valAcc} for classifiers, a fraction),
 * and under early stopping by {@code best}, the epoch whose model would be returned so far.
 */
public final class EpochLine {
  private EpochLine() {}

  /** @param penalized whether the objective has a penalty, so it differs from the loss */
  public static String format(EpochRecord r, LinearModel m, boolean penalized) {
    return format(r, m, penalized, 0);
  }

  /**
   * @param penalized whether the objective has a penalty, so it differs from the loss
   * @param bestEpoch under early stopping, the epoch with the lowest validation loss so far;
   *     0 otherwise
   */
  public static String format(EpochRecord r, LinearModel m, boolean penalized, int bestEpoch) {
    StringBuilder s = new StringBuilder("Epoch ").append(r.epoch()).append(": ");
    if (m.outputs() == 1 && m.numFeatures() == 1) {
      s.append(f("loss=%.4f", r.loss()));
      if (penalized) {
        s.append(f(", objective=%.4f", r.objective()));
      }
      validation(s, r, "%.4f", bestEpoch);
      s.append(f(", weight=%.4f", m.weights(0)[0]));
      if (m.fitIntercept()) {
        s.append(f(", bias=%.4f", m.intercept(0)));
      }
      return s.toString();
    }
    s.append(f("loss=%.6g", r.loss()));
    if (penalized) {
      s.append(f(", objective=%.6g", r.objective()));
    }
    validation(s, r, "%.6g", bestEpoch);
    s.append(f(", gradNorm=%.3g", r.gradientNorm()));
    s.append(f(", weightNorm=%.4g", weightNorm(m)));
    if (m.outputs() == 1 && m.fitIntercept()) {
      s.append(f(", bias=%.4g", m.intercept(0) + 0.0)); // + 0.0: no "-0.000"
    }
    s.append(f(", lr=%.3g", r.learningRate()));
    s.append(f(", time=%.2fs", r.seconds()));
    return s.toString();
  }

  private static void validation(StringBuilder s, EpochRecord r, String lossFormat,
      int bestEpoch) {
    if (!r.hasValidation()) {
      return;
    }
    s.append(f(", valLoss=" + lossFormat, r.validationLoss()));
    if (!Double.isNaN(r.validationAccuracy())) {
      s.append(f(", valAcc=%.4f", r.validationAccuracy()));
    }
    if (bestEpoch > 0) {
      s.append(", best=").append(bestEpoch);
    }
  }

  /** The Euclidean norm of every weight, scaled by the largest so that it cannot overflow. */
  private static double weightNorm(LinearModel m) {
    double max = 0;
    for (int k = 0; k < m.outputs(); k++) {
      for (double w : m.weights(k)) {
        max = Math.max(max, Math.abs(w));
      }
    }
    if (!(max > 0) || Double.isInfinite(max)) {
      return max; // 0, infinite or NaN
    }
    double s = 0;
    for (int k = 0; k < m.outputs(); k++) {
      for (double w : m.weights(k)) {
        s += (w / max) * (w / max);
      }
    }
    return max * Math.sqrt(s);
  }

  private static String f(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }
}
