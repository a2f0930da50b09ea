package dev.descent.config;

import dev.descent.input.InputFormat;
import dev.descent.io.PathOverlap;
import dev.descent.loss.Loss;
import dev.descent.loss.Losses;
import dev.descent.optim.Hyperparameter;
import dev.descent.optim.Optimizer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Rules that span several settings. Contradictions are errors; settings that are valid but have
 * no effect in this combination become notes, so that a typo'd plan does not pass silently.
 * (Over 300 lines: every command's cross-setting rules, each short, and the input format's.)
 */
public final class Checks {
  private Checks() {}

  /**
   * Checks settings for training on the files named by {@code input}.
   *
   * @return notes on settings that will have no effect
   * @throws ConfigException for a missing or contradictory setting
   */
  public static List<String> forTraining(Config c) {
    require(c, Settings.INPUT, "train");
    List<String> notes = new ArrayList<>();
    checkFormat(c, notes);
    notes.addAll(forTrainingInMemory(c));
    return notes;
  }

  /** Checks settings for training on in-memory data (no input file, so no format checks). */
  public static List<String> forTrainingInMemory(Config c) {
    checkFeatureColumns(c);
    Optimizer optimizer = Optimizer.byName(c.get(Settings.OPTIMIZER));
    Loss loss = Losses.byName(c.get(Settings.LOSS));
    checkOptimizer(c, optimizer, loss);
    checkClasses(c, loss);
    boolean validation = c.get(Settings.VALIDATION_FRACTION) > 0
        || c.get(Settings.VALIDATION_INPUT) != null;
    if (c.get(Settings.VALIDATION_FRACTION) > 0 && c.get(Settings.VALIDATION_INPUT) != null) {
      throw new ConfigException(Settings.VALIDATION_INPUT.key(), "give validationFraction or"
          + " validationInput, not both");
    }
    if (c.get(Settings.PATIENCE) > 0 && !validation) {
      throw new ConfigException(Settings.PATIENCE.key(), "patience needs validation rows: set"
          + " validationFraction (e.g. 0.2) or validationInput");
    }
    if (c.get(Settings.PRIOR_REG_PARAM) > 0 && c.get(Settings.INITIAL_MODEL) == null) {
      throw new ConfigException(Settings.PRIOR_REG_PARAM.key(), "priorRegParam centres a prior"
          + " on initialModel's weights: set initialModel=DIR too");
    }
    if (c.get(Settings.RESUME) && c.get(Settings.CHECKPOINT_DIR) == null) {
      throw new ConfigException(Settings.RESUME.key(), "resume=true needs checkpointDir=... (the"
          + " directory the interrupted run wrote its checkpoints to)");
    }
    List<String> notes = new ArrayList<>();
    if (c.get(Settings.CHECKPOINT_DIR) == null) {
      ignored(c, notes, "without checkpointDir", Settings.CHECKPOINT_EVERY,
          Settings.DISCARD_CHECKPOINTS);
    }
    if (optimizer.fullBatch()) {
      ignored(c, notes, "with optimizer=" + optimizer + " (its line search sets the step)",
          Settings.LEARNING_RATE, Settings.SCHEDULE, Settings.WARMUP_EPOCHS, Settings.SEED);
    } else if (c.get(Settings.BATCH_SIZE).isFullBatch()) {
      String batch = "with batchSize=" + c.effective().get(Settings.BATCH_SIZE.key()).trim();
      ignored(c, notes, batch + " (no shuffling)", Settings.SEED);
      ignored(c, notes, batch + " (one step per epoch)", Settings.SYNC_EVERY);
    }
    String schedule = c.get(Settings.SCHEDULE);
    if (!schedule.equals("step") && !schedule.equals("exponential")) {
      ignored(c, notes, "with schedule=" + schedule, Settings.DECAY_RATE, Settings.DECAY_EVERY);
    }
    unreadHyperparameters(c, optimizer, notes);
    if (c.get(Settings.REG_PARAM) == 0) {
      ignored(c, notes, "with regParam=0", Settings.ELASTIC_NET);
    }
    ignored(c, notes, "by train", Settings.MODEL, Settings.OUTPUT_FORMAT, Settings.KEEP_COLUMNS);
    return notes;
  }

  /** The optimizer fits the batch size and the loss. */
  private static void checkOptimizer(Config c, Optimizer optimizer, Loss loss) {
    if (optimizer.fullBatch() && !c.get(Settings.BATCH_SIZE).isFullBatch()) {
      throw new ConfigException(Settings.BATCH_SIZE.key(), "optimizer=" + optimizer + " works on"
          + " the full batch: set batchSize=all, or pick a stochastic optimizer ("
          + String.join(", ", Optimizer.stochasticNames()) + ")");
    }
    if (optimizer.fullBatch() && c.get(Settings.SYNC_EVERY).local()) {
      throw new ConfigException(Settings.SYNC_EVERY.key(), "optimizer=" + optimizer + " works on"
          + " the full batch, with no local steps: leave syncEvery at step, or pick a"
          + " stochastic optimizer (" + String.join(", ", Optimizer.stochasticNames()) + ")");
    }
    if (optimizer.fullBatch() && !loss.smooth()) {
      List<String> rules = Optimizer.stochasticNames();
      throw new ConfigException(Settings.OPTIMIZER.key(), "optimizer=" + optimizer + " needs a"
          + " smooth loss, and " + loss.name() + " is not differentiable; use "
          + String.join(", ", rules.subList(0, rules.size() - 1)) + " or "
          + rules.get(rules.size() - 1) + " with loss=" + loss.name());
    }
  }

  /** numClasses and classWeight only where the loss has classes (numClasses: any number). */
  private static void checkClasses(Config c, Loss loss) {
    Integer classes = c.get(Settings.NUM_CLASSES);
    boolean regression = !loss.isClassifier();
    if (classes != null && !loss.multiclass() && (regression || classes != 2)) {
      throw new ConfigException(Settings.NUM_CLASSES.key(), "numClasses=" + classes
          + (regression ? " does not apply to loss=" + loss.name() + " (a regression loss); it"
              + " is for loss=" + lossNames(Loss::multiclass, " or ")
              : " needs loss=" + lossNames(Loss::multiclass, " or ") + " (" + loss.name()
                  + " is a binary loss)"));
    }
    if (c.get(Settings.CLASS_WEIGHT).equals("balanced") && regression) {
      throw new ConfigException(Settings.CLASS_WEIGHT.key(), "classWeight=balanced needs a"
          + " classifier loss (" + lossNames(Loss::isClassifier, ", ") + "), not "
          + loss.name());
    }
  }

  /** The names of the losses that {@code test} accepts, joined. */
  private static String lossNames(Predicate<Loss> test, String separator) {
    return String.join(separator, Losses.all().stream().filter(test).map(Loss::name).toList());
  }

  /**
   * Notes on the hyperparameters the optimizer does not read: one per group of settings read by
   * the same optimizers, in declaration order.
   */
  private static void unreadHyperparameters(Config c, Optimizer optimizer, List<String> notes) {
    Map<Set<Optimizer>, List<Setting<?>>> byReaders = new LinkedHashMap<>();
    for (Setting<?> s : Settings.all()) {
      Hyperparameter h = Hyperparameter.byKey(s.key());
      if (h != null && !optimizer.reads().contains(h)) {
        byReaders.computeIfAbsent(h.readers(), k -> new ArrayList<>()).add(s);
      }
    }
    for (List<Setting<?>> group : byReaders.values()) {
      ignored(c, notes, "with optimizer=" + optimizer, group);
    }
  }

  /** Checks settings for predict and evaluate; returns notes on settings they do not use. */
  public static List<String> forScoring(Config c, String command) {
    require(c, Settings.INPUT, command);
    require(c, Settings.MODEL, command);
    if (command.equals("predict")) {
      require(c, Settings.OUTPUT, command);
    }
    List<String> notes = new ArrayList<>();
    checkFormat(c, notes);
    if (sparkSource(c) != null) {
      ignored(c, notes, "by " + command + " for a Spark data source (Spark splits its files"
          + " into partitions itself)", Settings.PARTITIONS);
    }
    if (!command.equals("predict")) {
      ignored(c, notes, "by " + command, Settings.OUTPUT_FORMAT, Settings.KEEP_COLUMNS);
    } else if (c.get(Settings.KEEP_COLUMNS) != null && (sparkSource(c) == null
        || c.get(Settings.OUTPUT_FORMAT).equals("text"))) {
      throw new ConfigException(Settings.KEEP_COLUMNS.key(), "keepColumns copies columns of a"
          + " Spark data source (format=parquet, ...) into predictions written by one"
          + " (outputFormat=parquet, ...); " + (sparkSource(c) == null ? "the input is text"
              : "outputFormat is text"));
    }
    ignored(c, notes, "by " + command + " (they come from the model)",
        Settings.inScope(scope -> scope == Setting.Scope.MODEL));
    ignored(c, notes, "by " + command, Settings.inScope(Setting.Scope::trainingOnly));
    return notes;
  }

  /**
   * Checks settings for export (a model to a Spark ML model directory); returns notes on the
   * settings it does not use, which is all but model, output, overwrite and verbose.
   */
  public static List<String> forExport(Config c) {
    require(c, Settings.MODEL, "export");
    require(c, Settings.OUTPUT, "export");
    List<Setting<?>> used = List.of(Settings.MODEL, Settings.OUTPUT, Settings.OVERWRITE,
        Settings.VERBOSE);
    List<String> notes = new ArrayList<>();
    ignored(c, notes, "by export",
        Settings.all().stream().filter(s -> !used.contains(s)).toList());
    return notes;
  }

  /**
   * The paths {@code command} reads (input, validationInput, initialModel, model) and, for
   * train, its checkpointDir, each with its setting, as far as they are set: what its output
   * must stay apart from.
   */
  public static List<PathOverlap.Use> readPaths(Config c, String command) {
    List<Setting<String>> settings = switch (command) {
      case "train" -> List.of(Settings.INPUT, Settings.VALIDATION_INPUT, Settings.INITIAL_MODEL,
          Settings.CHECKPOINT_DIR);
      case "export" -> List.of(Settings.MODEL);
      default -> List.of(Settings.INPUT, Settings.MODEL);
    };
    List<PathOverlap.Use> uses = new ArrayList<>();
    for (Setting<String> s : settings) {
      if (c.get(s) != null) {
        uses.add(new PathOverlap.Use(s.key(), c.get(s)));
      }
    }
    return uses;
  }

  /**
   * The text format of the input: as set, or guessed from the input path's extension. Only for
   * text inputs ({@link #sparkSource} null).
   */
  public static InputFormat format(Config c) {
    String source = sparkSource(c);
    if (source != null) {
      throw new IllegalStateException("the input is a Spark data source (" + source
          + "), not text");
    }
    String f = c.get(Settings.FORMAT);
    if (!f.equals("auto")) {
      return InputFormat.valueOf(f.toUpperCase(Locale.ROOT));
    }
    String name = uncompressedName(c);
    return name.endsWith(".csv") || name.endsWith(".tsv") ? InputFormat.CSV : InputFormat.LIBSVM;
  }

  /**
   * The Spark data source that reads the input (parquet, orc, ...), or null when Descent reads
   * it as text (libsvm or csv). {@code format=auto} picks parquet and orc by extension.
   */
  public static String sparkSource(Config c) {
    String f = c.get(Settings.FORMAT);
    if (f.equals("auto")) {
      String name = uncompressedName(c).replaceAll("/+$", "");
      return name.endsWith(".parquet") ? "parquet" : name.endsWith(".orc") ? "orc" : null;
    }
    return f.equals("libsvm") || f.equals("csv") ? null : f;
  }

  /**
   * Whether the input's name says its format (.csv, .tsv, .parquet, .orc, .libsvm, .svm, before
   * any compression suffix), which format=auto then follows.
   */
  static boolean formatFromName(Config c) {
    String name = uncompressedName(c).replaceAll("/+$", "");
    return List.of(".csv", ".tsv", ".parquet", ".orc", ".libsvm", ".svm").stream()
        .anyMatch(name::endsWith);
  }

  /** The CSV delimiter: as set, else tab for .tsv files, else comma. */
  public static char delimiter(Config c) {
    if (c.isSet(Settings.DELIMITER)) {
      return c.get(Settings.DELIMITER);
    }
    return uncompressedName(c).endsWith(".tsv") ? '\t' : ',';
  }

  /**
   * The input path in lower case without a compression suffix Hadoop decodes, so that format and
   * delimiter are guessed from the same name.
   */
  private static String uncompressedName(Config c) {
    String path = c.get(Settings.INPUT);
    String name = path == null ? "" : path.toLowerCase(Locale.ROOT);
    return name.replaceAll("\\.(gz|bz2|deflate|zst|lz4|snappy)$", "");
  }

  private static void checkFormat(Config c, List<String> notes) {
    String source = sparkSource(c);
    if (source != null) {
      checkFeatureColumns(c);
      ignored(c, notes, "for a Spark data source (" + source + ")", Settings.HEADER,
          Settings.DELIMITER);
      return;
    }
    if (c.get(Settings.FEATURE_COLUMNS) != null) {
      throw new ConfigException(Settings.FEATURE_COLUMNS.key(), "featureColumns applies to"
          + " Spark data sources (format=parquet, orc, json, ...); " + (format(c)
              == InputFormat.CSV ? "CSV input uses every column other than the label and weight"
              + " columns as a feature" : "LIBSVM lines name their features themselves"));
    }
    ignored(c, notes, "for text input (it names a DataFrame column)", Settings.FEATURES_COLUMN);
    if (format(c) == InputFormat.LIBSVM) {
      if (c.isSet(Settings.WEIGHT_COLUMN) && c.get(Settings.WEIGHT_COLUMN) != null) {
        throw new ConfigException(Settings.WEIGHT_COLUMN.key(), "weightColumn needs CSV input;"
            + " LIBSVM lines have no weight column (set format=csv if the input is CSV)");
      }
      ignored(c, notes, "for LIBSVM input", Settings.LABEL_COLUMN, Settings.HEADER,
          Settings.DELIMITER);
    }
  }

  private static void checkFeatureColumns(Config c) {
    if (c.isSet(Settings.FEATURES_COLUMN) && c.get(Settings.FEATURE_COLUMNS) != null) {
      throw new ConfigException(Settings.FEATURE_COLUMNS.key(), "featuresColumn and"
          + " featureColumns both name the features: set featuresColumn for a vector or array"
          + " column, or featureColumns for a list of numeric columns, not both");
    }
  }

  private static void require(Config c, Setting<?> s, String command) {
    if (c.get(s) == null) {
      throw new ConfigException(s.key(), command + " needs " + s.key() + "=...: "
          + s.description());
    }
  }

  private static void ignored(Config c, List<String> notes, String why, Setting<?>... settings) {
    ignored(c, notes, why, List.of(settings));
  }

  /** Adds a note naming those of {@code settings} that are set, if any. */
  private static void ignored(Config c, List<String> notes, String why,
      List<Setting<?>> settings) {
    List<String> keys = new ArrayList<>();
    for (Setting<?> s : settings) {
      if (c.isSet(s)) {
        keys.add(s.key());
      }
    }
    if (!keys.isEmpty()) {
      notes.add(String.join(", ", keys) + (keys.size() == 1 ? " has" : " have")
          + " no effect " + why);
    }
  }
}
