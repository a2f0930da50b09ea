package dev.descent.input;

import dev.descent.data.LabelDomain;
import dev.descent.data.PackedPartition;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;

/**
 * Training rows read and packed, not yet persisted or checked as a whole: what the engine's
 * {@code TrainingData} caches. Each partition is parsed by the first action on {@code rdd}.
 *
 * @param source the input as messages name it
 * @param numFeatures the dimension if declared or settled by the reader, else 0 to take it from
 *     the rows
 * @param numClasses the number of classes if declared, else 0 to take it from the labels
 * @param featureNames the features' names (a CSV header, DataFrame columns or attributes), or
 *     null if unnamed
 */
public record PackedRows(JavaRDD<PackedPartition> rdd, String source, LabelDomain domain,
    int numFeatures, int numClasses, List<String> featureNames) {

  /** The same rows as {@code rdd} (reordered, say), described as these are. */
  public PackedRows withRdd(JavaRDD<PackedPartition> rdd) {
    return new PackedRows(rdd, source, domain, numFeatures, numClasses, featureNames);
  }
}
