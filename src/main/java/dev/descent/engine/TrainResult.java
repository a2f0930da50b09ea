package dev.descent.engine;

import dev.descent.data.SkipReport;
import dev.descent.model.LinearModel;
import dev.descent.optim.stopping.EpochRecord;
import dev.descent.optim.stopping.Status;
import java.util.List;

/**
 * The outcome of a training run: the model, how the run went, what it trained on, and for
 * classifiers the scores of the model. The figures callers want most are also here directly
 * ({@link #history}, {@link #status}, {@link #finalObjective}, ...).
 *
 * @param model the model on the original feature scale (also for diverged runs: the last point)
 * @param run how the run went: history, status, objectives, learning rate
 * @param data what it trained on: rows, features, classes, partitions, validation rows
 * @param scores for classifiers, the ROC curve and confusion matrix of the returned model on
 *     the validation rows (else the training rows); null for regression, diverged runs, and
 *     until {@link #withScores} adds them
 */
public record TrainResult(LinearModel model, RunSummary run, DataSummary data,
    ClassifierScores scores) {

  /** A result without scores. */
  public TrainResult(LinearModel model, RunSummary run, DataSummary data) {
    this(model, run, data, null);
  }

  /** One record per epoch. */
  public List<EpochRecord> history() {
    return run.history();
  }

  /** Converged, finished or diverged. */
  public Status status() {
    return run.status();
  }

  public boolean diverged() {
    return run.status() == Status.DIVERGED;
  }

  /** Why training stopped, in plain words. */
  public String reason() {
    return run.reason();
  }

  /** For a diverged run, the likely cause and what to try; otherwise null. */
  public String advice() {
    return run.advice();
  }

  /** The objective at the starting point. */
  public double initialObjective() {
    return run.initialObjective();
  }

  /** The objective at the returned model, over all rows. */
  public double finalObjective() {
    return run.finalObjective();
  }

  /** Malformed records left out of the data (onBadRecord=skip). */
  public SkipReport skipped() {
    return data.skipped();
  }

  /** This result, recording the malformed records the data reader dropped. */
  public TrainResult withSkipped(SkipReport s) {
    return new TrainResult(model, run, data.withSkipped(s), scores);
  }

  /** This result with the classifier's scores. */
  public TrainResult withScores(ClassifierScores s) {
    return new TrainResult(model, run, data, s);
  }
}
