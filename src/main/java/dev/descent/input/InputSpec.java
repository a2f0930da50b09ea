package dev.descent.input;

import dev.descent.data.LabelDomain;
import java.util.List;

/**
 * Where training or scoring data comes from and how to read it.
 *
 * @param path a file, directory, glob or comma-separated list, in any file system Spark reads
 * @param numFeatures the declared dimension, or 0 to infer it from the data
 * @param labelColumn CSV only: the label column's 0-based index or header name
 * @param weightColumn CSV only: the instance-weight column's index or name, or null for none
 * @param header CSV only: whether each file starts with a header line
 * @param numClasses multinomial only: the declared number of classes, or 0 to infer it
 * @param partitions the minimum number of partitions to split the input into (0 = Spark's default)
 * @param purpose what the rows are for: training and evaluation need labels; for prediction a
 *     CSV file with exactly {@code numFeatures} columns is read as features only (LIBSVM lines
 *     always start with a label)
 * @param skipBadRecords whether malformed records are dropped and counted (onBadRecord=skip)
 *     rather than failing the read
 * @param featureNames the features' names (a model's), by which CSV columns with a header are
 *     found in any order; null to read features by position
 */
public record InputSpec(String path, InputFormat format, int numFeatures, String labelColumn,
    String weightColumn, boolean header, char delimiter, LabelDomain domain, int numClasses,
    int partitions, Purpose purpose, boolean skipBadRecords, List<String> featureNames) {

  public InputSpec {
    featureNames = featureNames == null ? null : List.copyOf(featureNames);
  }

  /** This spec reading features by the given names (null: by position). */
  public InputSpec withFeatureNames(List<String> names) {
    return new InputSpec(path, format, numFeatures, labelColumn, weightColumn, header, delimiter,
        domain, numClasses, partitions, purpose, skipBadRecords, names);
  }

  /** This spec reading into at least {@code n} partitions. */
  public InputSpec withPartitions(int n) {
    return new InputSpec(path, format, numFeatures, labelColumn, weightColumn, header, delimiter,
        domain, numClasses, n, purpose, skipBadRecords, featureNames);
  }

  /** What rows are read for, which decides whether labels are needed and where the dimension comes from. */
  public enum Purpose {
    TRAIN, EVALUATE, PREDICT;

    public boolean labelsRequired() {
      return this != PREDICT;
    }

    /** How errors name the dimension rows must fit. */
    public String dimension(int numFeatures) {
      return this == TRAIN ? "numFeatures=" + numFeatures
          : "the model's " + numFeatures + (numFeatures == 1 ? " feature" : " features");
    }
  }
}
