package dev.descent.optim;

import java.util.List;

/**
 * How the learning rate changes over a run. A schedule maps the base rate and the position in the
 * run to the rate of one step; positions count the planned steps from 0 ({@code (epoch - 1) x
 * stepsPerEpoch + step}), so a schedule keeps to its epochs whether or not every step had rows.
 * An optional linear warm-up ramps the rate up over the first steps and then starts the schedule
 * from its beginning.
 *
 * <p>{@code auto} is constant for full-batch runs (one step per epoch: gradient descent at a
 * constant rate converges by itself) and cosine for mini-batch runs, whose gradient noise keeps
 * a constant rate in a ball around the optimum: the decay to 0 at the last planned epoch brings
 * the iterate to the optimum within the planned epochs (measured against constant, 1/t decay,
 * a constant phase then linear decay, and iterate averaging: docs/objective.md, Mini-batch
 * defaults).
 */
public final class Schedule {
  private static final List<String> NAMES =
      List.of("auto", "constant", "invsqrt", "step", "exponential", "cosine");

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
    this.kind = resolve(kind, stepsPerEpoch);
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

  /** The schedule followed: the one named, or for {@code auto} the one it stands for. */
  public String kind() {
    return kind;
  }

  /**
   * The schedule {@code kind} stands for with {@code stepsPerEpoch} steps per epoch: itself, or
   * for {@code auto} constant (full batch) or cosine (mini-batches).
   */
  public static String resolve(String kind, long stepsPerEpoch) {
    if (!kind.equals("auto")) {
      return kind;
    }
    return stepsPerEpoch > 1 ? "cosine" : "constant";
  }

  /**
   * The learning rate at position {@code t}: the planned step of the run, 0-based
   * ({@code (epoch - 1) x stepsPerEpoch + step}).
   */
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
