package dev.descent.engine;

import dev.descent.data.SkipReport;
import dev.descent.model.LinearModel;
import dev.descent.optim.stopping.EpochRecord;
import dev.descent.optim.stopping.Status;
import java.util.List;

/**
 * The outcome of a training run.
 *
 * @param model the model on the original feature scale (also for diverged runs: the last point)
 * @param history one record per epoch
 * @param status converged, finished or diverged
 * @param reason why training stopped, in plain words
 * @param advice for a diverged run, the likely cause and what to try; otherwise null
 * @param initialObjective the objective at the starting point
 * @param finalObjective the objective at the returned model, over all rows
 * @param finalLoss the data loss at the returned model, over all rows
 * @param learningRate the base learning rate used (resolved when auto); NaN for lbfgs
 * @param curvature the estimated curvature bound L of the objective, or NaN if not estimated
 * @param rows rows trained on
 * @param numFeatures model dimension
 * @param classCounts rows per class for classifiers, empty for regression
 * @param seconds wall-clock seconds of the whole fit, data preparation included
 * @param partitions partitions of the training data
 * @param validationRows rows validated on after every epoch; 0 without validation
 * @param scores for classifiers, the ROC curve and confusion matrix of the returned model on
 *     the validation rows (else the training rows); null for regression, diverged runs, and
 *     until {@link #withScores} adds them
 * @param skipped malformed records left out of the data (onBadRecord=skip)
 * @param returnedEpoch the epoch whose model this is: the last one, or under early stopping
 *     the one with the lowest validation loss; 0 when no epoch was completed
 */
public record TrainResult(LinearModel model, List<EpochRecord> history, Status status,
    String reason, String advice, double initialObjective, double finalObjective,
    double finalLoss, double learningRate, double curvature, long rows, int numFeatures,
    long[] classCounts, double seconds, int partitions, long validationRows,
    ClassifierScores scores, SkipReport skipped, int returnedEpoch) {

  /** A result whose model is that of the last epoch. */
  public TrainResult(LinearModel model, List<EpochRecord> history, Status status,
      String reason, String advice, double initialObjective, double finalObjective,
      double finalLoss, double learningRate, double curvature, long rows, int numFeatures,
      long[] classCounts, double seconds, int partitions, long validationRows,
      ClassifierScores scores, SkipReport skipped) {
    this(model, history, status, reason, advice, initialObjective, finalObjective, finalLoss,
        learningRate, curvature, rows, numFeatures, classCounts, seconds, partitions,
        validationRows, scores, skipped,
        history.isEmpty() ? 0 : history.get(history.size() - 1).epoch());
  }

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

  /** This result, recording the malformed records the data reader dropped. */
  public TrainResult withSkipped(SkipReport s) {
    return new TrainResult(model, history, status, reason, advice, initialObjective,
        finalObjective, finalLoss, learningRate, curvature, rows, numFeatures, classCounts,
        seconds, partitions, validationRows, scores, s, returnedEpoch);
  }

  public boolean diverged() {
    return status == Status.DIVERGED;
  }

  /** This result with the classifier's scores. */
  public TrainResult withScores(ClassifierScores s) {
    return new TrainResult(model, history, status, reason, advice, initialObjective,
        finalObjective, finalLoss, learningRate, curvature, rows, numFeatures, classCounts,
        seconds, partitions, validationRows, s, skipped, returnedEpoch);
  }
}
