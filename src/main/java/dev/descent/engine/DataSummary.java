package dev.descent.engine;

import dev.descent.data.SkipReport;

/**
 * What a training run trained on.
 *
 * @param rows rows trained on
 * @param numFeatures model dimension
 * @param classCounts rows per class for classifiers, empty for regression
 * @param partitions partitions of the training data
 * @param validationRows rows validated on after every epoch; 0 without validation
 * @param skipped malformed records left out of the data (onBadRecord=skip)
 */
public record DataSummary(long rows, int numFeatures, long[] classCounts, int partitions,
    long validationRows, SkipReport skipped) {

  /** This summary with the malformed records the data reader dropped. */
  public DataSummary withSkipped(SkipReport s) {
    return new DataSummary(rows, numFeatures, classCounts, partitions, validationRows, s);
  }
}
