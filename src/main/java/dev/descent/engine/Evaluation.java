package dev.descent.engine;

import dev.descent.data.DataException;
import dev.descent.data.MutableRow;
import dev.descent.data.SkipReport;
import dev.descent.data.SkippedRecords;
import dev.descent.input.ScoringInput;
import dev.descent.loss.Loss;
import dev.descent.loss.Metrics;
import dev.descent.model.LinearModel;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple3;

/**
 * The evaluate command's metrics of a model on labelled data, as {@link Metrics} defines them:
 * {@code rows}, then {@code mse}, {@code rmse}, {@code mae}, {@code r2} for regression, or
 * {@code accuracy}, {@code logLoss} (or {@code hingeLoss}) and {@code auc} for classifiers. One
 * aggregation gives the sums; the AUC takes one sort per class (one for binary losses). Rows
 * stream through executors; nothing of O(rows) reaches the driver.
 *
 * @param metrics the metrics, in that stable order
 * @param skipped the records skipped as malformed
 */
public record Evaluation(Map<String, Double> metrics, SkipReport skipped) {

  /**
   * The metrics of {@code model} on labelled data.
   *
   * @throws DataException if a record is malformed (onBadRecord=fail), or no record is usable
   */
  public static Evaluation of(ScoringInput input, LinearModel model) {
    JavaSparkContext jsc = input.jsc();
    JavaRDD<Scored> scored = input.map(row -> new Scored(row.label(), row.weight(),
        margins(model, row), null), Scored::skipped);
    scored.persist(StorageLevel.MEMORY_AND_DISK());
    try {
      Loss loss = model.loss();
      Sums sums = scored.treeAggregate(new Sums(), (acc, s) -> acc.add(s, loss), Sums::merge, 2);
      SkipReport skipped = sums.skipped.describe(jsc.hadoopConfiguration());
      if (sums.rows == 0) {
        throw skipped.count() > 0 ? skipped.allMalformed(input.source())
            : DataException.of(input.source(), "no data rows to evaluate");
      }
      Map<String, Double> out = new LinkedHashMap<>();
      out.put("rows", (double) sums.rows);
      if (model.isClassifier()) {
        classifier(out, sums, loss, scored.filter(s -> s.skip() == null), model.outputs());
      } else {
        regression(out, sums);
      }
      return new Evaluation(out, skipped);
    } catch (Exception e) { // SparkException is checked, but Scala throws it undeclared
      throw Failures.rethrow(e, jsc.hadoopConfiguration());
    } finally {
      scored.unpersist(false);
    }
  }

  private static void regression(Map<String, Double> out, Sums sums) {
    Metrics.Regression r = Metrics.Regression.of(sums.loss, sums.absError,
        sums.labels.deviations(), sums.weight);
    out.put("mse", r.mse());
    out.put("rmse", r.rmse());
    out.put("mae", r.mae());
    out.put("r2", r.r2());
  }

  private static void classifier(Map<String, Double> out, Sums sums, Loss loss,
      JavaRDD<Scored> rows, int outputs) {
    out.put("accuracy", Metrics.accuracy(sums.correct, sums.weight));
    out.put(loss.hasProbabilities() ? "logLoss" : "hingeLoss", sums.loss / sums.weight);
    if (outputs == 1) {
      out.put("auc", Auc.exact(rows.map(s -> new Tuple3<>(s.margins[0], s.label, s.weight))));
      return;
    }
    double[] aucs = new double[outputs];
    for (int k = 0; k < outputs; k++) {
      int c = k;
      aucs[k] = Auc.exact(rows.map(s -> new Tuple3<>(Metrics.logOdds(s.margins, 0, outputs, c),
          s.label == c ? 1.0 : 0.0, s.weight)));
    }
    out.put("auc", Metrics.meanAuc(aucs));
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
    Metrics.LabelMoments labels = new Metrics.LabelMoments();
    SkippedRecords skipped = new SkippedRecords();
    private transient double[] deriv;

    Sums add(Scored s, Loss lossFn) {
      if (s.skip != null) {
        skipped.add(s.skip);
        return this;
      }
      rows++;
      weight += s.weight;
      int k = s.margins.length;
      if (deriv == null || deriv.length < k) {
        deriv = new double[k];
      }
      loss += s.weight * lossFn.rowLoss(s.margins, 0, k, s.label, deriv, 0);
      if (lossFn.isClassifier()) {
        correct += Metrics.correct(lossFn, s.margins, 0, k, s.label) ? s.weight : 0;
      } else {
        double prediction = lossFn.predict(s.margins, 0, k);
        absError += s.weight * Math.abs(prediction - s.label);
        labels.add(s.label, s.weight);
      }
      return this;
    }

    Sums merge(Sums o) {
      rows += o.rows;
      weight += o.weight;
      loss += o.loss;
      correct += o.correct;
      absError += o.absError;
      labels.merge(o.labels);
      skipped = skipped.merge(o.skipped);
      return this;
    }
  }
}
