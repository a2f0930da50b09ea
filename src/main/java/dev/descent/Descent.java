package dev.descent;

import dev.descent.config.Checks;
import dev.descent.config.Config;
import dev.descent.config.Inputs;
import dev.descent.config.Settings;
import dev.descent.data.LabelDomain;
import dev.descent.data.PackedPartition;
import dev.descent.data.RecordInput;
import dev.descent.engine.TrainResult;
import dev.descent.engine.Trainer;
import dev.descent.engine.TrainingData;
import dev.descent.engine.TrainingListener;
import dev.descent.loss.Losses;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.mllib.regression.LabeledPoint;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The Java API, for use inside other Spark jobs; the command line uses it too.
 *
 * <pre>{@code
 * TrainResult r = Descent.trainer()
 *     .set("loss", "logistic")
 *     .set("regParam", "0.01")
 *     .fit(labeledPoints);            // a JavaRDD<LabeledPoint>
 * LinearModel model = r.model();      // r.history(), r.status(), r.finalObjective() ...
 * }</pre>
 *
 * Settings are the command line's (same keys, defaults and validation); {@code input} and the
 * other input settings apply to {@link Trainer#fit(JavaSparkContext)} only.
 */
public final class Descent {
  private Descent() {}

  public static Builder trainer() {
    return new Builder();
  }

  /** Collects settings, then trains. Not thread-safe; cheap to create. */
  public static final class Builder {
    private Config config = Config.empty();
    private TrainingListener listener = TrainingListener.NONE;
    private List<String> notes = List.of();

    private Builder() {}

    /** One setting, validated now (ConfigException names the key and the allowed values). */
    public Builder set(String key, String value) {
      config = config.with(key, value);
      return this;
    }

    /** Settings from a {@link Config}, overriding those set so far. */
    public Builder settings(Config settings) {
      config = config.overriddenBy(settings);
      return this;
    }

    /** Called after every epoch with its record and the model so far. */
    public Builder listener(TrainingListener l) {
      listener = l;
      return this;
    }

    /** The settings as they stand. */
    public Config config() {
      return config;
    }

    /** Notes from the last fit about settings that had no effect. */
    public List<String> notes() {
      return notes;
    }

    /** Trains on the file(s) named by the {@code input} setting. */
    public TrainResult fit(JavaSparkContext jsc) {
      notes = Checks.forTraining(config);
      LabelDomain domain = Losses.byName(config.get(Settings.LOSS)).labelDomain();
      try (TrainingData data = TrainingData.read(jsc, Inputs.forTraining(config, domain),
          config.get(Settings.PRECISION))) {
        return new Trainer(config, listener).fit(data);
      }
    }

    /** Trains on MLlib labeled points (every row weighs 1). */
    public TrainResult fit(JavaRDD<LabeledPoint> points) {
      Config c = inMemory();
      LabelDomain domain = domain(c);
      JavaRDD<PackedPartition> packed = RecordInput.fromLabeledPoints(points, "LabeledPoint RDD",
          domain, classes(c), features(c), c.get(Settings.PRECISION));
      return fit(JavaSparkContext.fromSparkContext(points.context()), packed, "LabeledPoint RDD",
          c);
    }

    /**
     * Trains on a DataFrame with a numeric label column and a Spark ML vector column (as
     * VectorAssembler makes): {@code labelColumn} (default "label"), "features", and the
     * optional {@code weightColumn}.
     */
    public TrainResult fit(Dataset<Row> df) {
      Config c = inMemory();
      String label = c.isSet(Settings.LABEL_COLUMN) ? c.get(Settings.LABEL_COLUMN) : "label";
      JavaRDD<PackedPartition> packed = RecordInput.fromDataset(df, label, "features",
          c.get(Settings.WEIGHT_COLUMN), "DataFrame", domain(c), classes(c), features(c),
          c.get(Settings.PRECISION));
      return fit(JavaSparkContext.fromSparkContext(df.sparkSession().sparkContext()), packed,
          "DataFrame", c);
    }

    private TrainResult fit(JavaSparkContext jsc, JavaRDD<PackedPartition> packed, String source,
        Config c) {
      try (TrainingData data = TrainingData.of(jsc, packed, source, domain(c), features(c),
          classes(c))) {
        return new Trainer(c, listener).fit(data);
      }
    }

    /** In-memory data: no input path or format; the other checks still apply. */
    private Config inMemory() {
      notes = Checks.forTrainingInMemory(config);
      return config;
    }

    private static LabelDomain domain(Config c) {
      return Losses.byName(c.get(Settings.LOSS)).labelDomain();
    }

    private static int features(Config c) {
      Integer n = c.get(Settings.NUM_FEATURES);
      return n == null ? 0 : n;
    }

    private static int classes(Config c) {
      Integer n = c.get(Settings.NUM_CLASSES);
      return n == null ? 0 : n;
    }
  }
}
