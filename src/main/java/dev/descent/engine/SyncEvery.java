package dev.descent.engine;

/**
 * How often the partitions synchronize: after every mini-batch {@code step} (synchronous
 * mini-batch descent, one Spark job per step), after every {@code N steps}, or once per
 * {@code epoch}. Between synchronizations each partition takes local steps over its own share of
 * the batches; a synchronization combines the partitions' parameter changes (see
 * {@link LocalSteps}).
 *
 * @param steps steps per round: 0 for {@code step} (no local steps), -1 for {@code epoch}, else N
 */
public record SyncEvery(long steps) {
  /** Today's synchronous descent: one job per step, no local steps. */
  public static final SyncEvery STEP = new SyncEvery(0);
  /** One round per epoch. */
  public static final SyncEvery EPOCH = new SyncEvery(-1);

  public static SyncEvery steps(long n) {
    if (n < 1) {
      throw new IllegalArgumentException("below 1");
    }
    return new SyncEvery(n);
  }

  /** Whether steps are local between synchronizations (anything but {@code step}). */
  public boolean local() {
    return steps != 0;
  }

  /** Steps in the round that starts at step {@code step} of an epoch of {@code stepsPerEpoch}. */
  public long roundLength(long step, long stepsPerEpoch) {
    long left = stepsPerEpoch - step;
    return steps <= 0 ? (steps == 0 ? 1 : left) : Math.min(steps, left);
  }

  /** The 1-based index in its epoch of the round that starts at step {@code step}. */
  public long roundIndex(long step) {
    return steps <= 0 ? (steps == 0 ? step + 1 : 1) : step / steps + 1;
  }

  /** Rounds in an epoch of {@code stepsPerEpoch} steps. */
  public long roundsPerEpoch(long stepsPerEpoch) {
    return steps == 0 ? stepsPerEpoch : steps < 0 ? 1 : (stepsPerEpoch + steps - 1) / steps;
  }

  /** "round r/R (steps a-b of S)": the round of {@code length} steps from {@code step}. */
  public String roundName(long step, long length, long stepsPerEpoch) {
    return "round " + roundIndex(step) + "/" + roundsPerEpoch(stepsPerEpoch) + " (steps "
        + (step + 1) + "-" + (step + length) + " of " + stepsPerEpoch + ")";
  }

  @Override
  public String toString() {
    return steps == 0 ? "step" : steps < 0 ? "epoch" : steps + " steps";
  }
}
