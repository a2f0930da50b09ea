package dev.descent.engine;

import dev.descent.optim.Hyperparameters;
import dev.descent.optim.Optimizer;

/** Explains a diverged run: the likely cause, and what to try, in plain words. */
final class Diagnosis {
  private Diagnosis() {}

  /**
   * @param curvature the objective's curvature bound L (NaN if unknown)
   * @param rate the base learning rate used
   * @param standardized whether features were standardized
   * @param fullBatch whether steps used every row
   */
  static String explain(Optimizer optimizer, Hyperparameters h, double curvature, double rate,
      boolean standardized, boolean fullBatch, String schedule) {
    String fixScale = standardized ? "" : ", or standardize=true";
    if (optimizer.fullBatch()) {
      return "L-BFGS could not keep the objective finite; the data may hold extreme values."
          + (standardized ? " Check the input for outliers." : " Try standardize=true.");
    }
    if (optimizer.adaptive()) {
      return "learning rate " + show(rate) + " is too large for " + optimizer + " on this data;"
          + " try learningRate=" + show(rate / 10) + ", learningRate=auto" + fixScale + ".";
    }
    double limit = optimizer.stableLimit(curvature, h);
    if (!(limit > 0) || Double.isInfinite(limit)) {
      return "try a smaller learningRate than " + show(rate) + ", or learningRate=auto" + fixScale
          + ".";
    }
    if (rate > limit) {
      return "learning rate " + show(rate) + " is above the stable limit ~" + approx(limit)
          + " for this data (the objective's curvature is up to " + approx(curvature) + "); try"
          + " learningRate=auto, a rate below " + approx(limit) + fixScale + ".";
    }
    return "learning rate " + show(rate) + " is below the full-batch stable limit ~"
        + approx(limit) + ", so the " + (fullBatch ? "schedule (" + schedule + ")"
        : "noise of small mini-batches") + " is the likely cause; try a smaller learningRate, "
        + (fullBatch ? "schedule=constant" : "a larger batchSize") + ", or learningRate=auto.";
  }

  /** Two significant digits: enough for advice, honest about the estimate's precision. */
  static String approx(double v) {
    return String.format("%.2g", v);
  }

  private static String show(double v) {
    return v == (long) v ? Long.toString((long) v) : String.format("%.3g", v).replaceAll("0+$", "");
  }
}
