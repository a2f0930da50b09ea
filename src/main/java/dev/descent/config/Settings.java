package dev.descent.config;

import dev.descent.data.Precision;
import dev.descent.loss.Losses;
import dev.descent.optim.Optimizers;
import dev.descent.optim.Schedule;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Every setting Descent understands, declared once. The command line, properties files, the Java
 * API and the README's settings table all come from these declarations. Keys are a contract with
 * users' scripts: add new ones, never rename or repurpose.
 */
public final class Settings {
  private static final List<Setting<?>> ALL_SETTINGS = new ArrayList<>();

  // ---- Input ----
  public static final Setting<String> INPUT = declare("input",
      "Data to train on (train) or to score (predict, evaluate): a file, directory, glob or"
          + " comma-separated list, on any file system Spark reads (local, hdfs://, s3a://).",
      null, "none", "a path", Settings::nonBlank);
  public static final Setting<String> FORMAT = declare("format",
      "Input format. auto: csv for names ending .csv or .tsv (before any .gz/.bz2), else libsvm.",
      "auto", "auto", "auto, libsvm, csv", oneOf("auto", "libsvm", "csv"));
  public static final Setting<Integer> NUM_FEATURES = declare("numFeatures",
      "Number of features. auto: one past the largest index in the data (LIBSVM) or the number"
          + " of feature columns (CSV).",
      null, "auto", "auto or a positive integer", autoOr(Settings::positiveInt));
  public static final Setting<Integer> NUM_CLASSES = declare("numClasses",
      "Number of classes for softmax. auto: one more than the largest label.",
      null, "auto", "auto or an integer >= 2", autoOr(s -> atLeast(Settings.integer(s), 2)));
  public static final Setting<String> LABEL_COLUMN = declare("labelColumn",
      "CSV: the label column, as a 0-based index or (with header=true) a column name.",
      "0", "0", "a 0-based column index or a header name", Settings::nonBlank);
  public static final Setting<String> WEIGHT_COLUMN = declare("weightColumn",
      "CSV: the instance-weight column (weights >= 0), as an index or name. none: all rows weigh 1.",
      null, "none", "none, a 0-based column index or a header name", noneOr(Settings::nonBlank));
  public static final Setting<Boolean> HEADER = declare("header",
      "CSV: whether each file starts with a header line of column names.",
      false, "false", "true, false", Settings::bool);
  public static final Setting<Character> DELIMITER = declare("delimiter",
      "CSV: the column separator; 'tab' for a tab.",
      ',', ",", "one character, or tab", Settings::delimiter);
  public static final Setting<Integer> PARTITIONS = declare("partitions",
      "Minimum number of partitions to split the input into. auto: Spark's default parallelism.",
      null, "auto", "auto or a positive integer", autoOr(Settings::positiveInt));

  public static final Setting<Precision> PRECISION = declare("precision",
      "How the cached training features are stored: double, or float (half the memory and"
          + " memory traffic, values rounded to about 7 digits; sums and the model stay double).",
      Precision.DOUBLE, "double", "double, float",
      s -> Precision.valueOf(oneOf("double", "float").parse(s).toUpperCase(Locale.ROOT)));

  // ---- Model ----
  public static final Setting<String> LOSS = declare("loss",
      "The loss: squared (least squares regression), logistic (binary, labels 0/1 or -1/+1),"
          + " softmax (multinomial, labels 0..K-1), hinge (linear SVM, labels 0/1 or -1/+1).",
      "squared", "squared", String.join(", ", Losses.names()), oneOf(Losses.names()));
  public static final Setting<Boolean> INTERCEPT = declare("intercept",
      "Fit an intercept (bias) per output. It is never penalized.",
      true, "true", "true, false", Settings::bool);
  public static final Setting<Boolean> STANDARDIZE = declare("standardize",
      "Train on standardized features (centred when an intercept is fitted, scaled to unit"
          + " variance; sparse data stays sparse) and report weights on the original scale. The"
          + " penalty then applies to the standardized weights, as in glmnet and Spark ML.",
      true, "true", "true, false", Settings::bool);
  public static final Setting<Double> REG_PARAM = declare("regParam",
      "Penalty strength lambda (see the objective).",
      0.0, "0", "a number >= 0", s -> atLeast(number(s), 0));
  public static final Setting<Double> ELASTIC_NET = declare("elasticNet",
      "Penalty mix alpha: 0 = L2 (ridge), 1 = L1 (lasso, applied as a proximal step), between ="
          + " elastic net.",
      0.0, "0", "a number in [0, 1]", s -> between(number(s), 0, 1));

  // ---- Optimization ----
  public static final Setting<String> OPTIMIZER = declare("optimizer",
      "The update rule. lbfgs is full-batch quasi-Newton with a line search.",
      "sgd", "sgd", String.join(", ", Optimizers.names()), oneOf(Optimizers.names()));
  public static final Setting<LearningRate> LEARNING_RATE = declare("learningRate",
      "Base step size. auto: 1/L for the objective's curvature bound L estimated from the data"
          + " (for adagrad, rmsprop and adam: scaled so the first step matches that of gradient"
          + " descent).",
      LearningRate.AUTO, "auto", "auto or a number > 0", Settings::learningRate);
  public static final Setting<String> SCHEDULE = declare("schedule",
      "How the rate changes per step t (counted over the run): constant; invsqrt (rate/sqrt(t+1),"
          + " MLlib's); step (times decayRate every decayEvery epochs); exponential (smoothly, the"
          + " same rate of decay); cosine (to 0 at the last planned epoch).",
      "constant", "constant", String.join(", ", Schedule.names()), oneOf(Schedule.names()));
  public static final Setting<Double> DECAY_RATE = declare("decayRate",
      "step and exponential schedules: factor applied per decayEvery epochs.",
      0.5, "0.5", "a number in (0, 1]", s -> openClosed(number(s), 0, 1));
  public static final Setting<Double> DECAY_EVERY = declare("decayEvery",
      "step and exponential schedules: epochs per decay.",
      10.0, "10", "a number > 0", s -> positive(number(s)));
  public static final Setting<Double> WARMUP_EPOCHS = declare("warmupEpochs",
      "Epochs of linear learning-rate warm-up before the schedule starts (0 = none).",
      0.0, "0", "a number >= 0", s -> atLeast(number(s), 0));
  public static final Setting<Integer> EPOCHS = declare("epochs",
      "Maximum passes over the data (L-BFGS: iterations).",
      100, "100", "a positive integer", Settings::positiveInt);
  public static final Setting<BatchSize> BATCH_SIZE = declare("batchSize",
      "Rows per step: all (full-batch gradient descent), a row count, or a percentage such as 1%."
          + " Batches are drawn without replacement from a per-epoch shuffle.",
      BatchSize.ALL, "all", "all, a positive integer, or a percentage in (0, 100]",
      Settings::batchSize);
  public static final Setting<Double> TOLERANCE = declare("tolerance",
      "Stop (converged) when the epoch objective changes by at most this, relative. 0 = never.",
      1e-6, "1e-6", "a number >= 0", s -> atLeast(number(s), 0));
  public static final Setting<Long> SEED = declare("seed",
      "Seed of the mini-batch shuffles; the same seed gives the same run.",
      1L, "1", "an integer", Settings::longInteger);
  public static final Setting<Double> MOMENTUM = declare("momentum",
      "momentum and nesterov: velocity decay mu.",
      0.9, "0.9", "a number in [0, 1)", s -> closedOpen(number(s), 0, 1));
  public static final Setting<Double> BETA1 = declare("beta1",
      "adam: first-moment decay.", 0.9, "0.9", "a number in [0, 1)",
      s -> closedOpen(number(s), 0, 1));
  public static final Setting<Double> BETA2 = declare("beta2",
      "adam: second-moment decay.", 0.999, "0.999", "a number in [0, 1)",
      s -> closedOpen(number(s), 0, 1));
  public static final Setting<Double> RHO = declare("rho",
      "rmsprop: mean-square decay.", 0.9, "0.9", "a number in [0, 1)",
      s -> closedOpen(number(s), 0, 1));
  public static final Setting<Double> EPSILON = declare("epsilon",
      "adagrad, rmsprop, adam: added to the root of the squared-gradient estimate.",
      1e-8, "1e-8", "a number > 0", s -> positive(number(s)));
  public static final Setting<Integer> HISTORY_SIZE = declare("historySize",
      "lbfgs: correction pairs kept.", 10, "10", "a positive integer", Settings::positiveInt);
  public static final Setting<AggregationDepth> AGGREGATION_DEPTH = declare("aggregationDepth",
      "Depth of the treeAggregate that sums partial gradients. auto: 2 up to 256 partitions, one"
          + " more level per 16 times as many, so that at most 16 partial sums (and at most"
          + " 256 MB of them, for very wide models) are merged in one place.",
      AggregationDepth.AUTO, "auto", "auto or a positive integer",
      s -> s.equals("auto") ? AggregationDepth.AUTO : AggregationDepth.fixed(positiveInt(s)));

  // ---- Output ----
  public static final Setting<String> OUTPUT = declare("output",
      "train: directory for model.json and metrics.json; predict: directory for the"
          + " predictions; evaluate: directory for evaluation.json. none: train and evaluate only"
          + " print.",
      null, "none", "none or a path", noneOr(Settings::nonBlank));
  public static final Setting<Boolean> OVERWRITE = declare("overwrite",
      "Replace an existing output directory (only once the new output is complete).",
      false, "false", "true, false", Settings::bool);
  public static final Setting<String> MODEL = declare("model",
      "predict, evaluate: the trained model's directory (or its model.json).",
      null, "none", "a path", Settings::nonBlank);

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

  private static <T> Setting<T> declare(String key, String description, T defaultValue,
      String defaultText, String allowed, Setting.Parser<T> parser) {
    Setting<T> s = new Setting<>(key, description, defaultValue, defaultText, allowed, parser);
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

  private static Setting.Parser<String> oneOf(String... allowed) {
    return oneOf(List.of(allowed));
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
      throw new IllegalArgumentException("not an integer");
    }
  }

  private static long longInteger(String s) {
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not an integer");
    }
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

  private static LearningRate learningRate(String s) {
    return s.equals("auto") ? LearningRate.AUTO : LearningRate.fixed(positive(number(s)));
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
