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
   * The validationInput, read like the training input with the training data's dimension and
   * classes (which its rows must fit).
   */
  public static InputSpec forValidation(Config c, LabelDomain domain, int numFeatures,
      int numClasses) {
    InputSpec s = spec(c, domain, numFeatures, numClasses, Purpose.TRAIN);
    return new InputSpec(c.get(Settings.VALIDATION_INPUT), s.format(), s.numFeatures(),
        s.labelColumn(), s.weightColumn(), s.header(), s.delimiter(), s.domain(),
        s.numClasses(), s.partitions(), s.purpose());
  }

  /**
   * Data to score with a model of {@code numFeatures} features and {@code numClasses} classes.
   *
   * @param purpose EVALUATE or PREDICT (which also reads CSV files without a label column)
   */
  public static InputSpec forScoring(Config c, LabelDomain domain, int numFeatures,
      int numClasses, Purpose purpose) {
    return spec(c, domain, numFeatures, domain == LabelDomain.CLASSES ? numClasses : 0, purpose);
  }

  private static InputSpec spec(Config c, LabelDomain domain, int numFeatures, int numClasses,
      Purpose purpose) {
    return new InputSpec(c.get(Settings.INPUT), Checks.format(c), numFeatures,
        c.get(Settings.LABEL_COLUMN), c.get(Settings.WEIGHT_COLUMN), c.get(Settings.HEADER),
        Checks.delimiter(c), domain, numClasses, orZero(c.get(Settings.PARTITIONS)),
        purpose);
  }

  private static int orZero(Integer v) {
    return v == null ? 0 : v;
  }
}
