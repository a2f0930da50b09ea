package dev.descent.config;

import dev.descent.data.InputSpec;
import dev.descent.data.InputSpec.Purpose;
import dev.descent.data.LabelDomain;

/** Builds the reader's {@link InputSpec} from settings. */
public final class Inputs {
  private Inputs() {}

  /** The training input, with labels validated for {@code domain}. */
  public static InputSpec forTraining(Config c, LabelDomain domain) {
    return spec(c, domain, orZero(c.get(Settings.NUM_FEATURES)),
        orZero(c.get(Settings.NUM_CLASSES)), Purpose.TRAIN);
  }

  /**
   * Data to score with a model of {@code numFeatures} features and {@code numClasses} classes.
   * Evaluation checks labels against the model's {@code domain}; prediction does not use labels,
   * so any finite number is accepted where a label is written.
   *
   * @param purpose EVALUATE or PREDICT (which also reads CSV files without a label column)
   */
  public static InputSpec forScoring(Config c, LabelDomain domain, int numFeatures,
      int numClasses, Purpose purpose) {
    if (!purpose.labelsRequired()) {
      return spec(c, LabelDomain.REAL, numFeatures, 0, purpose);
    }
    return spec(c, domain, numFeatures, domain == LabelDomain.CLASSES ? numClasses : 0, purpose);
  }

  private static InputSpec spec(Config c, LabelDomain domain, int numFeatures, int numClasses,
      Purpose purpose) {
    return new InputSpec(c.get(Settings.INPUT), Checks.format(c), numFeatures,
        c.get(Settings.LABEL_COLUMN), c.get(Settings.WEIGHT_COLUMN), c.get(Settings.HEADER),
        Checks.delimiter(c), domain, numClasses, orZero(c.get(Settings.PARTITIONS)),
        purpose, skipsBadRecords(c));
  }

  /** Whether malformed records are skipped (onBadRecord=skip) rather than failing the run. */
  public static boolean skipsBadRecords(Config c) {
    return c.get(Settings.ON_BAD_RECORD).equals("skip");
  }

  private static int orZero(Integer v) {
    return v == null ? 0 : v;
  }
}
