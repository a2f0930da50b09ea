package dev.descent.input;

import dev.descent.data.DataException;
import dev.descent.data.SettingException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkThrowable;
import org.apache.spark.ml.attribute.AttributeGroup;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;

/**
 * DataFrames as training and scoring data: reading a Spark data source with its columns checked,
 * settling the feature dimension, and packing rows for training.
 */
public final class Frames {
  private Frames() {}

  /** The feature dimension rows must have, and how errors describe it. */
  public record Dimension(int size, String expected) {}

  /**
   * Reads the files of a Spark data source and checks the columns the spec names.
   *
   * @throws DataException if no file matches, Spark cannot read them as the format, or a column
   *     is missing or of the wrong type
   * @throws SettingException if Spark has no data source of that name
   */
  public static Dataset<Row> read(SparkSession spark, FrameSpec spec) {
    String[] paths = Arrays.stream(spec.path().split(",")).map(String::trim)
        .filter(p -> !p.isEmpty()).toArray(String[]::new);
    for (String p : paths) {
      if (!matches(p, spark.sparkContext().hadoopConfiguration())) {
        throw DataException.of(p, "no input file found (checked: file, directory, glob)");
      }
    }
    Dataset<Row> df;
    try {
      df = spark.read().format(spec.format()).load(paths);
    } catch (Exception e) { // AnalysisException and SparkException are thrown undeclared
      throw readFailure(e, spec.format(), spec.path());
    }
    FrameInput.check(df.schema(), spec.columns(), spec.path(),
        spec.purpose().labelsRequired());
    return df;
  }

  /**
   * Whether a path or glob names anything: a table's directory may hold only partition
   * directories (day=...), which Spark reads.
   */
  private static boolean matches(String path, Configuration conf) {
    Path p = new Path(path);
    try {
      FileStatus[] found = p.getFileSystem(conf).globStatus(p);
      return found != null && found.length > 0;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + path + ": " + e.getMessage(), e);
    }
  }

  /**
   * The feature dimension: {@code declared} when given (> 0), else the number of feature columns,
   * the vector size in the column's metadata, or the size of the first row's features.
   *
   * @param expected how errors describe a declared dimension
   */
  public static Dimension dimension(Dataset<Row> df, FrameColumns columns, String source, int declared,
      String expected) {
    if (!columns.vector()) {
      int n = columns.featureList().size();
      if (declared > 0 && declared != n) {
        throw DataException.of(source, "featureColumns lists " + n + " columns; expected "
            + expected);
      }
      return new Dimension(n, n + " (one per column of featureColumns)");
    }
    if (declared > 0) {
      return new Dimension(declared, expected);
    }
    StructField field = df.schema().apply(columns.features());
    if (field.dataType().equals(SQLDataTypes.VectorType())) {
      int size = AttributeGroup.fromStructField(field).size();
      if (size >= 0) {
        return new Dimension(size, size + " (the size in the column's metadata)");
      }
    }
    Column c = FrameInput.column(columns.features());
    List<Row> first = df.select(c).where(c.isNotNull()).takeAsList(1);
    int size = first.isEmpty() ? 0 : Math.max(0, FrameInput.size(first.get(0).get(0)));
    return new Dimension(size, size + " (the size of the first row's features)");
  }

  /**
   * What a failed read of a Spark data source means: an unknown source is a bad value of the
   * format setting; other Spark errors mean the files are not in that format.
   */
  private static RuntimeException readFailure(Exception e, String format, String path) {
    SettingException unknown = unknownSource(e, "format", format);
    if (unknown != null) {
      return unknown;
    }
    if (e instanceof SparkThrowable) {
      String message = e.getMessage() == null ? e.toString() : e.getMessage();
      return DataException.of(path, "cannot be read as " + format + ": "
          + message.lines().findFirst().orElse(""));
    }
    return e instanceof RuntimeException r ? r : new IllegalStateException(e);
  }

  /** The setting error when {@code e} says Spark has no data source {@code format}, else null. */
  public static SettingException unknownSource(Exception e, String key, String format) {
    // Matched on the error class that Spark (3.5 and 4) puts first in the message.
    String message = e.getMessage();
    if (message == null || !message.startsWith("[DATA_SOURCE_NOT_FOUND]")) {
      return null;
    }
    return new SettingException(key, "bad value for " + key + ": '" + format + "' (Spark has no"
        + " data source of that name; built in are parquet, orc, json and csv, and others such"
        + " as avro or delta need their package on the classpath)");
  }
}
