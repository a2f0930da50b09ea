package dev.descent.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.descent.data.DataException;
import dev.descent.data.SettingException;
import dev.descent.io.CheckpointFile;
import dev.descent.optim.stopping.EpochRecord;
import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link LoopState} as a checkpoint's content, every value by name: the position in the JSON
 * header, and each array and scalar as a named array of doubles (bitwise, NaN included). Also
 * what identifies the run, checked on resume: the settings that define it, and a fingerprint of
 * the data (rows, total weight, dimension, classes, rows per partition, which mini-batches
 * depend on).
 *
 * <p>Version 3 (named scalars and history fields). Version 2 differs only in what a momentum
 * rule's velocity meant in rounds of local steps (the driver's momentum over rounds, before
 * momentum moved into the rounds): it is read unless it holds a velocity and its run had rounds,
 * which is refused rather than resumed with another meaning. Version 1 checkpoints (a
 * {@code scalars} array read by position) are refused. Refusals say what to do.
 */
final class Snapshot {
  static final int VERSION = 3;

  /**
   * What a checkpoint must match to be resumed.
   *
   * @param settings the settings that define the run, as text
   * @param data the data's fingerprint
   * @param same whether a checkpoint's text of a setting gives the same value as this run's
   */
  record Identity(Map<String, String> settings, Fingerprint data, SameSetting same) {
    /** An identity whose settings match a checkpoint's only as equal texts. */
    Identity(Map<String, String> settings, Fingerprint data) {
      this(settings, data, SameSetting.TEXT);
    }
  }

  /** What tells the data apart, as far as a resumed run depends on it. */
  record Fingerprint(long rows, double weightSum, int numFeatures, int numClasses,
      long[] partitionRows) {

    static Fingerprint of(TrainingData data) {
      return new Fingerprint(data.rows(), data.weightSum(), data.numFeatures(),
          data.numClasses(), data.partitionRows());
    }
  }

  private static final String THETA = "theta";
  private static final String OPTIMIZER = "optimizer.";
  private static final String HISTORY = "history.";

  private Snapshot() {}

  static CheckpointFile.Content encode(LoopState s, Identity id) {
    ObjectNode h = CheckpointFile.newHeader();
    h.put("version", VERSION);
    h.put("kind", s.kind().label);
    h.put("epoch", s.epoch());
    h.put("step", s.step());
    h.put("globalStep", s.globalStep());
    ObjectNode settings = h.putObject("settings");
    id.settings().forEach(settings::put);
    ObjectNode d = h.putObject("data");
    d.put("rows", id.data().rows());
    d.put("weightSumBits", Double.doubleToLongBits(id.data().weightSum()));
    d.put("numFeatures", id.data().numFeatures());
    d.put("numClasses", id.data().numClasses());
    ArrayNode parts = d.putArray("partitionRows");
    for (long r : id.data().partitionRows()) {
      parts.add(r);
    }
    Map<String, double[]> arrays = new LinkedHashMap<>();
    arrays.put(THETA, s.theta());
    s.optimizer().forEach((k, v) -> arrays.put(OPTIMIZER + k, v));
    scalars(s).forEach((k, v) -> arrays.put(k, new double[] {v}));
    if (s.best() != null) {
      arrays.put("best.theta", s.best().theta());
    }
    arrays.putAll(history(s.history()));
    return new CheckpointFile.Content(h, arrays);
  }

  /** The loop's scalars by name; the best epoch's only under early stopping. */
  private static Map<String, Double> scalars(LoopState s) {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("baseRate", s.baseRate());
    m.put("curvature", s.curvature());
    m.put("initialObjective", s.initialObjective());
    LoopState.EpochSums e = s.sums();
    m.put("epoch.lossSum", e.lossSum());
    m.put("epoch.objectiveSum", e.objectiveSum());
    m.put("epoch.weightSum", e.weightSum());
    m.put("epoch.lastRate", e.lastRate());
    m.put("epoch.lastNorm", e.lastNorm());
    m.put("epoch.nanos", (double) e.nanos());
    if (s.best() != null) {
      m.put("best.epoch", (double) s.best().epoch());
      m.put("best.loss", s.best().loss());
    }
    return m;
  }

  /** Number of partitions a checkpoint's data had, or 0 if unknown. */
  static int partitions(CheckpointFile.Content c) {
    return c.header().path("data").path("partitionRows").size();
  }

  /**
   * Decodes a checkpoint after checking that it belongs to this run.
   *
   * @param source the data as messages name it
   * @throws SettingException if a setting that defines the run changed, or the checkpoint is of
   *     another version or loop
   * @throws DataException if the data differs
   */
  static LoopState decode(CheckpointFile.Content c, LoopState.Kind expected, Identity id,
      String source) {
    JsonNode h = c.header();
    int version = h.path("version").asInt();
    if (version != VERSION && !(version == 2 && !roundVelocity(c, h))) {
      throw new SettingException("resume", "the checkpoint has format version " + version
          + (version == 2 ? " and a momentum velocity of rounds of local steps, which this"
          + " Descent keeps differently" : "") + "; this Descent reads version " + VERSION
          + ": resume it with the Descent that wrote it, or start afresh"
          + " (discardCheckpoints=true, or another checkpointDir)");
    }
    checkSettings(h.path("settings"), id.settings(), id.same());
    if (!h.path("kind").asText().equals(expected.label)) {
      throw new SettingException("optimizer", "the checkpoint is of a "
          + h.path("kind").asText() + " run, not " + expected.label);
    }
    String problem = dataProblem(h.path("data"), id.data());
    if (problem != null) {
      throw DataException.of(source, "cannot resume: " + problem);
    }
    checkPartitions(h.path("data"), id.data());
    Map<String, double[]> a = c.arrays();
    Map<String, double[]> optimizer = new LinkedHashMap<>();
    a.forEach((k, v) -> {
      if (k.startsWith(OPTIMIZER)) {
        optimizer.put(k.substring(OPTIMIZER.length()), v);
      }
    });
    LoopState.Best best = a.containsKey("best.theta") ? new LoopState.Best(a.get("best.theta"),
        (int) scalar(a, "best.epoch"), scalar(a, "best.loss")) : null;
    LoopState.EpochSums sums = new LoopState.EpochSums(scalar(a, "epoch.lossSum"),
        scalar(a, "epoch.objectiveSum"), scalar(a, "epoch.weightSum"),
        scalar(a, "epoch.lastRate"), scalar(a, "epoch.lastNorm"),
        (long) scalar(a, "epoch.nanos"));
    return new LoopState(expected, h.path("epoch").asLong(), h.path("step").asLong(),
        h.path("globalStep").asLong(), array(a, THETA), optimizer, scalar(a, "baseRate"),
        scalar(a, "curvature"), scalar(a, "initialObjective"), sums, history(a), best);
  }

  /** Whether a checkpoint holds a momentum velocity of a run with rounds of local steps. */
  private static boolean roundVelocity(CheckpointFile.Content c, JsonNode h) {
    return c.arrays().containsKey(OPTIMIZER + "velocity")
        && !h.path("settings").path("syncEvery").asText("step").equals("step");
  }

  /** Refuses a checkpoint whose run-defining settings differ from this run's. */
  private static void checkSettings(JsonNode then, Map<String, String> now, SameSetting same) {
    List<String> changed = new ArrayList<>();
    String first = null;
    for (Map.Entry<String, String> e : now.entrySet()) {
      String before = then.path(e.getKey()).asText(null);
      if (!same.same(e.getKey(), before, e.getValue())) {
        first = first == null ? e.getKey() : first;
        changed.add(e.getKey() + " (checkpoint: " + before + ", now: " + e.getValue() + ")");
      }
    }
    if (first != null) {
      throw new SettingException(first, "resume=true, but settings that define the run differ"
          + " from the checkpoint's: " + String.join("; ", changed) + ". Resume with the"
          + " original settings, or start a new run with another checkpointDir.");
    }
  }

  /**
   * Refuses the same data split into partitions differently: mini-batches, and with local steps
   * the steps themselves, depend on the split, so the partitioning defines the run.
   */
  private static void checkPartitions(JsonNode d, Fingerprint now) {
    long[] then = new long[d.path("partitionRows").size()];
    for (int i = 0; i < then.length; i++) {
      then[i] = d.path("partitionRows").get(i).asLong();
    }
    if (!Arrays.equals(then, now.partitionRows())) {
      throw new SettingException("partitions", "resume=true, but the data is split into"
          + " partitions differently from the checkpoint's run (" + now.partitionRows().length
          + " partitions now, " + then.length + " then), and mini-batches and local steps"
          + " depend on the split: resume with partitions=" + then.length + " (and the same"
          + " input files), or start a new run with another checkpointDir.");
    }
  }

  /** How the data differs from the checkpoint's, or null. */
  private static String dataProblem(JsonNode d, Fingerprint now) {
    if (d.path("numFeatures").asInt() != now.numFeatures()) {
      return "the data has " + now.numFeatures() + " features, the checkpoint's had "
          + d.path("numFeatures").asInt();
    }
    if (d.path("numClasses").asInt() != now.numClasses()) {
      return "the data has " + now.numClasses() + " classes, the checkpoint's had "
          + d.path("numClasses").asInt();
    }
    if (d.path("rows").asLong() != now.rows()
        || d.path("weightSumBits").asLong() != Double.doubleToLongBits(now.weightSum())) {
      return "the data has " + now.rows() + " rows (total weight " + now.weightSum()
          + "), the checkpoint's had " + d.path("rows").asLong() + " (total weight "
          + Double.longBitsToDouble(d.path("weightSumBits").asLong()) + ")";
    }
    long[] then = new long[d.path("partitionRows").size()];
    for (int i = 0; i < then.length; i++) {
      then[i] = d.path("partitionRows").get(i).asLong();
    }
    return null;
  }

  private static double[] array(Map<String, double[]> a, String name) {
    double[] v = a.get(name);
    if (v == null) {
      throw new IllegalArgumentException("the checkpoint has no " + name);
    }
    return v;
  }

  private static double scalar(Map<String, double[]> a, String name) {
    return array(a, name)[0];
  }

  // ---- The history: one array per field of EpochRecord, named after it ----

  private static Map<String, double[]> history(List<EpochRecord> history) {
    Map<String, double[]> out = new LinkedHashMap<>();
    try {
      for (RecordComponent field : EpochRecord.class.getRecordComponents()) {
        double[] column = new double[history.size()];
        for (int i = 0; i < column.length; i++) {
          column[i] = ((Number) field.getAccessor().invoke(history.get(i))).doubleValue();
        }
        out.put(HISTORY + field.getName(), column);
      }
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
    return out;
  }

  private static List<EpochRecord> history(Map<String, double[]> a) {
    RecordComponent[] fields = EpochRecord.class.getRecordComponents();
    Class<?>[] types = new Class<?>[fields.length];
    double[][] columns = new double[fields.length][];
    for (int f = 0; f < fields.length; f++) {
      types[f] = fields[f].getType();
      columns[f] = fields[f].getName().equals("rounds") && !a.containsKey(HISTORY + "rounds")
          ? array(a, HISTORY + "passes") // written before rounds: one per pass
          : array(a, HISTORY + fields[f].getName());
    }
    List<EpochRecord> out = new ArrayList<>();
    try {
      Constructor<EpochRecord> make = EpochRecord.class.getDeclaredConstructor(types);
      for (int i = 0; i < columns[0].length; i++) {
        Object[] values = new Object[fields.length];
        for (int f = 0; f < fields.length; f++) {
          values[f] = types[f] == int.class ? (Object) (int) columns[f][i] : columns[f][i];
        }
        out.add(make.newInstance(values));
      }
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
    return out;
  }
}
