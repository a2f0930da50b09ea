package dev.descent.optim;

import java.util.List;

/**
 * How the learning rate changes over a run. A schedule maps the base rate and the position in the
 * run to the rate of one step; positions count steps from 0. An optional linear warm-up ramps the
 * rate up over the first steps and then starts the schedule from its beginning.
 */
public final class Schedule {
  private static final List<String> NAMES =
      List.of("constant", "invsqrt", "step", "exponential", "cosine");

  private final String kind;
  private final double base;
  private final double decayRate;
  private final double decayEvery;
  private final long warmupSteps;
  private final long stepsPerEpoch;
  private final long totalSteps;

  /**
   * @param kind one of {@link #names()}
   * @param base the base learning rate
   * @param decayRate factor per {@code decayEvery} epochs for step and exponential
   * @param decayEvery epochs per decay for step and exponential
   * @param warmupEpochs epochs of linear warm-up (0 = none)
   * @param stepsPerEpoch mini-batch steps in one epoch
   * @param epochs planned epochs, the horizon of cosine
   */
  public Schedule(String kind, double base, double decayRate, double decayEvery,
      double warmupEpochs, long stepsPerEpoch, int epochs) {
    if (!NAMES.contains(kind)) {
      throw new IllegalArgumentException("unknown schedule '" + kind + "'; allowed: " + NAMES);
    }
    this.kind = kind;
    this.base = base;
    this.decayRate = decayRate;
    this.decayEvery = decayEvery;
    this.stepsPerEpoch = stepsPerEpoch;
    this.warmupSteps = Math.round(warmupEpochs * stepsPerEpoch);
    this.totalSteps = stepsPerEpoch * epochs;
  }

  public static List<String> names() {
    return NAMES;
  }

  public double base() {
    return base;
  }

  /** The learning rate of step {@code t} (0-based, counted over the whole run). */
  public double rate(long t) {
    if (t < warmupSteps) {
      return base * (t + 1) / warmupSteps;
    }
    long s = t - warmupSteps;
    double epoch = (double) s / stepsPerEpoch;
    switch (kind) {
      case "constant":
        return base;
      case "invsqrt":
        return base / Math.sqrt(s + 1);
      case "step":
        return base * Math.pow(decayRate, Math.floor(Math.floor(epoch) / decayEvery));
      case "exponential":
        return base * Math.pow(decayRate, epoch / decayEvery);
      case "cosine":
        long horizon = Math.max(1, totalSteps - warmupSteps);
        return base * 0.5 * (1 + Math.cos(Math.PI * Math.min(1.0, (double) s / horizon)));
      default:
        throw new AssertionError(kind);
    }
  }
}
