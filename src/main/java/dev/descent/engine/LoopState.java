package dev.descent.engine;

import dev.descent.optim.stopping.EpochRecord;
import java.util.List;
import java.util.Map;

/**
 * Where a training loop is, in full, by name: what a checkpoint holds ({@link Snapshot}) and a
 * resumed run starts from, so that it continues bit for bit as the uninterrupted run would.
 *
 * @param kind which loop
 * @param epoch first-order: the epoch under way (1-based); L-BFGS: the iterations done
 * @param step first-order: the next step of the epoch (0-based); L-BFGS: 0
 * @param globalStep optimizer steps taken over the run (L-BFGS: iterations done), which numbers
 *     the checkpoint
 * @param theta the parameters, in optimization space
 * @param optimizer the update rule's state (or L-BFGS's), by name
 * @param baseRate the base learning rate once resolved (NaN before, and for L-BFGS)
 * @param curvature the objective's curvature bound once estimated (NaN before)
 * @param initialObjective the objective at the starting point (NaN until known)
 * @param sums the running sums of the epoch under way (first-order; empty for L-BFGS)
 * @param history the epochs done
 * @param best under early stopping, the best epoch so far; null otherwise
 */
record LoopState(Kind kind, long epoch, long step, long globalStep, double[] theta,
    Map<String, double[]> optimizer, double baseRate, double curvature, double initialObjective,
    EpochSums sums, List<EpochRecord> history, Best best) {

  /** The training loops, as checkpoints name them. */
  enum Kind {
    FIRST_ORDER("first-order"),
    LBFGS("lbfgs");

    final String label;

    Kind(String label) {
      this.label = label;
    }
  }

  /**
   * The running sums of the epoch under way: weighted sums of the loss and objective at the
   * parameters before each step, the total weight, the last step's rate and gradient norm, and
   * the time spent on the epoch so far (before a checkpoint, so that a resumed epoch's time
   * counts it).
   */
  record EpochSums(double lossSum, double objectiveSum, double weightSum, double lastRate,
      double lastNorm, long nanos) {
    static final EpochSums EMPTY = new EpochSums(0, 0, 0, Double.NaN, Double.NaN, 0);
  }

  /** The epoch with the lowest validation loss so far, and its parameters. */
  record Best(double[] theta, int epoch, double loss) {}

  /** Where a resumed run continues, as its note says. */
  String resumesAt() {
    return kind == Kind.LBFGS ? "iteration " + (epoch + 1)
        : "epoch " + epoch + ", step " + (step + 1);
  }
}
