package dev.descent.engine;

import dev.descent.optim.stopping.EpochRecord;
import dev.descent.optim.stopping.Status;
import java.util.List;

/**
 * How a training run went.
 *
 * @param history one record per epoch
 * @param status converged, finished or diverged
 * @param reason why training stopped, in plain words
 * @param advice for a diverged run, the likely cause and what to try; otherwise null
 * @param initialObjective the objective at the starting point
 * @param finalObjective the objective at the returned model, over all rows
 * @param finalLoss the data loss at the returned model, over all rows
 * @param learningRate the base learning rate used (resolved when auto); NaN for lbfgs
 * @param curvature the estimated curvature bound L of the objective, or NaN if not estimated
 * @param seconds wall-clock seconds of the fit on the cached data (feature moments, training,
 *     the final objective); reading and caching the data come before it
 * @param returnedEpoch the epoch whose model is returned: the last one, or under early stopping
 *     the one with the lowest validation loss; 0 when no epoch was completed
 */
public record RunSummary(List<EpochRecord> history, Status status, String reason, String advice,
    double initialObjective, double finalObjective, double finalLoss, double learningRate,
    double curvature, double seconds, int returnedEpoch) {

  /** The record of {@link #returnedEpoch}, or null if there is none in the history. */
  public EpochRecord returnedRecord() {
    for (EpochRecord e : history) {
      if (e.epoch() == returnedEpoch) {
        return e;
      }
    }
    return null;
  }

  /** Whether the model is that of an earlier epoch than the last (early stopping). */
  public boolean returnedEarlier() {
    return !history.isEmpty() && returnedEpoch != history.get(history.size() - 1).epoch();
  }
}
