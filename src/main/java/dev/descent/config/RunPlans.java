package dev.descent.config;

import dev.descent.engine.TrainingPlan;
import dev.descent.loss.Losses;
import dev.descent.optim.Hyperparameters;
import dev.descent.optim.Optimizer;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns settings into the engine's typed {@link TrainingPlan}: the one place where a training
 * run's settings are read, when the run starts.
 */
public final class RunPlans {
  private RunPlans() {}

  /** The plan of a training run under {@code c} (checked by {@link Checks} beforehand). */
  public static TrainingPlan training(Config c) {
    return new TrainingPlan(
        new TrainingPlan.Model(Losses.byName(c.get(Settings.LOSS)), c.get(Settings.INTERCEPT),
            c.get(Settings.STANDARDIZE), c.get(Settings.NUM_FEATURES),
            c.get(Settings.NUM_CLASSES)),
        new TrainingPlan.Penalty(c.get(Settings.REG_PARAM), c.get(Settings.ELASTIC_NET),
            c.get(Settings.PRIOR_REG_PARAM)),
        c.get(Settings.CLASS_WEIGHT).equals("balanced"),
        steps(c),
        new TrainingPlan.Stopping(c.get(Settings.EPOCHS), c.get(Settings.TOLERANCE)),
        new TrainingPlan.Validation(c.get(Settings.VALIDATION_FRACTION),
            c.get(Settings.VALIDATION_INPUT), c.get(Settings.PATIENCE)),
        new TrainingPlan.Execution(c.get(Settings.PRECISION), c.get(Settings.AGGREGATION_DEPTH),
            c.get(Settings.PARTITIONS)),
        checkpointing(c),
        c.effective(),
        defining(c),
        Settings::sameValue);
  }

  /** The update rules' constants as set (or by default). */
  public static Hyperparameters hyperparameters(Config c) {
    return new Hyperparameters(c.get(Settings.MOMENTUM), c.get(Settings.BETA1),
        c.get(Settings.BETA2), c.get(Settings.RHO), c.get(Settings.EPSILON),
        c.get(Settings.HISTORY_SIZE));
  }

  private static TrainingPlan.Steps steps(Config c) {
    return new TrainingPlan.Steps(Optimizer.byName(c.get(Settings.OPTIMIZER)),
        hyperparameters(c), c.get(Settings.LEARNING_RATE),
        new TrainingPlan.RateSchedule(c.get(Settings.SCHEDULE), c.get(Settings.DECAY_RATE),
            c.get(Settings.DECAY_EVERY), c.get(Settings.WARMUP_EPOCHS)),
        c.get(Settings.BATCH_SIZE), c.get(Settings.SEED), c.get(Settings.SYNC_EVERY));
  }

  private static TrainingPlan.Checkpointing checkpointing(Config c) {
    String directory = c.get(Settings.CHECKPOINT_DIR);
    return directory == null ? null : new TrainingPlan.Checkpointing(directory,
        c.get(Settings.CHECKPOINT_EVERY), c.get(Settings.RESUME),
        c.get(Settings.DISCARD_CHECKPOINTS));
  }

  /** The settings that define the run ({@link Setting#definesRun}), as text. */
  private static Map<String, String> defining(Config c) {
    Map<String, String> all = c.effective();
    Map<String, String> out = new LinkedHashMap<>();
    for (Setting<?> s : Settings.definingRun()) {
      out.put(s.key(), all.get(s.key()));
    }
    return Collections.unmodifiableMap(out);
  }
}
