package dev.descent.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.descent.data.SkipReport;
import dev.descent.engine.ClassifierScores;
import dev.descent.engine.DataSummary;
import dev.descent.engine.RunSummary;
import dev.descent.engine.TrainResult;
import dev.descent.optim.stopping.EpochRecord;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * {@code metrics.json}: how a training run went. {@code status} is converged, finished or
 * diverged; {@code returnedEpoch} the epoch whose model was returned (under early stopping, the
 * one with the lowest validation loss); {@code epochs} has one entry per epoch (epoch, loss, objective, learningRate,
 * gradientNorm, seconds, passes, rounds (synchronizations: rounds of local steps with
 * syncEvery, else as passes), and with validation rows validationLoss and
 * validationAccuracy); the final objective is over all rows at the returned model. For
 * classifiers, {@code evaluation} holds the accuracy, AUC and confusion matrix
 * ({@code [true class][predicted class]}, weighted counts) on the validation rows, or the
 * training rows without validation; with more than two classes its {@code auc} is the
 * micro-average ({@code aucAveraging} says which), also written under its own name,
 * {@code microAuc}, as it is not the evaluate command's {@code auc} (see
 * {@link dev.descent.loss.Metrics}). {@code skippedRecords} counts the malformed records left
 * out (onBadRecord=skip) and {@code skippedExamples} shows the first few ({@code location},
 * {@code problem}). Non-finite numbers (a diverged run) are written as null.
 */
public final class MetricsJson {
  public static final String FILE_NAME = "metrics.json";

  private MetricsJson() {}

  public static byte[] of(TrainResult r) {
    ObjectNode root = Json.MAPPER.createObjectNode();
    run(root, r.run());
    data(root, r.data(), r.run().seconds());
    if (r.scores() != null) {
      scores(root.putObject("evaluation"), r.scores());
    }
    ArrayNode epochs = root.putArray("epochs");
    for (EpochRecord e : r.history()) {
      epoch(epochs.addObject(), e);
    }
    return bytes(root);
  }

  /** How the run ended, and its objectives. */
  private static void run(ObjectNode root, RunSummary run) {
    root.put("status", run.status().json());
    root.put("reason", run.reason());
    if (run.advice() != null) {
      root.put("advice", run.advice());
    }
    if (run.returnedEpoch() > 0) {
      root.put("returnedEpoch", run.returnedEpoch());
    }
    Json.put(root, "initialObjective", run.initialObjective());
    Json.put(root, "finalObjective", run.finalObjective());
    Json.put(root, "finalLoss", run.finalLoss());
    Json.put(root, "learningRate", run.learningRate());
    Json.put(root, "curvature", run.curvature());
  }

  /** The data trained on (and, between its fields as it always was, the run's time). */
  private static void data(ObjectNode root, DataSummary data, double seconds) {
    root.put("rows", data.rows());
    root.put("numFeatures", data.numFeatures());
    if (data.classCounts().length > 0) {
      ArrayNode counts = root.putArray("classCounts");
      for (long c : data.classCounts()) {
        counts.add(c);
      }
    }
    skipped(root, data.skipped());
    Json.put(root, "seconds", seconds);
    root.put("partitions", data.partitions());
    if (data.validationRows() > 0) {
      root.put("validationRows", data.validationRows());
    }
  }

  /** A classifier's scores: accuracy, AUC and the confusion matrix. */
  private static void scores(ObjectNode e, ClassifierScores sc) {
    e.put("data", sc.data());
    e.put("rows", sc.rows());
    Json.put(e, "accuracy", sc.accuracy());
    Json.put(e, "auc", sc.auc());
    e.put("aucAveraging", sc.microAveraged() ? "micro" : "binary");
    if (sc.microAveraged()) {
      Json.put(e, "microAuc", sc.microAuc());
    }
    ArrayNode matrix = e.putArray("confusionMatrix");
    for (double[] line : sc.confusion()) {
      ArrayNode l = matrix.addArray();
      for (double v : line) {
        l.add(v);
      }
    }
  }

  private static void epoch(ObjectNode n, EpochRecord e) {
    n.put("epoch", e.epoch());
    Json.put(n, "loss", e.loss());
    Json.put(n, "objective", e.objective());
    Json.put(n, "learningRate", e.learningRate());
    Json.put(n, "gradientNorm", e.gradientNorm());
    Json.put(n, "seconds", e.seconds());
    n.put("passes", e.passes());
    n.put("rounds", e.rounds());
    if (e.hasValidation()) {
      Json.put(n, "validationLoss", e.validationLoss());
      Json.put(n, "validationAccuracy", e.validationAccuracy());
    }
  }

  /**
   * {@code evaluation.json}: the metrics of an evaluation, and the records it skipped as
   * malformed.
   */
  public static byte[] evaluation(Map<String, Double> metrics, SkipReport skipped, String model,
      String input) {
    ObjectNode root = Json.MAPPER.createObjectNode();
    root.put("model", model);
    root.put("input", input);
    skipped(root, skipped);
    ObjectNode m = root.putObject("metrics");
    metrics.forEach((k, v) -> {
      if (k.equals("rows")) {
        m.put(k, v.longValue());
      } else {
        Json.put(m, k, v);
      }
    });
    return bytes(root);
  }

  private static void skipped(ObjectNode root, SkipReport skipped) {
    root.put("skippedRecords", skipped.count());
    ArrayNode examples = root.putArray("skippedExamples");
    for (SkipReport.Example e : skipped.examples()) {
      examples.addObject().put("location", e.location()).put("problem", e.problem());
    }
  }

  private static byte[] bytes(ObjectNode root) {
    try {
      return (Json.MAPPER.writeValueAsString(root) + "\n").getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
