package dev.descent.engine;

import dev.descent.optim.stopping.Stop;
import java.util.function.Consumer;

/**
 * A training loop: steps from a starting point until a stopping rule ends the run. Its only way
 * to the data is the context's {@link Objective} (so a loop runs without Spark over a
 * {@link BatchObjective} in memory); everything it must remember is a {@link LoopState}.
 *
 * <h2>Lifecycle</h2>
 * <ol>
 *   <li><b>construct</b> for one run, with its {@link Context}.</li>
 *   <li><b>run</b> once: from {@code start}, or from the state of a checkpoint to resume from;
 *       every finished epoch goes to the context's {@link EpochLedger}, which decides when to
 *       stop; checkpoints go to the sink as they fall due (never with non-finite parameters).</li>
 *   <li><b>end</b>: {@link #run} returns how the run ended (the history and the best epoch are
 *       the ledger's); the caller computes what is left (the final objective, when the loop
 *       does not know it) and reports.</li>
 * </ol>
 */
interface TrainingLoop {

  /**
   * Runs the loop.
   *
   * @param start the starting parameters (optimization space; not modified)
   * @param restored the state to resume from, or null to start at {@code start}
   */
  Ending run(double[] start, LoopState restored);

  /**
   * What a loop works with, besides its own state.
   *
   * @param objective the training objective
   * @param steps the optimizer and how it steps
   * @param epochs the planned epochs (for progress)
   * @param stepsPerEpoch mini-batch steps per epoch (1: full batch)
   * @param rows the training rows and their total weight
   * @param ledger where every epoch ends
   * @param curvature the objective's curvature bound
   * @param sink where checkpoints go; null without checkpoints
   * @param listener told about every step
   * @param describe names the Spark jobs that follow
   */
  record Context(Objective objective, TrainingPlan.Steps steps, int epochs, long stepsPerEpoch,
      Rows rows, EpochLedger ledger, CurvatureBound curvature, CheckpointSink sink,
      TrainingListener listener, Consumer<String> describe) {}

  /** How many training rows there are, their total instance weight, and their partitions. */
  record Rows(long count, double weightSum, int partitions) {}

  /**
   * How a run ended.
   *
   * @param theta the parameters to return: the last, or under early stopping the best epoch's
   * @param stop the stopping rule's verdict
   * @param initialObjective the objective at the starting point
   * @param baseRate the base learning rate used (NaN for L-BFGS)
   * @param failure where the objective became non-finite, or null
   * @param lastCheckpoint the position of the last checkpoint written, or null
   * @param known the objective and loss at {@code theta} over every row when the loop knows
   *     them already, else null
   */
  record Ending(double[] theta, Stop stop, double initialObjective, double baseRate,
      String failure, String lastCheckpoint, FinalPoint known) {}

  /** The full objective and the data loss at the returned parameters, over every row. */
  record FinalPoint(double objective, double loss) {}

  /** The Euclidean norm of {@code v}. */
  static double norm(double[] v) {
    double s = 0;
    for (double x : v) {
      s += x * x;
    }
    return Math.sqrt(s);
  }

  /** Whether every value is finite (checkpoints hold only finite parameters). */
  static boolean allFinite(double[] v) {
    for (double x : v) {
      if (!Double.isFinite(x)) {
        return false;
      }
    }
    return true;
  }
}
