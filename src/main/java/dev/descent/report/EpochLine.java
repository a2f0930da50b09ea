package dev.descent.report;

import dev.descent.model.LinearModel;
import dev.descent.optim.stopping.EpochRecord;
import java.util.Locale;

/**
 * The line printed after each epoch. For a single feature with an intercept it is the founding
 * example's {@code Epoch N: loss=..., weight=..., bias=...} (loss before the epoch's update, the
 * parameters after it, 4 decimals); wider models show the loss with the gradient and weight norms,
 * the learning rate (for L-BFGS the accepted step length) and the epoch's time.
 */
public final class EpochLine {
  private EpochLine() {}

  /** @param penalized whether the objective has a penalty, so it differs from the loss */
  public static String format(EpochRecord r, LinearModel m, boolean penalized) {
    StringBuilder s = new StringBuilder("Epoch ").append(r.epoch()).append(": ");
    if (m.outputs() == 1 && m.numFeatures() == 1) {
      s.append(f("loss=%.4f", r.loss()));
      if (penalized) {
        s.append(f(", objective=%.4f", r.objective()));
      }
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
    s.append(f(", gradNorm=%.3g", r.gradientNorm()));
    s.append(f(", weightNorm=%.4f", weightNorm(m)));
    if (m.outputs() == 1 && m.fitIntercept()) {
      s.append(f(", bias=%.4f", m.intercept(0)));
    }
    s.append(f(", lr=%.4g", r.learningRate()));
    s.append(f(", time=%.2fs", r.seconds()));
    return s.toString();
  }

  private static double weightNorm(LinearModel m) {
    double s = 0;
    for (int k = 0; k < m.outputs(); k++) {
      for (double w : m.weights(k)) {
        s += w * w;
      }
    }
    return Math.sqrt(s);
  }

  private static String f(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }
}
