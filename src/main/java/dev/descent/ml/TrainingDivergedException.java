package dev.descent.ml;

import dev.descent.engine.TrainResult;

/**
 * Training diverged, so there is no model to return; the result says why and what to try (its
 * {@code advice}), as the command line does with exit code 4.
 */
public final class TrainingDivergedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient TrainResult result;

  public TrainingDivergedException(TrainResult result) {
    super("Training diverged: " + result.reason() + ". Likely cause: " + result.advice());
    this.result = result;
  }

  /** The diverged run: history, status, reason and advice. */
  public TrainResult result() {
    return result;
  }
}
