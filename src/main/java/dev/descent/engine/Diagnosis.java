package dev.descent.engine;

import dev.descent.optim.Hyperparameters;
import dev.descent.optim.Optimizer;
import java.util.ArrayList;
import java.util.List;

/**
 * Explains a diverged run: the likely cause, and what to try, in plain words. It never suggests
 * a setting the run already used (learningRate=auto when the rate was automatic,
 * standardize=true when features were standardized, the schedule in use).
 */
final class Diagnosis {
  private Diagnosis() {}

  /**
   * @param curvature the objective's curvature bound L (NaN if unknown)
   * @param rate the base learning rate used
   * @param autoRate whether that rate came from learningRate=auto
   * @param standardized whether features were standardized
   * @param fullBatch whether steps used every row
   * @param schedule the learning-rate schedule used
   */
  static String explain(Optimizer optimizer, Hyperparameters h, double curvature, double rate,
      boolean autoRate, boolean standardized, boolean fullBatch, String schedule) {
    return explain(optimizer, h, curvature, rate, autoRate, standardized, fullBatch, schedule,
        null);
  }

  /**
   * As above, for a run that took rounds of local steps ({@code localSteps}: its syncEvery, or
   * null for synchronous steps): where the rate is not plainly too large, the rounds are named
   * first and {@code syncEvery=step} is the first thing to try.
   */
  static String explain(Optimizer optimizer, Hyperparameters h, double curvature, double rate,
      boolean autoRate, boolean standardized, boolean fullBatch, String schedule,
      String localSteps) {
    if (optimizer.fullBatch()) {
      return "L-BFGS could not keep the objective finite; the data may hold extreme values."
          + (standardized ? " Check the input for outliers." : " Try standardize=true.");
    }
    String auto = autoRate ? null : "learningRate=auto";
    String scale = standardized ? null : "standardize=true";
    if (optimizer.adaptive()) {
      String rounds = localSteps == null ? null : "syncEvery=step";
      return "learning rate " + show(rate) + (autoRate ? " (automatic)" : "") + " is too large for "
          + optimizer + (localSteps == null ? "" : " with rounds of local steps (syncEvery="
          + localSteps + ")") + " on this data; try " + options(rounds, "learningRate="
          + show(rate / 10), auto, scale) + ".";
    }
    double limit = optimizer.stableLimit(curvature, h);
    if (!(limit > 0) || Double.isInfinite(limit)) {
      return "try " + options("a smaller learningRate than " + show(rate), auto, scale) + ".";
    }
    if (rate > limit) {
      return "learning rate " + show(rate) + " is above the stable limit ~" + approx(limit)
          + " for this data (the objective's curvature is up to " + approx(curvature) + "); try "
          + options(auto, "a rate below " + approx(limit), scale) + ".";
    }
    String below = "learning rate " + show(rate) + " is below the full-batch stable limit ~"
        + approx(limit);
    if (!fullBatch && localSteps != null) {
      return below + ", so the rounds of local steps (syncEvery=" + localSteps + ") or the noise"
          + " of small mini-batches are the likely cause; try " + options("syncEvery=step",
          "a smaller learningRate", "a larger batchSize", auto) + ".";
    }
    if (!fullBatch) {
      return below + ", so the noise of small mini-batches is the likely cause; try "
          + options("a smaller learningRate", "a larger batchSize", auto) + ".";
    }
    if (!schedule.equals("constant")) {
      return below + ", so the schedule (" + schedule + ") is the likely cause; try "
          + options("a smaller learningRate", "schedule=constant", auto) + ".";
    }
    // Full-batch steps at a constant rate below the limit are stable: the limit itself is
    // likely wrong (estimated from a sample), or values in the data are extreme.
    return below + " (estimated from the data), so extreme values in the data or an"
        + " underestimated curvature are the likely cause; check the input for outliers, or try "
        + options("a smaller learningRate", scale) + ".";
  }

  /** The options given (nulls left out) as "a, b, or c". */
  private static String options(String... options) {
    List<String> given = new ArrayList<>();
    for (String o : options) {
      if (o != null) {
        given.add(o);
      }
    }
    if (given.size() == 1) {
      return given.get(0);
    }
    return String.join(", ", given.subList(0, given.size() - 1)) + ", or "
        + given.get(given.size() - 1);
  }

  /** Two significant digits: enough for advice, honest about the estimate's precision. */
  static String approx(double v) {
    return String.format("%.2g", v);
  }

  private static String show(double v) {
    if (v == (long) v && Math.abs(v) < 1e6) {
      return Long.toString((long) v);
    }
    return String.format("%.3g", v).replaceAll("0+$", "").replaceAll("\\.$", "");
  }
}
