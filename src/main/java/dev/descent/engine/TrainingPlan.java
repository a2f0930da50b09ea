package dev.descent.engine;

import dev.descent.data.Precision;
import dev.descent.loss.Loss;
import dev.descent.optim.Hyperparameters;
import dev.descent.optim.Optimizer;
import dev.descent.optim.Schedule;
import java.util.Map;

/**
 * A training run, typed: everything the engine is told about it. It is built from the settings
 * where a run starts ({@code dev.descent.config.RunPlans}), so that no engine class reads a
 * setting, as Spark ML's internals never see a {@code Param}.
 *
 * @param model the model's form
 * @param penalty the penalty and the prior
 * @param balanceClasses whether rows are weighted so that every class weighs the same
 * @param steps the optimizer and how it steps
 * @param stopping when the run ends
 * @param validation validation rows and early stopping
 * @param execution how the work is laid out on the cluster
 * @param checkpointing where and how often to checkpoint; null without checkpoints
 * @param settings every setting as text, as the model records them
 * @param defining the settings that define the run, as text: what a checkpoint must match
 * @param sameSetting when a checkpoint's text of a defining setting matches this run's
 */
public record TrainingPlan(Model model, Penalty penalty, boolean balanceClasses, Steps steps,
    Stopping stopping, Validation validation, Execution execution, Checkpointing checkpointing,
    Map<String, String> settings, Map<String, String> defining, SameSetting sameSetting) {

  /**
   * The model's form.
   *
   * @param numFeatures the declared dimension, or null to take it from the data
   * @param numClasses the declared number of classes, or null to take it from the labels
   */
  public record Model(Loss loss, boolean intercept, boolean standardize, Integer numFeatures,
      Integer numClasses) {}

  /**
   * The penalty {@code lambda ((1 - alpha)/2 ||w||^2 + alpha ||w||_1)}, and with an initial
   * model a Gaussian prior of strength {@code prior} around it.
   */
  public record Penalty(double lambda, double alpha, double prior) {}

  /**
   * The optimizer and its steps.
   *
   * @param rate the base learning rate (ignored by full-batch optimizers)
   * @param seed the seed of the mini-batch shuffles
   * @param syncEvery how often the partitions synchronize (local steps in between)
   */
  public record Steps(Optimizer optimizer, Hyperparameters hyperparameters, LearningRate rate,
      RateSchedule schedule, BatchSize batchSize, long seed, SyncEvery syncEvery) {}

  /** How the learning rate changes over the run (see {@link Schedule}). */
  public record RateSchedule(String kind, double decayRate, double decayEvery,
      double warmupEpochs) {

    /** The schedule from base rate {@code base} over {@code epochs} of {@code stepsPerEpoch}. */
    public Schedule from(double base, long stepsPerEpoch, int epochs) {
      return new Schedule(kind, base, decayRate, decayEvery, warmupEpochs, stepsPerEpoch,
          epochs);
    }
  }

  /** The epoch budget (L-BFGS: iterations), and the relative change that counts as converged. */
  public record Stopping(int epochs, double tolerance) {}

  /**
   * Validation rows: a held-out fraction, or another input (null: none); early stopping after
   * {@code patience} epochs without improvement (0: off).
   */
  public record Validation(double fraction, String input, int patience) {}

  /**
   * How training data is stored, how deep partial sums are aggregated, and the partitions of
   * text input as declared (null: Spark's default).
   */
  public record Execution(Precision precision, AggregationDepth aggregationDepth,
      Integer partitions) {}

  /**
   * Checkpoints: where, how often, whether to resume from the newest, and whether a fresh run
   * may discard another run's.
   */
  public record Checkpointing(String directory, CheckpointInterval every, boolean resume,
      boolean discard) {}
}
