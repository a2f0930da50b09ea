package dev.descent.engine;

import dev.descent.model.LinearModel;
import dev.descent.optim.stopping.EpochLimit;
import dev.descent.optim.stopping.EpochRecord;
import dev.descent.optim.stopping.NoValidationImprovement;
import dev.descent.optim.stopping.NonFiniteObjective;
import dev.descent.optim.stopping.RelativeImprovement;
import dev.descent.optim.stopping.Stop;
import dev.descent.optim.stopping.StoppingRule;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What both training loops do at the end of an epoch: validate (when there are validation rows),
 * remember the best parameters under early stopping, add the epoch to the history, log it, tell
 * the listener, and ask the stopping rules.
 */
final class EpochLedger {
  private static final Logger LOG = LoggerFactory.getLogger(Trainer.class);

  private final List<EpochRecord> history = new ArrayList<>();
  private final List<StoppingRule> rules;
  private final int epochs;
  private final int patience;
  private final BatchObjective validating; // null without validation rows
  private final Function<double[], double[]> raw;
  private final Function<double[], LinearModel> model;
  private final TrainingListener listener;
  private final Consumer<String> describe;
  private LoopState.Best best;

  /**
   * @param stepsPerEpoch steps in an epoch: with more than one, the objective must hold still for
   *     {@link RelativeImprovement#MINI_BATCH_EPOCHS} epochs to converge
   * @param validating the validation rows, or null
   * @param raw raw coefficients of optimization-space parameters
   * @param model the model of optimization-space parameters
   * @param describe names the Spark jobs that follow
   */
  EpochLedger(TrainingPlan.Stopping stopping, long stepsPerEpoch, int patience,
      BatchObjective validating,
      Function<double[], double[]> raw, Function<double[], LinearModel> model,
      TrainingListener listener, Consumer<String> describe) {
    this.epochs = stopping.epochs();
    this.patience = patience;
    this.rules = List.of(new NonFiniteObjective(), new NoValidationImprovement(patience),
        new RelativeImprovement(stopping.tolerance(),
            stepsPerEpoch > 1 ? RelativeImprovement.MINI_BATCH_EPOCHS : 1),
        new EpochLimit(stopping.epochs()));
    this.validating = validating;
    this.raw = raw;
    this.model = model;
    this.listener = listener;
    this.describe = describe;
  }

  /** Continues the history and the best epoch of a resumed run. */
  void restore(LoopState state) {
    history.addAll(state.history());
    best = state.best();
  }

  /**
   * Validates the parameters after an epoch, adds the epoch to the history, tells the listener,
   * and returns the first stopping rule's verdict, or null to go on.
   */
  Stop record(EpochRecord epoch, double[] theta) {
    EpochRecord record = validated(epoch, theta);
    history.add(record);
    if (LOG.isInfoEnabled()) {
      LOG.info(String.format("Descent epoch %d/%d: loss=%.6g, objective=%.6g%s, %.3f s",
          record.epoch(), epochs, record.loss(), record.objective(),
          record.hasValidation() ? String.format(", validationLoss=%.6g",
              record.validationLoss()) : "", record.seconds()));
    }
    listener.onEpoch(record, model.apply(theta), best == null ? 0 : best.epoch());
    return check();
  }

  /** The first stopping rule's verdict on the history, or null (also when it is empty). */
  Stop check() {
    if (history.isEmpty()) {
      return null;
    }
    for (StoppingRule r : rules) {
      Stop stop = r.check(history);
      if (stop != null) {
        return stop;
      }
    }
    return null;
  }

  /** The epochs so far (a copy). */
  List<EpochRecord> history() {
    return List.copyOf(history);
  }

  /** Under early stopping, the best epoch so far; null otherwise (or before one). */
  LoopState.Best best() {
    return best;
  }

  /**
   * The record with validation loss and accuracy at {@code theta}, when there are validation
   * rows; under early stopping, also remembers the best parameters so far.
   */
  private EpochRecord validated(EpochRecord record, double[] theta) {
    if (validating == null) {
      return record;
    }
    describe.accept("validation after epoch " + record.epoch());
    BatchObjective.Score score = validating.validate(raw.apply(theta));
    if (patience > 0 && score.loss() < (best == null ? Double.POSITIVE_INFINITY : best.loss())) {
      best = new LoopState.Best(theta.clone(), record.epoch(), score.loss());
    }
    return record.withValidation(score.loss(), score.accuracy());
  }
}
