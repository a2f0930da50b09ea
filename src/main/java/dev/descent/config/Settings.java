package dev.descent.config;

import dev.descent.config.Setting.Scope;
import dev.descent.data.Precision;
import dev.descent.engine.AggregationDepth;
import dev.descent.engine.BatchSize;
import dev.descent.engine.CheckpointInterval;
import dev.descent.engine.LearningRate;
import dev.descent.engine.SyncEvery;
import dev.descent.loss.Losses;
import dev.descent.optim.Hyperparameter;
import dev.descent.optim.Optimizer;
import dev.descent.optim.Schedule;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Every setting Descent understands, declared once: with {@code declare} (or {@code required},
 * without a default), or with {@code defining} for a setting that defines a training run (see
 * {@link Setting#definesRun}), each in its {@link Scope}. The command line, properties files, the
 * Java API, the Spark ML params, the checks and the settings table (docs/settings.md) all come from these
 * declarations. Keys are a contract with users' scripts: add new ones, never rename or
 * repurpose. (Long by nature: a declaration per setting, and their parsers.)
 */
public final class Settings {
  private static final List<Setting<?>> ALL_SETTINGS = new ArrayList<>();
  /** A Spark data source: a short name or a class name (set before defaults are parsed). */
  private static final Pattern SOURCE =
      Pattern.compile("[A-Za-z][A-Za-z0-9_]*(\\.[A-Za-z][A-Za-z0-9_]*)*");

  // ---- Input ----
  public static final Setting<String> INPUT = required(Scope.INPUT, "input",
      "Data to train on (train) or to score (predict, evaluate): a file, directory, glob or"
          + " comma-separated list, on any file system Spark reads (local, hdfs://, s3a://).",
      "a path", Settings::nonBlank);
  public static final Setting<String> FORMAT = declare(Scope.INPUT, "format",
      "Input format. auto: csv for names ending .csv or .tsv (before any .gz/.bz2), parquet or orc"
          + " for names ending .parquet or .orc, else libsvm. Any other name is a Spark data source"
          + " (parquet, orc, json, avro or delta where installed, ...), read by Spark with the"
          + " columns named by labelColumn, featuresColumn or featureColumns, and weightColumn.",
      "auto", "auto, libsvm, csv, or a Spark data source (parquet, orc, json, ...)",
      Settings::format);
  public static final Setting<Integer> NUM_FEATURES = declare(Scope.RECORDS, "numFeatures",
      "Number of features. auto: one past the largest index in the data (LIBSVM) or the number"
          + " of feature columns (CSV).",
      "auto", "auto or a positive integer", autoOr(Settings::positiveInt));
  public static final Setting<Integer> NUM_CLASSES = defining(Scope.MODEL, "numClasses",
      "Number of classes for softmax. auto: one more than the largest label.",
      "auto", "auto or an integer >= 2", autoOr(s -> atLeast(Settings.integer(s), 2)));
  public static final Setting<String> LABEL_COLUMN = declare(Scope.INPUT, "labelColumn",
      "The label column. CSV: a 0-based index or (with header=true) a column name. Spark data"
          + " sources and DataFrames: a column name (label unless set).",
      "0", "a 0-based column index or a header name", Settings::nonBlank);
  public static final Setting<String> WEIGHT_COLUMN = declare(Scope.INPUT, "weightColumn",
      "The instance-weight column (weights >= 0): for CSV an index or name, for Spark data"
          + " sources and DataFrames a name. none: all rows weigh 1.",
      "none", "none, a 0-based column index or a header name", noneOr(Settings::nonBlank));
  public static final Setting<String> FEATURES_COLUMN = declare(Scope.INPUT, "featuresColumn",
      "Spark data sources and DataFrames: the features column, a Spark ML vector (as"
          + " VectorAssembler makes) or an array of numbers, all rows of one size.",
      "features", "a column name", Settings::nonBlank);
  public static final Setting<List<String>> FEATURE_COLUMNS = declare(Scope.INPUT, "featureColumns",
      "Spark data sources and DataFrames: numeric columns to use as the features (in this"
          + " order) instead of featuresColumn.",
      "none", "none or comma-separated column names",
      noneOr(Settings::columnList));
  public static final Setting<Boolean> HEADER = declare(Scope.INPUT, "header",
      "CSV: whether each file starts with a header line of column names.",
      "false", "true, false", Settings::bool);
  public static final Setting<Character> DELIMITER = declare(Scope.INPUT, "delimiter",
      "CSV: the column separator; 'tab' for a tab.",
      ",", "one character, or tab", Settings::delimiter);
  public static final Setting<Integer> PARTITIONS = declare(Scope.INPUT, "partitions",
      "Partitions of the cached training data (every step runs a task per partition): the"
          + " input's splits are combined in order, without a shuffle, into this many (text is"
          + " read in at least as many splits; a Spark data source gives at most as many as"
          + " Spark reads). auto: one per task slot (spark.default.parallelism if set, else the"
          + " executors' cores once they have registered; with dynamic allocation those of the"
          + " executors it starts with). predict and evaluate read text in at"
          + " least this many splits.",
      "auto", "auto or a positive integer", autoOr(Settings::positiveInt));
  public static final Setting<String> ON_BAD_RECORD = declare(Scope.RECORDS, "onBadRecord",
      "What a malformed record does (a line that does not parse, a label the loss does not take,"
          + " a feature index beyond numFeatures): fail stops with an error naming file and line;"
          + " skip drops it (predict writes no line for it), counts it, and reports the count and"
          + " the first few on stderr and in metrics.json or evaluation.json. Input with no good"
          + " record is an error either way.",
      "fail", "fail, skip", oneOf(List.of("fail", "skip")));

  public static final Setting<Precision> PRECISION = defining(Scope.EXECUTION, "precision",
      "How the cached training features are stored: double, or float (half the memory and"
          + " memory traffic, values rounded to about 7 digits; sums and the model stay double).",
      "double", "double, float",
      s -> Precision.valueOf(oneOf(List.of("double", "float")).parse(s)
          .toUpperCase(Locale.ROOT)));

  // ---- Model ----
  public static final Setting<String> LOSS = defining(Scope.MODEL, "loss",
      "The loss: squared (least squares regression), logistic (binary, labels 0/1 or -1/+1),"
          + " softmax (multinomial, labels 0..K-1), hinge (linear SVM, labels 0/1 or -1/+1).",
      "squared", String.join(", ", Losses.names()), oneOf(Losses.names()));
  public static final Setting<Boolean> INTERCEPT = defining(Scope.MODEL, "intercept",
      "Fit an intercept (bias) per output. It is never penalized.",
      "true", "true, false", Settings::bool);
  public static final Setting<Boolean> STANDARDIZE = defining(Scope.MODEL, "standardize",
      "Train on standardized features (centred when an intercept is fitted, scaled to unit"
          + " variance; sparse data stays sparse) and report weights on the original scale. The"
          + " penalty then applies to the standardized weights, as in glmnet and Spark ML.",
      "true", "true, false", Settings::bool);
  public static final Setting<Double> REG_PARAM = defining(Scope.OBJECTIVE, "regParam",
      "Penalty strength lambda (see the objective).",
      "0", "a number >= 0", s -> atLeast(number(s), 0));
  public static final Setting<Double> ELASTIC_NET = defining(Scope.OBJECTIVE, "elasticNet",
      "Penalty mix alpha: 0 = L2 (ridge), 1 = L1 (lasso, applied as a proximal step), between ="
          + " elastic net.",
      "0", "a number in [0, 1]", s -> between(number(s), 0, 1));

  public static final Setting<String> CLASS_WEIGHT = defining(Scope.OBJECTIVE, "classWeight",
      "Classifiers: none, or balanced: each row's weight is multiplied by rows / (classes x rows"
          + " of its class), so every class weighs the same in training (not in validation);"
          + " with a weightColumn the factors still count rows, not weights, as scikit-learn's"
          + " do.",
      "none", "none, balanced", oneOf(List.of("none", "balanced")));
  public static final Setting<String> INITIAL_MODEL = defining(Scope.OBJECTIVE, "initialModel",
      "Warm start: a trained model (directory or model.json) to start from; its loss, features"
          + " and classes must match. none: start from zero.",
      "none", "none or a path", noneOr(Settings::nonBlank));
  public static final Setting<Double> PRIOR_REG_PARAM = defining(Scope.OBJECTIVE, "priorRegParam",
      "With initialModel: a Gaussian prior centred on its weights, adding priorRegParam/2"
          + " ||w - w_initial||^2 to the objective (standardized weights when standardize=true;"
          + " never the intercepts), so that scheduled retraining does not jump.",
      "0", "a number >= 0", s -> atLeast(number(s), 0));

  // ---- Validation ----
  public static final Setting<Double> VALIDATION_FRACTION = defining(Scope.VALIDATION,
      "validationFraction",
      "Fraction of the training rows held out to validate after every epoch (stratified by"
          + " class for classifiers, chosen by seed). 0: none.",
      "0", "a number in [0, 1)", s -> closedOpen(number(s), 0, 1));
  public static final Setting<String> VALIDATION_INPUT = defining(Scope.VALIDATION,
      "validationInput",
      "Validation data read like input (same format settings), instead of a held-out fraction.",
      "none", "none or a path", noneOr(Settings::nonBlank));
  public static final Setting<Integer> PATIENCE = defining(Scope.VALIDATION, "patience",
      "Early stopping: stop after this many epochs without a lower validation loss, and return"
          + " the model of the best epoch. 0: off (the last model is returned).",
      "0", "an integer >= 0", s -> atLeast(integer(s), 0));

  // ---- Optimization ----
  public static final Setting<String> OPTIMIZER = defining(Scope.OPTIMIZER, "optimizer",
      "The update rule. lbfgs is full-batch quasi-Newton with a line search.",
      "sgd", String.join(", ", Optimizer.names()), oneOf(Optimizer.names()));
  public static final Setting<LearningRate> LEARNING_RATE = defining(Scope.OPTIMIZER,
      "learningRate",
      "Base step size. auto: 1/L for the objective's curvature bound L estimated from the data"
          + " (for adagrad, rmsprop and adam: scaled so the first step matches that of gradient"
          + " descent); for mini-batches L also counts the batch's gradient noise (a bound between"
          + " L and the curvature of one row, for momentum and nesterov amplified by 1/(1 -"
          + " momentum); for sgd's synchronous steps the full objective's part counts as"
          + " L/1.75, or L/1.5 when L was estimated from a sample of over 200,000 rows).",
      "auto", "auto or a number > 0", Settings::learningRate);
  public static final Setting<String> SCHEDULE = defining(Scope.OPTIMIZER, "schedule",
      "How the rate changes over the run's planned steps t: auto (constant for full-batch runs,"
          + " cosine for mini-batches); constant; invsqrt (rate/sqrt(t+1), MLlib's); step (times"
          + " decayRate every decayEvery epochs); exponential (smoothly, the same rate of decay);"
          + " cosine (to 0 at the last planned epoch: with more epochs on resume, it follows the"
          + " longer curve from where the run is).",
      "auto", String.join(", ", Schedule.names()), oneOf(Schedule.names()));
  public static final Setting<Double> DECAY_RATE = defining(Scope.OPTIMIZER, "decayRate",
      "step and exponential schedules: factor applied per decayEvery epochs.",
      "0.5", "a number in (0, 1]", s -> openClosed(number(s), 0, 1));
  public static final Setting<Double> DECAY_EVERY = defining(Scope.OPTIMIZER, "decayEvery",
      "step and exponential schedules: epochs per decay.",
      "10", "a number > 0", s -> positive(number(s)));
  public static final Setting<Double> WARMUP_EPOCHS = defining(Scope.OPTIMIZER, "warmupEpochs",
      "Epochs of linear learning-rate warm-up before the schedule starts (0 = none).",
      "0", "a number >= 0", s -> atLeast(number(s), 0));
  public static final Setting<Integer> EPOCHS = declare(Scope.OPTIMIZER, "epochs",
      "Maximum passes over the data (L-BFGS: iterations).",
      "100", "a positive integer", Settings::positiveInt);
  public static final Setting<BatchSize> BATCH_SIZE = defining(Scope.OPTIMIZER, "batchSize",
      "Rows per step: all (full-batch gradient descent), a row count, or a percentage such as 1%."
          + " Batches are drawn without replacement from a per-epoch shuffle.",
      "all", "all, a positive integer, or a percentage in (0, 100]",
      Settings::batchSize);
  public static final Setting<SyncEvery> SYNC_EVERY = defining(Scope.OPTIMIZER, "syncEvery",
      "Mini-batches: how often the partitions synchronize. step: after every step (exact"
          + " mini-batch descent, one Spark job per step); N steps or epoch: each partition takes"
          + " plain gradient steps over its own share of the batches in between, and the driver"
          + " combines their parameter changes and applies the optimizer to them (one Spark job"
          + " per round). Results then depend on the partitioning. Not with lbfgs.",
      "step", "step, N steps (N >= 1), or epoch", Settings::syncEvery);
  public static final Setting<Double> TOLERANCE = declare(Scope.OPTIMIZER, "tolerance",
      "Stop (converged) when the epoch objective changes by at most this, relative (mini-batch"
          + " runs, whose epoch objective is a mean over their batches: in 3 epochs in a row)."
          + " 0 = never.",
      "1e-6", "a number >= 0", s -> atLeast(number(s), 0));
  public static final Setting<Long> SEED = defining(Scope.OPTIMIZER, "seed",
      "Seed of the mini-batch shuffles; the same seed gives the same run.",
      "1", "an integer", Settings::longInteger);
  public static final Setting<Double> MOMENTUM = defining(Scope.OPTIMIZER,
      Hyperparameter.MOMENTUM.key(),
      "momentum and nesterov: velocity decay mu.",
      "0.9", "a number in [0, 1)", s -> closedOpen(number(s), 0, 1));
  public static final Setting<Double> BETA1 = defining(Scope.OPTIMIZER, Hyperparameter.BETA1.key(),
      "adam: first-moment decay.", "0.9", "a number in [0, 1)",
      s -> closedOpen(number(s), 0, 1));
  public static final Setting<Double> BETA2 = defining(Scope.OPTIMIZER, Hyperparameter.BETA2.key(),
      "adam: second-moment decay.", "0.999", "a number in [0, 1)",
      s -> closedOpen(number(s), 0, 1));
  public static final Setting<Double> RHO = defining(Scope.OPTIMIZER, Hyperparameter.RHO.key(),
      "rmsprop: mean-square decay.", "0.9", "a number in [0, 1)",
      s -> closedOpen(number(s), 0, 1));
  public static final Setting<Double> EPSILON = defining(Scope.OPTIMIZER,
      Hyperparameter.EPSILON.key(),
      "adagrad, rmsprop, adam: added to the root of the squared-gradient estimate.",
      "1e-8", "a number > 0", s -> positive(number(s)));
  public static final Setting<Integer> HISTORY_SIZE = defining(Scope.OPTIMIZER,
      Hyperparameter.HISTORY_SIZE.key(),
      "lbfgs: correction pairs kept.", "10", "a positive integer", Settings::positiveInt);
  public static final Setting<AggregationDepth> AGGREGATION_DEPTH = declare(Scope.EXECUTION,
      "aggregationDepth",
      "Depth of the treeAggregate that sums partial gradients. auto: 2 up to 256 partitions, one"
          + " more level per 16 times as many, so that at most 16 partial sums (and at most"
          + " 256 MB of them, for very wide models) are merged in one place.",
      "auto", "auto or a positive integer",
      s -> s.equals("auto") ? AggregationDepth.AUTO : AggregationDepth.fixed(positiveInt(s)));

  // ---- Output ----
  public static final Setting<String> OUTPUT = declare(Scope.OUTPUT, "output",
      "train: directory for model.json, metrics.json and report.html; predict: directory for the"
          + " predictions; evaluate: directory for evaluation.json. none: train and evaluate only"
          + " print.",
      "none", "none or a path", noneOr(Settings::nonBlank));
  public static final Setting<String> OUTPUT_FORMAT = declare(Scope.OUTPUT, "outputFormat",
      "predict: how predictions are written. text: CSV lines with a header, as Spark text part"
          + " files. Otherwise a Spark data source (parquet, orc, json, ...) with double columns"
          + " prediction, then probability_0.. or margin: one row per input record, in the order"
          + " the input is read.",
      "text", "text, or a Spark data source (parquet, orc, json, ...)",
      Settings::outputFormat);
  public static final Setting<List<String>> KEEP_COLUMNS = declare(Scope.OUTPUT, "keepColumns",
      "predict, from a Spark data source to a Spark data source (outputFormat other than text):"
          + " input columns to copy into each prediction row, before the prediction columns, so"
          + " that predictions can be joined back (Spark reads a source of several files in an"
          + " order of its own).",
      "none", "none or comma-separated column names", noneOr(Settings::columnList));
  public static final Setting<Boolean> OVERWRITE = declare(Scope.OUTPUT, "overwrite",
      "Replace an existing output directory (only once the new output is complete).",
      "false", "true, false", Settings::bool);
  public static final Setting<String> CHECKPOINT_DIR = declare(Scope.CHECKPOINT, "checkpointDir",
      "Directory (any Hadoop file system) for checkpoints: parameters, optimizer state, position"
          + " in the data and history, written atomically with a checksum; the newest two are"
          + " kept. none: no checkpoints.",
      "none", "none or a path", noneOr(Settings::nonBlank));
  public static final Setting<CheckpointInterval> CHECKPOINT_EVERY = declare(Scope.CHECKPOINT,
      "checkpointEvery",
      "How often to checkpoint: a number of epochs (L-BFGS: iterations), or of optimizer steps"
          + " as in '500 steps'.",
      "1 epochs", "N, N epochs or N steps (N >= 1)",
      Settings::checkpointInterval);
  public static final Setting<Boolean> RESUME = declare(Scope.CHECKPOINT, "resume",
      "Continue from the newest complete checkpoint in checkpointDir (a damaged one is reported"
          + " and the previous used); the run-defining settings (compared by value: 1e-3 is"
          + " 0.001) and the data must be unchanged. Without a checkpoint, training starts from"
          + " the beginning.",
      "false", "true, false", Settings::bool);
  public static final Setting<Boolean> DISCARD_CHECKPOINTS = declare(Scope.CHECKPOINT,
      "discardCheckpoints",
      "Let a run that starts afresh (resume=false, or nothing to resume) delete the checkpoints"
          + " another run left in checkpointDir. Without it such a run is refused (exit 2): a"
          + " checkpoint directory belongs to one run.",
      "false", "true, false", Settings::bool);
  public static final Setting<String> MODEL = required(Scope.INPUT, "model",
      "predict, evaluate: the trained model's directory (or its model.json).",
      "a path", Settings::nonBlank);
  public static final Setting<Boolean> VERBOSE = declare(Scope.OUTPUT, "verbose",
      "Command line: also show Spark's own log (warnings and errors, with their stack traces) on"
          + " stderr, and the stack trace of an unexpected failure. false: stderr shows Descent's"
          + " messages only, and submit.sh in local mode writes Spark's log to a file whose path"
          + " a failed run prints (under spark-submit, your log4j configuration decides).",
      "false", "true, false", Settings::bool);

  private Settings() {}

  /** Every setting, in documentation order. */
  public static List<Setting<?>> all() {
    return Collections.unmodifiableList(ALL_SETTINGS);
  }

  /** The setting with this key, or null. */
  public static Setting<?> byKey(String key) {
    for (Setting<?> s : ALL_SETTINGS) {
      if (s.key().equals(key)) {
        return s;
      }
    }
    return null;
  }

  /**
   * Whether two texts of setting {@code key} parse to the same value ({@code 1e-3} and
   * {@code 0.001}); texts that do not parse are the same only if equal.
   */
  public static boolean sameValue(String key, String a, String b) {
    if (Objects.equals(a, b)) {
      return true;
    }
    Setting<?> s = byKey(key);
    if (s == null || a == null || b == null) {
      return false;
    }
    try {
      return Objects.equals(s.parse(a), s.parse(b));
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** The settings that define a training run, in declaration order. */
  public static List<Setting<?>> definingRun() {
    return ALL_SETTINGS.stream().filter(Setting::definesRun).toList();
  }

  /** The settings whose scope passes {@code test}, in declaration order. */
  public static List<Setting<?>> inScope(Predicate<Scope> test) {
    return ALL_SETTINGS.stream().filter(s -> test.test(s.scope())).toList();
  }

  private static <T> Setting<T> declare(Scope scope, String key, String description,
      String defaultText, String allowed, Setting.Parser<T> parser) {
    return add(new Setting<>(scope, false, key, description, defaultText, allowed, parser));
  }

  /** A setting that defines a training run: a checkpoint resumes only with its value. */
  private static <T> Setting<T> defining(Scope scope, String key, String description,
      String defaultText, String allowed, Setting.Parser<T> parser) {
    return add(new Setting<>(scope, true, key, description, defaultText, allowed, parser));
  }

  /** A setting without a default: "none", which the commands that need it refuse. */
  private static <T> Setting<T> required(Scope scope, String key, String description,
      String allowed, Setting.Parser<T> parser) {
    return add(new Setting<>(scope, false, key, description, null, allowed, parser));
  }

  private static <T> Setting<T> add(Setting<T> s) {
    ALL_SETTINGS.add(s);
    return s;
  }

  // ---- parsers ----

  private static String nonBlank(String s) {
    if (s.isEmpty()) {
      throw new IllegalArgumentException("empty");
    }
    return s;
  }

  private static String format(String s) {
    if (!SOURCE.matcher(s).matches()) {
      throw new IllegalArgumentException("not a format or data source name");
    }
    return s;
  }

  private static String outputFormat(String s) {
    if (s.equals("csv")) {
      throw new IllegalArgumentException("text writes CSV lines with a header");
    }
    return format(s);
  }

  private static List<String> columnList(String s) {
    List<String> columns = new ArrayList<>();
    for (String c : s.split(",", -1)) {
      String name = c.trim();
      if (name.isEmpty()) {
        throw new IllegalArgumentException("empty column name");
      }
      if (columns.contains(name)) {
        throw new IllegalArgumentException("column " + name + " appears twice");
      }
      columns.add(name);
    }
    return Collections.unmodifiableList(columns);
  }

  private static Setting.Parser<String> oneOf(List<String> allowed) {
    return s -> {
      if (!allowed.contains(s)) {
        throw new IllegalArgumentException((String) null);
      }
      return s;
    };
  }

  private static <T> Setting.Parser<T> autoOr(Setting.Parser<T> p) {
    return s -> s.equals("auto") ? null : p.parse(s);
  }

  private static <T> Setting.Parser<T> noneOr(Setting.Parser<T> p) {
    return s -> s.equals("none") ? null : p.parse(s);
  }

  private static boolean bool(String s) {
    switch (s.toLowerCase(Locale.ROOT)) {
      case "true":
        return true;
      case "false":
        return false;
      default:
        throw new IllegalArgumentException((String) null);
    }
  }

  private static char delimiter(String s) {
    if (s.equals("tab") || s.equals("\\t")) {
      return '\t';
    }
    if (s.length() != 1 || Character.isLetterOrDigit(s.charAt(0)) || "+-.".contains(s)) {
      throw new IllegalArgumentException("must be one character that cannot appear in a number");
    }
    return s.charAt(0);
  }

  static double number(String s) {
    double v;
    try {
      v = Double.parseDouble(s);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a number");
    }
    if (!Double.isFinite(v) || s.endsWith("d") || s.endsWith("f") || s.endsWith("D")
        || s.endsWith("F")) {
      throw new IllegalArgumentException("not a finite number");
    }
    return v;
  }

  private static int integer(String s) {
    try {
      return Integer.parseInt(s);
    } catch (NumberFormatException e) {
      throw notAnInteger(s, Integer.MIN_VALUE, Integer.MAX_VALUE);
    }
  }

  static long longInteger(String s) {
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      throw notAnInteger(s, Long.MIN_VALUE, Long.MAX_VALUE);
    }
  }

  /** Why an integer did not parse: out of the type's range (naming the limit), or not one. */
  private static IllegalArgumentException notAnInteger(String s, long min, long max) {
    if (s.matches("[+-]?[0-9]+")) {
      return new IllegalArgumentException(s.startsWith("-") ? "too small: at least " + min
          : "too large: at most " + max);
    }
    return new IllegalArgumentException("not an integer");
  }

  private static int positiveInt(String s) {
    return atLeast(integer(s), 1);
  }

  private static int atLeast(int v, int min) {
    if (v < min) {
      throw new IllegalArgumentException("below " + min);
    }
    return v;
  }

  private static double atLeast(double v, double min) {
    if (v < min) {
      throw new IllegalArgumentException("below " + min);
    }
    return v;
  }

  private static double positive(double v) {
    if (v <= 0) {
      throw new IllegalArgumentException("not positive");
    }
    return v;
  }

  private static double between(double v, double lo, double hi) {
    if (v < lo || v > hi) {
      throw new IllegalArgumentException("out of range");
    }
    return v;
  }

  private static double openClosed(double v, double lo, double hi) {
    if (v <= lo || v > hi) {
      throw new IllegalArgumentException("out of range");
    }
    return v;
  }

  private static double closedOpen(double v, double lo, double hi) {
    if (v < lo || v >= hi) {
      throw new IllegalArgumentException("out of range");
    }
    return v;
  }

  /** Parses "N", "N epochs" or "N steps" (singular too, space optional). */
  private static CheckpointInterval checkpointInterval(String s) {
    String t = s.trim().toLowerCase(java.util.Locale.ROOT);
    boolean steps = false;
    for (String unit : new String[] {"epochs", "epoch", "steps", "step"}) {
      if (t.endsWith(unit)) {
        steps = unit.startsWith("step");
        t = t.substring(0, t.length() - unit.length()).trim();
        break;
      }
    }
    long n = longInteger(t);
    if (n < 1) {
      throw new IllegalArgumentException("below 1");
    }
    return new CheckpointInterval(n, steps);
  }

  private static LearningRate learningRate(String s) {
    return s.equals("auto") ? LearningRate.AUTO : LearningRate.fixed(positive(number(s)));
  }

  private static SyncEvery syncEvery(String s) {
    String t = s.trim().toLowerCase(Locale.ROOT);
    if (t.equals("step")) {
      return SyncEvery.STEP;
    }
    if (t.equals("epoch")) {
      return SyncEvery.EPOCH;
    }
    for (String unit : new String[] {"steps", "step"}) {
      if (t.endsWith(unit)) {
        return SyncEvery.steps(longInteger(t.substring(0, t.length() - unit.length()).trim()));
      }
    }
    throw new IllegalArgumentException("not step, N steps or epoch");
  }

  private static BatchSize batchSize(String s) {
    if (s.equals("all")) {
      return BatchSize.ALL;
    }
    if (s.endsWith("%")) {
      double p = number(s.substring(0, s.length() - 1).trim());
      if (p <= 0 || p > 100) {
        throw new IllegalArgumentException("percentage out of range");
      }
      return p == 100 ? BatchSize.ALL : new BatchSize(BatchSize.Kind.PERCENT, p);
    }
    return new BatchSize(BatchSize.Kind.ROWS, positiveInt(s));
  }
}
