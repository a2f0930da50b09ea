package dev.descent.input;

import dev.descent.data.LabelDomain;
import dev.descent.data.LineParser;
import dev.descent.data.Precision;
import java.util.List;
import java.util.Optional;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.mllib.regression.LabeledPoint;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Training rows from each kind of input (text files, a DataFrame, an RDD of labeled points),
 * packed for the engine to cache. What needs no pass over the data (files exist, CSV columns,
 * DataFrame columns and types, the dimension) is checked now, on the driver.
 */
public final class TrainingInput {
  private TrainingInput() {}

  /**
   * Text files (LIBSVM or CSV) as the spec says, feature values stored in {@code precision}, in
   * the partitions {@link Partitioning} chooses for training.
   */
  public static PackedRows text(JavaSparkContext jsc, InputSpec spec, Precision precision) {
    LineParser parser = LineParsers.of(spec, jsc.hadoopConfiguration());
    int n = Partitioning.forTraining(jsc, spec.partitions());
    return new PackedRows(Partitioning.coalesce(TextInput.read(jsc, spec.withPartitions(n),
        parser, precision), n, true), spec.path(), spec.domain(),
        spec.numFeatures(), spec.numClasses(),
        parser instanceof CsvParser csv ? csv.featureNames() : null);
  }

  /**
   * The note for a CSV header that does not give every feature column a name of its own (a name
   * used twice, or an empty one): the model then records none ({@code names} null).
   */
  public static Optional<String> unrecordedNames(InputSpec spec, List<String> names) {
    return spec.header() && spec.format() == InputFormat.CSV && names == null
        ? Optional.of("the header does not give every feature column a name of its own (a name"
            + " used twice, or an empty one), so the model records no feature names: predict and"
            + " evaluate will read features by position, not by name")
        : Optional.empty();
  }

  /**
   * A Spark data source's files (read by {@link Frames#read}), in the partitions
   * {@link Partitioning} chooses for training: Spark's file partitions combined, balanced by
   * bytes, never more of them than Spark read.
   *
   * @param partitions the partitions setting, or 0 for auto
   */
  public static PackedRows files(Dataset<Row> df, FrameSpec spec, int partitions,
      boolean skipBadRecords, Precision precision) {
    PackedRows read = frame(df, spec.columns(), spec.path(), spec.domain(), spec.numFeatures(),
        spec.numClasses(), skipBadRecords, precision);
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(df.sparkSession().sparkContext());
    return read.withRdd(Partitioning.coalesce(read.rdd(),
        Partitioning.forTraining(jsc, partitions), false));
  }

  /**
   * A DataFrame's rows. Its partitions are kept: a shuffle would lose where each row came from,
   * which errors name, and Spark already splits large files into partitions.
   *
   * @param declaredFeatures numFeatures if set, else 0: then the size in the features column's
   *     metadata (as VectorAssembler writes it), else the first row's
   * @param skipBadRecords onBadRecord=skip: rows that do not fit are counted and left out
   * @param precision how feature values are stored
   */
  public static PackedRows frame(Dataset<Row> df, FrameColumns columns, String source,
      LabelDomain domain, int declaredFeatures, int declaredClasses, boolean skipBadRecords,
      Precision precision) {
    FrameInput.check(df.schema(), columns, source, true);
    Frames.Dimension d = Frames.dimension(df, columns, source, declaredFeatures,
        "numFeatures=" + declaredFeatures);
    return new PackedRows(FrameInput.pack(df, columns, source, domain, declaredClasses,
        d.size(), d.expected(), skipBadRecords, precision), source, domain, d.size(),
        declaredClasses, FrameInput.featureNames(df.schema(), columns));
  }

  /** MLlib labeled points (every row weighs 1); see {@link RecordInput}. */
  public static PackedRows labeledPoints(JavaRDD<LabeledPoint> points, String source,
      LabelDomain domain, int declaredFeatures, int declaredClasses, boolean skipBadRecords,
      Precision precision) {
    return new PackedRows(RecordInput.fromLabeledPoints(points, source, domain, declaredClasses,
        declaredFeatures, skipBadRecords, precision), source, domain, declaredFeatures,
        declaredClasses, null);
  }
}
