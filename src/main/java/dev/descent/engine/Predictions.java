package dev.descent.engine;

import dev.descent.data.DataException;
import dev.descent.data.MutableRow;
import dev.descent.data.SettingException;
import dev.descent.data.SkipReport;
import dev.descent.input.Frames;
import dev.descent.input.ScoringInput;
import dev.descent.input.TextInput;
import dev.descent.model.LinearModel;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapred.JobConf;
import org.apache.hadoop.mapred.TextOutputFormat;
import org.apache.spark.SparkJobInfo;
import org.apache.spark.SparkStageInfo;
import org.apache.spark.SparkStatusTracker;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.util.LongAccumulator;
import scala.Tuple2;

/**
 * Writes a model's predictions for every input record, in input order: CSV text part files, or
 * a DataFrame written with a Spark data source. Rows stream through executors; nothing of
 * O(rows) reaches the driver.
 */
public final class Predictions {
  private Predictions() {}

  /** The CSV header of {@link #predictionLines}: prediction, then probabilities or the margin. */
  public static String header(LinearModel model) {
    StringBuilder h = new StringBuilder("prediction");
    if (model.loss().hasProbabilities()) {
      for (int k = 0; k < Math.max(2, model.numClasses()); k++) {
        h.append(",probability_").append(k);
      }
    } else if (model.isClassifier()) {
      h.append(",margin");
    }
    return h.toString();
  }

  /**
   * One CSV line per input record, in input order; records skipped as malformed
   * (onBadRecord=skip) produce no line and are added to {@code skips}.
   */
  static JavaRDD<String> predictionLines(ScoringInput input, LinearModel model,
      LongAccumulator rows, SkipAccumulator skips) {
    return input.map(row -> {
      rows.add(1);
      return predictionLine(model, row);
    }, record -> {
      skips.add(record);
      return null;
    });
  }

  /** What a prediction run wrote: the number of prediction lines, and the records skipped. */
  public record Written(long rows, SkipReport skipped) {}

  /**
   * The prediction columns (named as in {@link #header}), all doubles, one row per
   * input record, in input order, after the input's {@code keep} columns (DataFrame input only).
   *
   * @throws SettingException if a column to keep has the name of a prediction column
   */
  public static Dataset<Row> predictionFrame(ScoringInput input, LinearModel model,
      List<String> keep) {
    List<StructField> fields = new ArrayList<>();
    for (String name : header(model).split(",")) {
      if (keep.contains(name)) {
        throw new SettingException("keepColumns", "keepColumns names '" + name
            + "', which is also a prediction column; rename the input column");
      }
      fields.add(DataTypes.createStructField(name, DataTypes.DoubleType, false));
    }
    TextInput.RowFunction<Object[]> values = row -> predictionValues(model, row);
    if (!keep.isEmpty()) {
      return input.mapKeeping(keep, fields.toArray(new StructField[0]), values);
    }
    JavaRDD<Row> rows = input.map(row -> RowFactory.create(predictionValues(model, row)));
    return SparkSession.builder().sparkContext(input.jsc().sc()).getOrCreate()
        .createDataFrame(rows, DataTypes.createStructType(fields));
  }

  /** The prediction, then the class probabilities or the margin (classifiers). */
  private static Object[] predictionValues(LinearModel model, MutableRow row) {
    double[] m = margins(model, row);
    double[] p = model.probabilitiesFromMargins(m);
    Object[] values = new Object[1 + (p != null ? p.length : model.isClassifier() ? 1 : 0)];
    values[0] = model.predictFromMargins(m);
    if (p != null) {
      for (int k = 0; k < p.length; k++) {
        values[1 + k] = p[k];
      }
    } else if (model.isClassifier()) {
      values[1] = m[0];
    }
    return values;
  }

  /**
   * Writes predictions with a Spark data source (parquet, orc, json, ...) into
   * {@code directory}, which must not exist; no {@code _SUCCESS} marker is written there.
   *
   * @param keep input columns to copy into each row, before the prediction columns (DataFrame
   *     input only)
   * @throws SettingException if Spark has no data source named {@code format}
   */
  public static void write(ScoringInput input, LinearModel model, String directory,
      String format, List<String> keep) {
    Dataset<Row> predictions = predictionFrame(input, model, keep);
    try {
      predictions.write().format(format)
          .option("mapreduce.fileoutputcommitter.marksuccessfuljobs", "false").save(directory);
    } catch (Exception e) { // SparkException is checked, but Scala throws it undeclared
      SettingException unknown = Frames.unknownSource(e, "outputFormat", format);
      if (unknown != null) {
        throw unknown;
      }
      throw Failures.rethrow(e, input.jsc().hadoopConfiguration());
    }
  }

  /** A prediction line for one row. */
  static String predictionLine(LinearModel model, MutableRow row) {
    double[] m = margins(model, row);
    StringBuilder s = new StringBuilder();
    double p = model.predictFromMargins(m);
    s.append(model.isClassifier() ? Long.toString((long) p) : Double.toString(p));
    double[] probabilities = model.probabilitiesFromMargins(m);
    if (probabilities != null) {
      for (double v : probabilities) {
        s.append(',').append(v);
      }
    } else if (model.isClassifier()) {
      s.append(',').append(m[0]);
    }
    return s.toString();
  }

  /**
   * Writes predictions as text part files (in input order, the header at the top of the first)
   * into {@code directory}, which must not exist; no {@code _SUCCESS} marker is written there.
   *
   * @throws DataException if a record is malformed (onBadRecord=fail), or every one is, or
   *     there is none
   */
  public static Written write(ScoringInput input, LinearModel model, String directory) {
    JavaSparkContext jsc = input.jsc();
    String header = header(model);
    JobConf job = new JobConf(jsc.hadoopConfiguration());
    job.setBoolean("mapreduce.fileoutputcommitter.marksuccessfuljobs", false);
    LongAccumulator rows = jsc.sc().longAccumulator("Descent: predictions");
    SkipAccumulator skips = new SkipAccumulator();
    jsc.sc().register(skips, "Descent: skipped records");
    String tag = "descent-predict-" + UUID.randomUUID();
    jsc.addJobTag(tag);
    try {
      predictionLines(input, model, rows, skips)
          .mapPartitionsWithIndex((index, lines) -> index == 0 ? prepend(header, lines) : lines,
              true)
          .mapToPair(line -> new Tuple2<>(NullWritable.get(), new Text(line)))
          .saveAsHadoopFile(directory, NullWritable.class, Text.class, TextOutputFormat.class,
              job);
    } catch (Exception e) { // SparkException is checked, but Scala throws it undeclared
      // A failed job returns while its other tasks are still being killed, and those may still
      // create files in the directory; wait for them, so that the caller's clean-up is final.
      awaitTasks(jsc, tag, WRITE_TASKS_GRACE_MILLIS);
      throw Failures.rethrow(e, jsc.hadoopConfiguration());
    } finally {
      jsc.removeJobTag(tag);
    }
    SkipReport skipped = skips.value().describe(jsc.hadoopConfiguration());
    if (rows.value() == 0) { // as train and evaluate: an empty input is bad data, not a result
      throw skipped.count() > 0 ? skipped.allMalformed(input.source())
          : DataException.of(input.source(), "no data rows to score");
    }
    return new Written(rows.value(), skipped);
  }

  /** How long a failed prediction job's remaining tasks are given to stop. */
  private static final long WRITE_TASKS_GRACE_MILLIS = 30_000;

  /** Waits (up to {@code millis}) until no task of the jobs tagged {@code tag} is running. */
  private static void awaitTasks(JavaSparkContext jsc, String tag, long millis) {
    SparkStatusTracker status = jsc.sc().statusTracker();
    long deadline = System.nanoTime() + millis * 1_000_000;
    while (System.nanoTime() < deadline) {
      int running = 0;
      for (int job : status.getJobIdsForTag(tag)) {
        SparkJobInfo info = status.getJobInfo(job).getOrElse(() -> null);
        for (int stage : info == null ? new int[0] : info.stageIds()) {
          SparkStageInfo st = status.getStageInfo(stage).getOrElse(() -> null);
          running += st == null ? 0 : st.numActiveTasks();
        }
      }
      if (running == 0) {
        return;
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private static Iterator<String> prepend(String first, Iterator<String> rest) {
    return new Iterator<>() {
      boolean done;

      @Override
      public boolean hasNext() {
        return !done || rest.hasNext();
      }

      @Override
      public String next() {
        if (!done) {
          done = true;
          return first;
        }
        return rest.next();
      }
    };
  }

  /** Margins of a row the reader has already checked against the model's dimension. */
  private static double[] margins(LinearModel model, MutableRow row) {
    double[] m = new double[model.outputs()];
    model.margins(row, m);
    return m;
  }
}
