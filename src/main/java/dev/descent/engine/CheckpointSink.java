package dev.descent.engine;

/**
 * Where a training loop's checkpoints go: {@link Checkpoints#sink} writes them to the checkpoint
 * directory; tests keep them in memory.
 */
interface CheckpointSink {

  /** Whether a checkpoint is due after global step {@code step} (counted from 1). */
  boolean dueAfterStep(long step);

  /** Whether a checkpoint is due after epoch {@code epoch} (counted from 1). */
  boolean dueAfterEpoch(long epoch);

  /** Saves the state (its parameters are finite). */
  void save(LoopState state);
}
