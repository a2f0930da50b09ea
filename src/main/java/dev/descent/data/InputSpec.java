package dev.descent.data;

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
 */
public record InputSpec(String path, InputFormat format, int numFeatures, String labelColumn,
    String weightColumn, boolean header, char delimiter, LabelDomain domain, int numClasses,
    int partitions, Purpose purpose, boolean skipBadRecords) {

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
