package dev.descent.engine;

import dev.descent.data.DataException;
import dev.descent.data.LabelDomain;
import dev.descent.data.LineLocator;
import dev.descent.data.PackedPartition;
import dev.descent.data.PartitionSummary;
import dev.descent.data.SkipReport;
import dev.descent.input.PackedRows;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;

/**
 * Training rows packed into blocks (by the input package: {@link PackedRows}), persisted and
 * checked as a whole, with what the driver needs to know about them (counts, dimension,
 * classes). Closing it unpersists the data. Statistics of the rows are {@link DataStatistics};
 * holding rows out for validation is {@link ValidationSplit}.
 */
public final class TrainingData implements AutoCloseable {
  private final JavaSparkContext jsc;
  private final JavaRDD<PackedPartition> rdd;
  private final PartitionSummary summary;
  private final long[] partitionRows;
  private final String source;
  private final LabelDomain domain;
  private final int numFeatures;
  private final int numClasses;
  private final List<String> notes;
  private final SkipReport skipped;
  private final List<String> featureNames; // null: unnamed

  private TrainingData(JavaSparkContext jsc, JavaRDD<PackedPartition> rdd,
      PartitionSummary summary, long[] partitionRows, String source, LabelDomain domain,
      int numFeatures, int numClasses, List<String> notes, SkipReport skipped,
      List<String> featureNames) {
    this.jsc = jsc;
    this.rdd = rdd;
    this.summary = summary;
    this.partitionRows = partitionRows;
    this.source = source;
    this.domain = domain;
    this.numFeatures = numFeatures;
    this.numClasses = numClasses;
    this.notes = notes;
    this.skipped = skipped;
    this.featureNames = featureNames;
  }

  /** Caches rows read by the input layer and validates them as a whole (the caller closes it). */
  public static TrainingData of(PackedRows rows) {
    return of(JavaSparkContext.fromSparkContext(rows.rdd().context()), rows.rdd(), rows.source(),
        rows.domain(), rows.numFeatures(), rows.numClasses(), rows.featureNames());
  }

  /**
   * Caches rows to train on as {@code plan} asks: as {@link #of(PackedRows)}, in its
   * {@link BatchLayout} (without validation rows to hold out first: {@link ValidationSplit}
   * lays out the rows it keeps).
   */
  public static TrainingData forTraining(PackedRows rows, TrainingPlan plan) {
    BatchLayout layout = plan.validation().fraction() > 0 ? BatchLayout.NONE
        : BatchLayout.of(plan.steps());
    return of(rows.withRdd(rows.rdd().map(layout)));
  }

  /**
   * Caches packed partitions and validates them as a whole.
   *
   * @param declaredFeatures the dimension if given, else 0 to infer it
   * @param declaredClasses the number of classes if given, else 0 to infer it
   * @throws DataException for bad rows (located to file and line) or unusable data as a whole
   */
  public static TrainingData of(JavaSparkContext jsc, JavaRDD<PackedPartition> packed,
      String source, LabelDomain domain, int declaredFeatures, int declaredClasses) {
    return of(jsc, packed, source, domain, declaredFeatures, declaredClasses, null);
  }

  /**
   * As {@link #of(JavaSparkContext, JavaRDD, String, LabelDomain, int, int)}, for data whose
   * features have names (a CSV header, DataFrame columns or attributes), which the model records.
   *
   * @param featureNames one per feature, or null (names of another count are dropped)
   */
  public static TrainingData of(JavaSparkContext jsc, JavaRDD<PackedPartition> packed,
      String source, LabelDomain domain, int declaredFeatures, int declaredClasses,
      List<String> featureNames) {
    return of(jsc, packed, source, domain, declaredFeatures, declaredClasses, featureNames,
        summary -> {});
  }

  /** As {@link #of}, with {@code precheck} looking at the rows' summary before it is checked. */
  static TrainingData of(JavaSparkContext jsc, JavaRDD<PackedPartition> packed,
      String source, LabelDomain domain, int declaredFeatures, int declaredClasses,
      List<String> featureNames, Consumer<PartitionSummary> precheck) {
    Configuration conf = jsc.hadoopConfiguration();
    JavaRDD<PackedPartition> cached = LineageCut.of(packed);
    cached.persist(StorageLevel.MEMORY_AND_DISK());
    try {
      List<PartitionSummary> parts;
      try {
        parts = cached.map(PackedPartition::summary).collect();
      } catch (Exception e) { // SparkException is checked, but Scala throws it undeclared
        throw Failures.rethrow(e, conf);
      }
      // Merged on the driver in partition order (fold would merge in task completion order),
      // so that "first" rows in the summary, as errors name them, are first in the input.
      PartitionSummary summary = parts.stream()
          .reduce(new PartitionSummary(), PartitionSummary::merge);
      long[] partitionRows = parts.stream().mapToLong(PartitionSummary::rows).toArray();
      List<String> notes = new ArrayList<>();
      SkipReport skipped = summary.skipped().describe(conf);
      if (summary.rows() == 0 && skipped.count() > 0) {
        throw skipped.allMalformed(source);
      }
      if (skipped.count() > 0) {
        notes.add(skipped.note(summary.rows()));
      }
      emptyPartitions(partitionRows, notes);
      precheck.accept(summary);
      int classes = validate(summary, source, domain, declaredClasses, conf, notes);
      int features = declaredFeatures > 0 ? declaredFeatures : summary.width();
      return new TrainingData(jsc, cached, summary, partitionRows, source, domain, features,
          classes, Collections.unmodifiableList(notes), skipped,
          featureNames != null && featureNames.size() == features ? List.copyOf(featureNames)
              : null);
    } catch (Exception e) {
      cached.unpersist(false);
      throw e;
    }
  }

  /** A note when some partitions hold no rows: each still costs a task in every step. */
  private static void emptyPartitions(long[] partitionRows, List<String> notes) {
    long empty = java.util.Arrays.stream(partitionRows).filter(r -> r == 0).count();
    long rows = java.util.Arrays.stream(partitionRows).sum();
    if (empty > 0 && rows > 0) {
      notes.add(empty + " of the " + partitionRows.length + " partitions "
          + (empty == 1 ? "holds" : "hold") + " no rows ("
          + rows + " rows in all); each still runs a task in every step: set partitions="
          + (partitionRows.length - empty) + " or fewer");
    }
  }

  private static int validate(PartitionSummary s, String source, LabelDomain domain,
      int declaredClasses, Configuration conf, List<String> notes) {
    if (s.rows() == 0) {
      throw DataException.of(source, "no data rows (the input is empty, or holds only blank"
          + " lines, comments or a header)");
    }
    if (!(s.weightSum() > 0)) {
      throw DataException.of(source, "every instance weight is 0, so there is nothing to fit");
    }
    long[] counts = s.classCounts();
    switch (domain) {
      case BINARY:
        if (s.firstZeroLabel() != null && s.firstMinusOneLabel() != null) {
          throw DataException.of(source, "labels mix the 0/1 and -1/+1 conventions: "
              + LineLocator.describe(s.firstZeroLabel(), conf) + " has label 0 and "
              + LineLocator.describe(s.firstMinusOneLabel(), conf)
              + " has label -1; use one convention");
        }
        if (counts.length < 2 || counts[0] == 0 || counts[1] == 0) {
          notes.add("every row has the same class (" + (counts.length < 2 || counts[1] == 0
              ? "negative" : "positive") + "), so the objective has no finite minimum: the"
              + " intercept (never penalized) grows without bound, and without regParam > 0 the"
              + " weights too; the fit stops where the steps stop lowering the objective");
        }
        return 2;
      case CLASSES:
        int classes = declaredClasses > 0 ? declaredClasses : counts.length;
        if (classes < 2) {
          throw DataException.of(source, "softmax needs at least 2 classes, but every label is 0;"
              + " set numClasses if the data lacks some classes");
        }
        absentClasses(counts, classes, notes);
        return classes;
      default:
        return 0;
    }
  }

  /** A note naming the classes without rows, whose intercepts have no finite optimum. */
  private static void absentClasses(long[] counts, int classes, List<String> notes) {
    List<Integer> absent = new java.util.ArrayList<>();
    for (int c = 0; c < classes; c++) {
      if (c >= counts.length || counts[c] == 0) {
        absent.add(c);
      }
    }
    if (!absent.isEmpty()) {
      notes.add((absent.size() == 1 ? "class " + absent.get(0) + " has" : "classes " + absent
          + " have") + " no rows: with an intercept the objective has no finite minimum (that"
          + " intercept, never penalized, decreases without bound); the fit stops where the"
          + " steps stop lowering the objective, and the model gives such a class a probability"
          + " near 0");
    }
  }

  public JavaRDD<PackedPartition> rdd() {
    return rdd;
  }

  public JavaSparkContext sparkContext() {
    return jsc;
  }

  public PartitionSummary summary() {
    return summary;
  }

  public long rows() {
    return summary.rows();
  }

  public double weightSum() {
    return summary.weightSum();
  }

  public int numFeatures() {
    return numFeatures;
  }

  /** 0 for regression, 2 for binary, K for multinomial. */
  public int numClasses() {
    return numClasses;
  }

  public LabelDomain domain() {
    return domain;
  }

  public String source() {
    return source;
  }

  /** The features' names (a CSV header, DataFrame columns or attributes), or null if unnamed. */
  public List<String> featureNames() {
    return featureNames;
  }

  public int numPartitions() {
    return rdd.getNumPartitions();
  }

  /** Rows per partition, in partition order: what mini-batch sampling depends on. */
  public long[] partitionRows() {
    return partitionRows.clone();
  }

  /** Malformed records left out under onBadRecord=skip. */
  public SkipReport skipped() {
    return skipped;
  }

  /** Observations about the data worth telling the user (not errors). */
  public List<String> notes() {
    return notes;
  }

  /**
   * The same rows with each weight multiplied by {@code factor[class]}; closes this data.
   */
  public TrainingData reweighted(double[] factor) {
    try {
      return of(jsc, rdd.map(p -> p.reweighted(factor)), source, domain, numFeatures,
          numClasses, featureNames);
    } finally {
      close();
    }
  }

  @Override
  public void close() {
    rdd.unpersist(false);
  }
}
