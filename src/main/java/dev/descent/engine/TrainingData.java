package dev.descent.engine;

import dev.descent.data.DataException;
import dev.descent.data.Holdout;
import dev.descent.data.LabelDomain;
import dev.descent.data.LineLocator;
import dev.descent.data.LineParser;
import dev.descent.data.Numbers;
import dev.descent.data.PackedPartition;
import dev.descent.data.PartitionSummary;
import dev.descent.data.Precision;
import dev.descent.data.SettingException;
import dev.descent.data.SkipReport;
import dev.descent.data.SumVector;
import dev.descent.input.CsvParser;
import dev.descent.input.FrameColumns;
import dev.descent.input.FrameInput;
import dev.descent.input.Frames;
import dev.descent.input.InputSpec;
import dev.descent.input.TextInput;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

/**
 * Training rows parsed once, validated, packed into blocks and persisted, with what the driver
 * needs to know about them (counts, dimension, classes). Closing it unpersists the data.
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
  private double[][] moments;

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

  /** Reads, parses and caches a text input, storing feature values in {@code precision}. */
  public static TrainingData read(JavaSparkContext jsc, InputSpec spec, Precision precision) {
    LineParser parser = TextInput.parser(spec, jsc.hadoopConfiguration());
    JavaRDD<PackedPartition> packed = TextInput.read(jsc, spec, parser, precision);
    return of(jsc, packed, spec.path(), spec.domain(), spec.numFeatures(), spec.numClasses(),
        parser instanceof CsvParser csv ? csv.featureNames() : null);
  }

  /**
   * Training data from a DataFrame, packed and cached (the caller closes it).
   *
   * <p>The DataFrame's partitions are kept: a shuffle would lose where each row came from, which
   * errors name, and Spark already splits large files into partitions.
   *
   * @param declaredFeatures numFeatures if set, else 0: then the size in the features column's
   *     metadata (as VectorAssembler writes it), else the first row's
   * @param skipBadRecords onBadRecord=skip: rows that do not fit are counted and left out
   * @param precision how feature values are stored
   */
  public static TrainingData fromFrame(Dataset<Row> df, FrameColumns columns, String source,
      LabelDomain domain, int declaredFeatures, int declaredClasses, boolean skipBadRecords,
      Precision precision) {
    FrameInput.check(df.schema(), columns, source, true);
    Frames.Dimension d = Frames.dimension(df, columns, source, declaredFeatures,
        "numFeatures=" + declaredFeatures);
    JavaRDD<PackedPartition> packed = FrameInput.pack(df, columns, source, domain,
        declaredClasses, d.size(), d.expected(), skipBadRecords, precision);
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(df.sparkSession().sparkContext());
    return of(jsc, packed, source, domain, d.size(), declaredClasses,
        FrameInput.featureNames(df.schema(), columns));
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
  private static TrainingData of(JavaSparkContext jsc, JavaRDD<PackedPartition> packed,
      String source, LabelDomain domain, int declaredFeatures, int declaredClasses,
      List<String> featureNames, Consumer<PartitionSummary> precheck) {
    Configuration conf = jsc.hadoopConfiguration();
    packed.persist(StorageLevel.MEMORY_AND_DISK());
    try {
      List<PartitionSummary> parts;
      try {
        parts = packed.map(PackedPartition::summary).collect();
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
      precheck.accept(summary);
      int classes = validate(summary, source, domain, declaredClasses, conf, notes);
      int features = declaredFeatures > 0 ? declaredFeatures : summary.width();
      return new TrainingData(jsc, packed, summary, partitionRows, source, domain, features,
          classes, Collections.unmodifiableList(notes), skipped,
          featureNames != null && featureNames.size() == features ? List.copyOf(featureNames)
              : null);
    } catch (Exception e) {
      packed.unpersist(false);
      throw e;
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
              ? "negative" : "positive") + "): without regParam > 0 the weights grow without"
              + " bound");
        }
        return 2;
      case CLASSES:
        int classes = declaredClasses > 0 ? declaredClasses : counts.length;
        if (classes < 2) {
          throw DataException.of(source, "softmax needs at least 2 classes, but every label is 0;"
              + " set numClasses if the data lacks some classes");
        }
        return classes;
      default:
        return 0;
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
   * Weighted per-feature means and (population) standard deviations, {@code {mean, std}}:
   * two passes over the cached data, the second centred for accuracy. Computed once.
   */
  public synchronized double[][] moments(int depth) {
    if (moments == null) {
      int d = numFeatures;
      double w = summary.weightSum();
      double[] mean = rdd.map(p -> {
        SumVector s = new SumVector(d);
        for (int b = 0; b < p.numBlocks(); b++) {
          p.block(b).addWeightedSums(s.values());
        }
        return s;
      }).treeReduce(SumVector::merge, depth).values();
      for (int j = 0; j < d; j++) {
        mean[j] /= w;
      }
      Broadcast<double[]> shared = jsc.broadcast(mean);
      double[] acc;
      try {
        acc = rdd.map(p -> {
          SumVector s = new SumVector(d);
          double[] mu = shared.value();
          for (int b = 0; b < p.numBlocks(); b++) {
            p.block(b).addCenteredSquares(mu, s.values());
          }
          return s;
        }).treeReduce(SumVector::merge, depth).values();
      } finally {
        shared.destroy();
      }
      double[] std = new double[d];
      for (int j = 0; j < d; j++) {
        std[j] = Math.sqrt(Math.max(0, (acc[j] + w * mean[j] * mean[j]) / w));
      }
      moments = new double[][] {mean, std};
    }
    return moments;
  }

  /**
   * Holds out {@code fraction} of the rows for validation (stratified by class for
   * classifiers, chosen by {@code seed}); returns {training, validation} and closes this data.
   *
   * @throws SettingException if the fraction leaves no training rows, no training rows of a
   *     class the data has, or no validation rows: the setting, not the data, is at fault
   */
  public TrainingData[] split(double fraction, long seed) {
    LabelDomain d = domain;
    String src = source;
    JavaRDD<PackedPartition[]> pairs = rdd.map(p -> p.split(
        Holdout.select(p.labels(), d, fraction, seed, p.index()), d, src));
    pairs.persist(StorageLevel.MEMORY_AND_DISK());
    String setting = "validationFraction" + "=" + Numbers.show(fraction);
    long[] counts = summary.classCounts();
    long rows = rows();
    try {
      TrainingData train = of(jsc, pairs.map(a -> a[0]), source, domain, numFeatures,
          numClasses, featureNames, s -> checkTrainingSide(s, setting, rows, counts));
      try {
        return new TrainingData[] {train, of(jsc, pairs.map(a -> a[1]),
            source + " (validation rows)", domain, numFeatures, numClasses, featureNames, s -> {
              if (s.rows() == 0) {
                throw new SettingException("validationFraction", setting + " of "
                    + rows + " rows leaves no validation rows; use a larger fraction or"
                    + " validationInput");
              }
            })};
      } catch (RuntimeException e) {
        train.close();
        throw e;
      }
    } finally {
      pairs.unpersist(false);
      close();
    }
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

  /** Factors that give every class the same total: rows / (classes x rows of the class). */
  public double[] balancedClassWeights() {
    long[] counts = summary.classCounts();
    double[] f = new double[numClasses];
    for (int c = 0; c < numClasses; c++) {
      long n = c < counts.length ? counts[c] : 0;
      f[c] = n == 0 ? 0 : (double) summary.rows() / (numClasses * n);
    }
    return f;
  }

  @Override
  public void close() {
    rdd.unpersist(false);
  }
}
