package dev.descent.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.descent.config.Config;
import dev.descent.config.ConfigException;
import dev.descent.data.DataException;
import dev.descent.io.CheckpointFile;
import dev.descent.optim.stopping.EpochRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything a resumed run needs, as plain data: the position (epoch, step, global step), the
 * parameters, the optimizer's state, a few scalars (resolved learning rate, curvature estimate,
 * initial objective, the current epoch's running sums) and the history. Also what defines the
 * run, checked on resume: the settings that change the result, and a fingerprint of the data
 * (rows, total weight, dimension, classes, rows per partition, which mini-batches depend on).
 */
final class Snapshot {
  static final int VERSION = 1;

  /**
   * Settings that change the result. Settings not listed (epochs, tolerance, output, input
   * paths, aggregationDepth, checkpoint settings) may change between a run and its resumption;
   * input settings are checked through the data fingerprint instead.
   */
  static final List<String> DEFINING = List.of("loss", "intercept", "standardize", "regParam",
      "elasticNet", "optimizer", "learningRate", "schedule", "decayRate", "decayEvery",
      "warmupEpochs", "batchSize", "seed", "momentum", "beta1", "beta2", "rho", "epsilon",
      "historySize", "numClasses", "classWeight", "initialModel", "priorRegParam",
      "validationFraction", "validationInput", "patience", "precision");

  final String kind;
  final long epoch;
  final long step;
  final long globalStep;
  final double[] theta;
  final Map<String, double[]> optimizerState;
  final double[] scalars;
  final List<EpochRecord> history;
  final Map<String, double[]> extras; // e.g. the best model so far under early stopping

  Snapshot(String kind, long epoch, long step, long globalStep, double[] theta,
      Map<String, double[]> optimizerState, double[] scalars, List<EpochRecord> history,
      Map<String, double[]> extras) {
    this.kind = kind;
    this.epoch = epoch;
    this.step = step;
    this.globalStep = globalStep;
    this.theta = theta;
    this.optimizerState = optimizerState;
    this.scalars = scalars;
    this.history = history;
    this.extras = extras;
  }

  CheckpointFile.Content encode(Config config, TrainingData data) {
    ObjectNode h = CheckpointFile.newHeader();
    h.put("version", VERSION);
    h.put("kind", kind);
    h.put("epoch", epoch);
    h.put("step", step);
    h.put("globalStep", globalStep);
    ObjectNode settings = h.putObject("settings");
    definingSettings(config).forEach(settings::put);
    ObjectNode d = h.putObject("data");
    d.put("rows", data.rows());
    d.put("weightSumBits", Double.doubleToLongBits(data.weightSum()));
    d.put("numFeatures", data.numFeatures());
    d.put("numClasses", data.numClasses());
    ArrayNode parts = d.putArray("partitionRows");
    for (long r : data.partitionRows()) {
      parts.add(r);
    }
    Map<String, double[]> arrays = new LinkedHashMap<>();
    arrays.put("theta", theta);
    arrays.put("scalars", scalars);
    optimizerState.forEach((k, v) -> arrays.put("optimizer." + k, v));
    extras.forEach((k, v) -> arrays.put("extra." + k, v));
    arrays.put("history", flatten(history));
    return new CheckpointFile.Content(h, arrays);
  }

  /** Number of partitions a checkpoint's data had, or 0 if unknown. */
  static int partitions(CheckpointFile.Content c) {
    return c.header().path("data").path("partitionRows").size();
  }

  /**
   * Decodes a checkpoint after checking that it belongs to this run.
   *
   * @throws ConfigException if a setting that defines the run changed
   * @throws DataException if the data differs
   */
  static Snapshot decode(CheckpointFile.Content c, String expectedKind, Config config,
      TrainingData data) {
    JsonNode h = c.header();
    if (h.path("version").asInt() != VERSION) {
      throw new ConfigException("resume", "the checkpoint has format version "
          + h.path("version").asInt() + "; this Descent reads version " + VERSION);
    }
    List<String> changed = new ArrayList<>();
    Map<String, String> now = definingSettings(config);
    JsonNode then = h.path("settings");
    for (Map.Entry<String, String> e : now.entrySet()) {
      String before = then.path(e.getKey()).asText(null);
      if (!e.getValue().equals(before)) {
        changed.add(e.getKey() + " (checkpoint: " + before + ", now: " + e.getValue() + ")");
      }
    }
    if (!changed.isEmpty()) {
      throw new ConfigException(changed.get(0).substring(0, changed.get(0).indexOf(' ')),
          "resume=true, but settings that define the run differ from the checkpoint's: "
              + String.join("; ", changed) + ". Resume with the original settings, or start a"
              + " new run with another checkpointDir.");
    }
    if (!h.path("kind").asText().equals(expectedKind)) {
      throw new ConfigException("optimizer", "the checkpoint is of a " + h.path("kind").asText()
          + " run, not " + expectedKind);
    }
    JsonNode d = h.path("data");
    String problem = null;
    if (d.path("numFeatures").asInt() != data.numFeatures()) {
      problem = "the data has " + data.numFeatures() + " features, the checkpoint's had "
          + d.path("numFeatures").asInt();
    } else if (d.path("numClasses").asInt() != data.numClasses()) {
      problem = "the data has " + data.numClasses() + " classes, the checkpoint's had "
          + d.path("numClasses").asInt();
    } else if (d.path("rows").asLong() != data.rows()
        || d.path("weightSumBits").asLong() != Double.doubleToLongBits(data.weightSum())) {
      problem = "the data has " + data.rows() + " rows (total weight " + data.weightSum()
          + "), the checkpoint's had " + d.path("rows").asLong() + " (total weight "
          + Double.longBitsToDouble(d.path("weightSumBits").asLong()) + ")";
    } else if (!samePartitions(d.path("partitionRows"), data.partitionRows())) {
      problem = "the data is split into partitions differently (" + data.numPartitions()
          + " partitions now, " + d.path("partitionRows").size() + " then), and mini-batches"
          + " depend on the split; set partitions=" + d.path("partitionRows").size();
    }
    if (problem != null) {
      throw DataException.of(data.source(), "cannot resume: " + problem);
    }
    Map<String, double[]> state = new LinkedHashMap<>();
    Map<String, double[]> extras = new LinkedHashMap<>();
    c.arrays().forEach((k, v) -> {
      if (k.startsWith("optimizer.")) {
        state.put(k.substring("optimizer.".length()), v);
      } else if (k.startsWith("extra.")) {
        extras.put(k.substring("extra.".length()), v);
      }
    });
    return new Snapshot(expectedKind, h.path("epoch").asLong(), h.path("step").asLong(),
        h.path("globalStep").asLong(), c.arrays().get("theta"), state,
        c.arrays().get("scalars"), unflatten(c.arrays().get("history")), extras);
  }

  private static boolean samePartitions(JsonNode then, long[] now) {
    if (then.size() != now.length) {
      return false;
    }
    for (int i = 0; i < now.length; i++) {
      if (then.get(i).asLong() != now[i]) {
        return false;
      }
    }
    return true;
  }

  static Map<String, String> definingSettings(Config config) {
    Map<String, String> all = config.effective();
    Map<String, String> out = new LinkedHashMap<>();
    for (String key : DEFINING) {
      out.put(key, all.get(key));
    }
    return out;
  }

  private static final int FIELDS = 9;

  private static double[] flatten(List<EpochRecord> history) {
    double[] a = new double[history.size() * FIELDS];
    int i = 0;
    for (EpochRecord r : history) {
      a[i++] = r.epoch();
      a[i++] = r.loss();
      a[i++] = r.objective();
      a[i++] = r.learningRate();
      a[i++] = r.gradientNorm();
      a[i++] = r.seconds();
      a[i++] = r.passes();
      a[i++] = r.validationLoss();
      a[i++] = r.validationAccuracy();
    }
    return a;
  }

  private static List<EpochRecord> unflatten(double[] a) {
    List<EpochRecord> out = new ArrayList<>();
    for (int i = 0; i + FIELDS <= a.length; i += FIELDS) {
      out.add(new EpochRecord((int) a[i], a[i + 1], a[i + 2], a[i + 3], a[i + 4], a[i + 5],
          (int) a[i + 6], a[i + 7], a[i + 8]));
    }
    return out;
  }
}
