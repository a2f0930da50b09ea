package dev.descent.engine;

import dev.descent.model.LinearModel;
import dev.descent.optim.stopping.EpochRecord;
import java.util.List;

/** Told when training starts, and about each finished epoch with the model as it then stands. */
@FunctionalInterface
public interface TrainingListener {

  /** What the run trains on, once the data is read and checked. */
  record Start(String source, long rows, int numFeatures, int numClasses, int partitions,
      List<String> notes) {}

  /** Before the first epoch. */
  default void onStart(Start start) {}

  /** Something the user should know that is not an error (e.g. resuming from a checkpoint). */
  default void onNote(String note) {}

  /** After each optimizer step (1-based), for progress displays; cheap, called often. */
  default void onStep(long epoch, long step, long stepsPerEpoch, int epochs) {}

  /**
   * After each round of local steps (1-based; {@code syncEvery} other than step), for progress
   * displays, instead of {@link #onStep}.
   */
  default void onRound(long epoch, long round, long roundsPerEpoch, int epochs) {}

  /** After each epoch, with the model after that epoch's updates. */
  void onEpoch(EpochRecord record, LinearModel model);

  /**
   * After each epoch, as {@link #onEpoch(EpochRecord, LinearModel)} (which it calls unless
   * overridden), also saying which epoch's model early stopping would return so far.
   *
   * @param bestEpoch under early stopping (patience &gt; 0), the epoch with the lowest validation
   *     loss so far; 0 otherwise
   */
  default void onEpoch(EpochRecord record, LinearModel model, int bestEpoch) {
    onEpoch(record, model);
  }

  TrainingListener NONE = (r, m) -> {};
}
