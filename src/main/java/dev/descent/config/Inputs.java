package dev.descent.config;

import dev.descent.data.LabelDomain;
import dev.descent.input.FrameColumns;
import dev.descent.input.FrameSpec;
import dev.descent.input.Frames;
import dev.descent.input.InputSpec;
import dev.descent.input.InputSpec.Purpose;
import dev.descent.input.ScoringInput;
import dev.descent.model.LinearModel;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * Builds the reader's {@link InputSpec} (text) or {@link FrameSpec} (Spark data source) from
 * settings; {@link Checks#sparkSource} says which applies.
 */
public final class Inputs {
  private Inputs() {}

  /** The training input, with labels validated for {@code domain}. */
  public static InputSpec forTraining(Config c, LabelDomain domain) {
    return spec(c, domain, orZero(c.get(Settings.NUM_FEATURES)),
        orZero(c.get(Settings.NUM_CLASSES)), Purpose.TRAIN);
  }

  /**
   * The validationInput, read like the training input with the training data's dimension and
   * classes (which its rows must fit).
   */
  public static InputSpec forValidation(Config c, LabelDomain domain, int numFeatures,
      int numClasses) {
    InputSpec s = spec(c, domain, numFeatures, numClasses, Purpose.TRAIN);
    return new InputSpec(c.get(Settings.VALIDATION_INPUT), s.format(), s.numFeatures(),
        s.labelColumn(), s.weightColumn(), s.header(), s.delimiter(), s.domain(),
        s.numClasses(), s.partitions(), s.purpose(), s.skipBadRecords(), null);
  }

  /**
   * Data to score with a model of {@code numFeatures} features and {@code numClasses} classes.
   * Evaluation checks labels against the model's {@code domain}; prediction does not use labels,
   * so any finite number is accepted where a label is written ({@link LabelDomain#ANY}).
   *
   * @param purpose EVALUATE or PREDICT (which also reads CSV files without a label column)
   */
  public static InputSpec forScoring(Config c, LabelDomain domain, int numFeatures,
      int numClasses, Purpose purpose) {
    if (!purpose.labelsRequired()) {
      return spec(c, LabelDomain.ANY, numFeatures, 0, purpose);
    }
    return spec(c, domain, numFeatures, domain == LabelDomain.CLASSES ? numClasses : 0, purpose);
  }

  /** A Spark data source to train on. */
  public static FrameSpec frameForTraining(Config c, LabelDomain domain) {
    return new FrameSpec(c.get(Settings.INPUT), Checks.sparkSource(c), columns(c),
        orZero(c.get(Settings.NUM_FEATURES)), domain, orZero(c.get(Settings.NUM_CLASSES)),
        Purpose.TRAIN);
  }

  /** The validationInput as a Spark data source, fitting the training data's dimension. */
  public static FrameSpec frameForValidation(Config c, LabelDomain domain, int numFeatures,
      int numClasses) {
    return new FrameSpec(c.get(Settings.VALIDATION_INPUT), Checks.sparkSource(c), columns(c),
        numFeatures, domain, numClasses, Purpose.TRAIN);
  }

  /** A Spark data source to score with a model (see {@link #forScoring}). */
  public static FrameSpec frameForScoring(Config c, LabelDomain domain, int numFeatures,
      int numClasses, Purpose purpose) {
    return new FrameSpec(c.get(Settings.INPUT), Checks.sparkSource(c), columns(c), numFeatures,
        domain, domain == LabelDomain.CLASSES ? numClasses : 0, purpose);
  }

  /**
   * The DataFrame columns the settings name: labelColumn (label unless set), weightColumn, and
   * featureColumns or else featuresColumn.
   */
  public static FrameColumns columns(Config c) {
    String label = c.isSet(Settings.LABEL_COLUMN) ? c.get(Settings.LABEL_COLUMN) : "label";
    return new FrameColumns(label, c.get(Settings.FEATURES_COLUMN),
        c.get(Settings.FEATURE_COLUMNS), c.get(Settings.WEIGHT_COLUMN));
  }

  /** The input the settings name (text, or a Spark data source), checked against the model. */
  public static ScoringInput toScore(SparkSession spark, Config c, LinearModel model,
      Purpose purpose) {
    LabelDomain domain = model.loss().labelDomain();
    if (Checks.sparkSource(c) != null) {
      FrameSpec spec = frameForScoring(c, domain, model.numFeatures(), model.numClasses(),
          purpose);
      return ScoringInput.frame(Frames.read(spark, spec), spec.columns(), spec.path(), purpose,
          model);
    }
    return ScoringInput.text(JavaSparkContext.fromSparkContext(spark.sparkContext()),
        forScoring(c, domain, model.numFeatures(), model.numClasses(), purpose), model);
  }

  private static InputSpec spec(Config c, LabelDomain domain, int numFeatures, int numClasses,
      Purpose purpose) {
    return new InputSpec(c.get(Settings.INPUT), Checks.format(c), numFeatures,
        c.get(Settings.LABEL_COLUMN), c.get(Settings.WEIGHT_COLUMN), c.get(Settings.HEADER),
        Checks.delimiter(c), domain, numClasses, orZero(c.get(Settings.PARTITIONS)),
        purpose, skipsBadRecords(c), null);
  }

  /** Whether malformed records are skipped (onBadRecord=skip) rather than failing the run. */
  public static boolean skipsBadRecords(Config c) {
    return c.get(Settings.ON_BAD_RECORD).equals("skip");
  }

  private static int orZero(Integer v) {
    return v == null ? 0 : v;
  }
}
