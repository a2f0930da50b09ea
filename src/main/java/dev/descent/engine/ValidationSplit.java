package dev.descent.engine;

import dev.descent.data.Holdout;
import dev.descent.data.LabelDomain;
import dev.descent.data.Numbers;
import dev.descent.data.PackedPartition;
import dev.descent.data.PartitionSummary;
import dev.descent.data.SettingException;
import java.util.function.Consumer;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.storage.StorageLevel;

/**
 * Cached training data split into the rows to train on and the rows held out for validation
 * (validationFraction), both cached.
 *
 * @param training the rows to train on
 * @param validation the rows held out
 */
public record ValidationSplit(TrainingData training, TrainingData validation) {

  /**
   * Holds out {@code fraction} of the rows for validation (stratified by class for classifiers,
   * chosen by the run's seed), lays out the kept rows for training ({@link BatchLayout}), and
   * closes {@code data}.
   *
   * @throws SettingException if the fraction leaves no training rows, no training rows of a
   *     class the data has, or no validation rows: the setting, not the data, is at fault
   */
  public static ValidationSplit of(TrainingData data, double fraction,
      TrainingPlan.Steps steps) {
    long seed = steps.seed();
    BatchLayout layout = BatchLayout.of(steps);
    LabelDomain d = data.domain();
    String src = data.source();
    JavaRDD<PackedPartition[]> pairs = data.rdd().map(p -> p.split(
        Holdout.select(p.labels(), d, fraction, seed, p.index()), d, src));
    pairs.persist(StorageLevel.MEMORY_AND_DISK());
    String setting = "validationFraction" + "=" + Numbers.show(fraction);
    long[] counts = data.summary().classCounts();
    long rows = data.rows();
    try {
      TrainingData train = side(data, pairs.map(a -> layout.call(a[0])), src,
          s -> checkTrainingSide(s, setting, rows, counts));
      try {
        return new ValidationSplit(train, side(data, pairs.map(a -> a[1]),
            src + " (validation rows)", s -> {
              if (s.rows() == 0) {
                throw new SettingException("validationFraction", setting + " of "
                    + rows + " rows leaves no validation rows; use a larger fraction or"
                    + " validationInput");
              }
            }));
      } catch (RuntimeException e) {
        train.close();
        throw e;
      }
    } finally {
      pairs.unpersist(false);
      data.close();
    }
  }

  /** One side of the split, cached, with the data's dimension, classes and names. */
  private static TrainingData side(TrainingData data, JavaRDD<PackedPartition> rows,
      String source, Consumer<PartitionSummary> precheck) {
    return TrainingData.of(data.sparkContext(), rows, source, data.domain(), data.numFeatures(),
        data.numClasses(), data.featureNames(), precheck);
  }

  /** The training side of a split keeps some rows, and some of every class the data has. */
  private static void checkTrainingSide(PartitionSummary s, String setting, long rows,
      long[] counts) {
    if (s.rows() == 0) {
      throw new SettingException("validationFraction", setting + " holds out all "
          + rows + " rows, leaving none to train on; use a smaller fraction (or"
          + " validationInput)");
    }
    long[] kept = s.classCounts();
    for (int c = 0; c < counts.length; c++) {
      if (counts[c] > 0 && (c >= kept.length || kept[c] == 0)) {
        throw new SettingException("validationFraction", setting + " holds out "
            + (counts[c] == 1 ? "the only row" : "all " + counts[c] + " rows") + " of class " + c
            + " (stratified: each class gives its share,"
            + " rounded per partition), leaving none of that class to train on; use a smaller"
            + " fraction (or validationInput)");
      }
    }
  }
}
