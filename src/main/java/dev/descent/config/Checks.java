package dev.descent.config;

import dev.descent.data.InputFormat;
import dev.descent.io.PathOverlap;
import dev.descent.optim.Optimizers;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Rules that span several settings. Contradictions are errors; settings that are valid but have
 * no effect in this combination become notes, so that a typo'd plan does not pass silently.
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
    String optimizer = c.get(Settings.OPTIMIZER);
    String loss = c.get(Settings.LOSS);
    boolean lbfgs = optimizer.equals(Optimizers.LBFGS);
    if (lbfgs && !c.get(Settings.BATCH_SIZE).isFullBatch()) {
      throw new ConfigException(Settings.BATCH_SIZE.key(), "optimizer=lbfgs works on the full"
          + " batch: set batchSize=all, or pick a stochastic optimizer (sgd, momentum, nesterov,"
          + " adagrad, rmsprop, adam)");
    }
    if (lbfgs && loss.equals("hinge")) {
      throw new ConfigException(Settings.OPTIMIZER.key(), "optimizer=lbfgs needs a smooth loss,"
          + " and hinge is not differentiable; use sgd, momentum, nesterov, adagrad, rmsprop or"
          + " adam with loss=hinge");
    }
    Integer classes = c.get(Settings.NUM_CLASSES);
    boolean regression = loss.equals("squared");
    if (classes != null && !loss.equals("softmax") && (regression || classes != 2)) {
      throw new ConfigException(Settings.NUM_CLASSES.key(), "numClasses=" + classes
          + (regression ? " does not apply to loss=squared (a regression loss); it is for"
              + " loss=softmax"
              : " needs loss=softmax (" + loss + " is a binary loss)"));
    }
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
    if (c.get(Settings.CLASS_WEIGHT).equals("balanced") && regression) {
      throw new ConfigException(Settings.CLASS_WEIGHT.key(), "classWeight=balanced needs a"
          + " classifier loss (logistic, softmax, hinge), not squared");
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
    if (lbfgs) {
      ignored(c, notes, "with optimizer=lbfgs (its line search sets the step)",
          Settings.LEARNING_RATE, Settings.SCHEDULE, Settings.WARMUP_EPOCHS, Settings.SEED);
    } else if (c.get(Settings.BATCH_SIZE).isFullBatch()) {
      ignored(c, notes, "with batchSize=all (no shuffling)", Settings.SEED);
    }
    String schedule = c.get(Settings.SCHEDULE);
    if (!schedule.equals("step") && !schedule.equals("exponential")) {
      ignored(c, notes, "with schedule=" + schedule, Settings.DECAY_RATE, Settings.DECAY_EVERY);
    }
    if (!optimizer.equals("momentum") && !optimizer.equals("nesterov")) {
      ignored(c, notes, "with optimizer=" + optimizer, Settings.MOMENTUM);
    }
    if (!optimizer.equals("adam")) {
      ignored(c, notes, "with optimizer=" + optimizer, Settings.BETA1, Settings.BETA2);
    }
    if (!optimizer.equals("rmsprop")) {
      ignored(c, notes, "with optimizer=" + optimizer, Settings.RHO);
    }
    if (!Optimizers.isAdaptive(optimizer)) {
      ignored(c, notes, "with optimizer=" + optimizer, Settings.EPSILON);
    }
    if (!lbfgs) {
      ignored(c, notes, "with optimizer=" + optimizer, Settings.HISTORY_SIZE);
    }
    if (c.get(Settings.REG_PARAM) == 0) {
      ignored(c, notes, "with regParam=0", Settings.ELASTIC_NET);
    }
    ignored(c, notes, "by train", Settings.MODEL, Settings.OUTPUT_FORMAT, Settings.KEEP_COLUMNS);
    return notes;
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
    if (!command.equals("predict")) {
      ignored(c, notes, "by " + command, Settings.OUTPUT_FORMAT, Settings.KEEP_COLUMNS);
    } else if (c.get(Settings.KEEP_COLUMNS) != null && (sparkSource(c) == null
        || c.get(Settings.OUTPUT_FORMAT).equals("text"))) {
      throw new ConfigException(Settings.KEEP_COLUMNS.key(), "keepColumns copies columns of a"
          + " Spark data source (format=parquet, ...) into predictions written by one"
          + " (outputFormat=parquet, ...); " + (sparkSource(c) == null ? "the input is text"
              : "outputFormat is text"));
    }
    ignored(c, notes, "by " + command + " (they come from the model)", Settings.LOSS,
        Settings.NUM_CLASSES, Settings.INTERCEPT, Settings.STANDARDIZE);
    ignored(c, notes, "by " + command, Settings.OPTIMIZER, Settings.LEARNING_RATE,
        Settings.SCHEDULE, Settings.DECAY_RATE, Settings.DECAY_EVERY, Settings.WARMUP_EPOCHS,
        Settings.EPOCHS, Settings.BATCH_SIZE, Settings.REG_PARAM, Settings.ELASTIC_NET,
        Settings.TOLERANCE, Settings.SEED, Settings.MOMENTUM, Settings.BETA1, Settings.BETA2,
        Settings.RHO, Settings.EPSILON, Settings.HISTORY_SIZE, Settings.AGGREGATION_DEPTH,
        Settings.CHECKPOINT_DIR, Settings.CHECKPOINT_EVERY, Settings.RESUME,
        Settings.DISCARD_CHECKPOINTS,
        Settings.CLASS_WEIGHT, Settings.INITIAL_MODEL, Settings.PRIOR_REG_PARAM,
        Settings.VALIDATION_FRACTION, Settings.VALIDATION_INPUT, Settings.PATIENCE,
        Settings.PRECISION);
    return notes;
  }

  /**
   * Checks settings for export (a model to a Spark ML model directory); returns notes on the
   * settings it does not use, which is all but model, output, overwrite and verbose.
   */
  public static List<String> forExport(Config c) {
    require(c, Settings.MODEL, "export");
    require(c, Settings.OUTPUT, "export");
    List<Setting<?>> unused = new ArrayList<>();
    for (Setting<?> s : Settings.all()) {
      if (s != Settings.MODEL && s != Settings.OUTPUT && s != Settings.OVERWRITE
          && s != Settings.VERBOSE) {
        unused.add(s);
      }
    }
    List<String> notes = new ArrayList<>();
    ignored(c, notes, "by export", unused.toArray(new Setting<?>[0]));
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
      ignored(c, notes, "for a Spark data source (Spark splits its files into partitions"
          + " itself)", Settings.PARTITIONS);
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
