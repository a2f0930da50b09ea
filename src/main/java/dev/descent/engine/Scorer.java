package dev.descent.engine;

import dev.descent.data.DataException;
import dev.descent.data.MutableRow;
import dev.descent.data.SettingException;
import dev.descent.data.SkipReport;
import dev.descent.data.SkippedRecords;
import dev.descent.input.Frames;
import dev.descent.input.InputSpec;
import dev.descent.input.ScoringInput;
import dev.descent.input.TextInput;
import dev.descent.loss.Loss;
import dev.descent.model.LinearModel;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
import org.apache.spark.mllib.evaluation.BinaryClassificationMetrics;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.LongAccumulator;
import scala.Tuple2;
import scala.Tuple3;

/**
 * Applies a model to data: predictions in input order, or evaluation metrics. Rows stream through
 * executors; nothing of O(rows) reaches the driver.
 */
public final class Scorer {
  private Scorer() {}

  /** The CSV header of {@link #predictionLines}: prediction, then probabilities or the margin. */
  public static String predictionHeader(LinearModel model) {
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
   * The prediction columns (named as in {@link #predictionHeader}), all doubles, one row per
   * input record, in input order, after the input's {@code keep} columns (DataFrame input only).
   *
   * @throws SettingException if a column to keep has the name of a prediction column
   */
  public static Dataset<Row> predictionFrame(ScoringInput input, LinearModel model,
      List<String> keep) {
    List<StructField> fields = new ArrayList<>();
    for (String name : predictionHeader(model).split(",")) {
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
  public static void writePredictions(ScoringInput input, LinearModel model, String directory,
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
   * @throws DataException if a record is malformed (onBadRecord=fail), or every one is
   */
  public static Written writePredictions(JavaSparkContext jsc, InputSpec spec,
      LinearModel model, String directory) {
    return writePredictions(ScoringInput.text(jsc, spec, model), model, directory);
  }

  /** As {@link #writePredictions(JavaSparkContext, InputSpec, LinearModel, String)}. */
  public static Written writePredictions(ScoringInput input, LinearModel model,
      String directory) {
    JavaSparkContext jsc = input.jsc();
    String header = predictionHeader(model);
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
    if (rows.value() == 0 && skipped.count() > 0) {
      throw skipped.allMalformed(input.source());
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

  /** Evaluation metrics in a stable order, and the records skipped as malformed. */
  public record Evaluation(Map<String, Double> metrics, SkipReport skipped) {}

  /**
   * Evaluation metrics of {@code model} on labelled data.
   *
   * @throws DataException if a record is malformed (onBadRecord=fail), or no record is usable
   */
  public static Evaluation evaluate(JavaSparkContext jsc, InputSpec spec, LinearModel model) {
    return evaluate(ScoringInput.text(jsc, spec, model), model);
  }

  /** As {@link #evaluate(JavaSparkContext, InputSpec, LinearModel)}. */
  public static Evaluation evaluate(ScoringInput input, LinearModel model) {
    JavaSparkContext jsc = input.jsc();
    JavaRDD<Scored> scored = input.map(row -> new Scored(row.label(), row.weight(),
        margins(model, row), null), Scored::skipped);
    scored.persist(StorageLevel.MEMORY_AND_DISK());
    try {
      Loss loss = model.loss();
      Sums sums = scored.treeAggregate(new Sums(),
          (acc, s) -> acc.add(s, loss), Sums::merge, 2);
      SkipReport skipped = sums.skipped.describe(jsc.hadoopConfiguration());
      if (sums.rows == 0) {
        throw skipped.count() > 0 ? skipped.allMalformed(input.source())
            : DataException.of(input.source(), "no data rows to evaluate");
      }
      JavaRDD<Scored> rows = scored.filter(s -> s.skip() == null);
      Map<String, Double> out = new LinkedHashMap<>();
      out.put("rows", (double) sums.rows);
      double w = sums.weight;
      if (!model.isClassifier()) {
        double mse = sums.loss / w;
        out.put("mse", mse);
        out.put("rmse", Math.sqrt(mse));
        out.put("mae", sums.absError / w);
        double variance = sums.labelSquares / w - Math.pow(sums.labelSum / w, 2);
        out.put("r2", variance > 0 ? 1 - mse / variance : Double.NaN);
        return new Evaluation(out, skipped);
      }
      out.put("accuracy", sums.correct / w);
      out.put(loss.hasProbabilities() ? "logLoss" : "hingeLoss", sums.loss / w);
      int outputs = model.outputs();
      if (outputs == 1) {
        out.put("auc", auc(rows.map(s -> new Tuple3<>(s.margins[0], s.label, s.weight))));
      } else {
        List<Double> aucs = new ArrayList<>();
        for (int k = 0; k < outputs; k++) {
          int c = k;
          aucs.add(auc(rows.map(s -> new Tuple3<>(s.margins[c]
              - logSumExpOthers(s.margins, c), s.label == c ? 1.0 : 0.0, s.weight))));
        }
        out.put("auc", aucs.stream().filter(Double::isFinite).mapToDouble(Double::doubleValue)
            .average().orElse(Double.NaN));
      }
      return new Evaluation(out, skipped);
    } catch (Exception e) { // SparkException is checked, but Scala throws it undeclared
      throw Failures.rethrow(e, jsc.hadoopConfiguration());
    } finally {
      scored.unpersist(false);
    }
  }

  /** Area under ROC of (score, label in {0,1}, weight); NaN if a class is absent. */
  private static double auc(JavaRDD<Tuple3<Double, Double, Double>> scoreLabelWeight) {
    BinaryClassificationMetrics metrics =
        new BinaryClassificationMetrics(scoreLabelWeight.rdd(), 0);
    try {
      double a = metrics.areaUnderROC();
      return Double.isFinite(a) ? a : Double.NaN;
    } finally {
      metrics.unpersist();
    }
  }

  /** A monotone score for class c against the rest: its log-odds under softmax. */
  private static double logSumExpOthers(double[] m, int c) {
    double max = Double.NEGATIVE_INFINITY;
    for (int k = 0; k < m.length; k++) {
      if (k != c) {
        max = Math.max(max, m[k]);
      }
    }
    if (max == Double.NEGATIVE_INFINITY) {
      return max; // every other class is infinitely less likely (margins that overflowed)
    }
    double s = 0;
    for (int k = 0; k < m.length; k++) {
      if (k != c) {
        s += Math.exp(m[k] - max);
      }
    }
    return max + Math.log(s);
  }

  /** Margins of a row the reader has already checked against the model's dimension. */
  private static double[] margins(LinearModel model, MutableRow row) {
    double[] m = new double[model.outputs()];
    model.margins(row, m);
    return m;
  }

  /** A scored row, or (with {@code skip} set) a record skipped as malformed. */
  record Scored(double label, double weight, double[] margins, SkippedRecords.Example skip)
      implements Serializable {
    static Scored skipped(SkippedRecords.Example record) {
      return new Scored(0, 0, null, record);
    }
  }

  /** Weighted sums behind the metrics. */
  static final class Sums implements Serializable {
    private static final long serialVersionUID = 1L;
    long rows;
    double weight;
    double loss;
    double correct;
    double absError;
    double labelSum;
    double labelSquares;
    SkippedRecords skipped = new SkippedRecords();
    private transient double[] deriv;

    Sums add(Scored s, Loss lossFn) {
      if (s.skip != null) {
        skipped.add(s.skip);
        return this;
      }
      rows++;
      weight += s.weight;
      if (deriv == null || deriv.length < s.margins.length) {
        deriv = new double[s.margins.length];
      }
      loss += s.weight * lossFn.rowLoss(s.margins, 0, s.margins.length, s.label, deriv, 0);
      double prediction = lossFn.predict(s.margins, 0, s.margins.length);
      if (lossFn.isClassifier()) {
        correct += prediction == s.label ? s.weight : 0;
      } else {
        absError += s.weight * Math.abs(prediction - s.label);
        labelSum += s.weight * s.label;
        labelSquares += s.weight * s.label * s.label;
      }
      return this;
    }

    Sums merge(Sums o) {
      rows += o.rows;
      weight += o.weight;
      loss += o.loss;
      correct += o.correct;
      absError += o.absError;
      labelSum += o.labelSum;
      labelSquares += o.labelSquares;
      skipped = skipped.merge(o.skipped);
      return this;
    }
  }
}
