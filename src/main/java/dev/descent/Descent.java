package dev.descent;

import dev.descent.config.Checks;
import dev.descent.config.Config;
import dev.descent.config.Inputs;
import dev.descent.config.Settings;
import dev.descent.data.LabelDomain;
import dev.descent.data.PackedPartition;
import dev.descent.data.RecordInput;
import dev.descent.data.SkipReport;
import dev.descent.data.FrameSpec;
import dev.descent.engine.Checkpoints;
import dev.descent.engine.ClassifierEvaluation;
import dev.descent.engine.ClassifierScores;
import dev.descent.engine.DriverMemory;
import dev.descent.engine.FatalErrors;
import dev.descent.engine.Frames;
import dev.descent.engine.ModelStore;
import dev.descent.engine.TrainResult;
import dev.descent.engine.Trainer;
import dev.descent.engine.TrainingData;
import dev.descent.engine.TrainingListener;
import dev.descent.loss.Losses;
import dev.descent.model.LinearModel;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.mllib.regression.LabeledPoint;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

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
 * A classifier is also scored once after training, on the validation rows if there are any,
 * else on the training rows: {@link TrainResult#scores()} holds its ROC curve and confusion
 * matrix.
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
    private boolean scoreClassifiers;
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

    /**
     * Also score a trained classifier on its validation rows (or else its training rows) for the
     * report's ROC curve and confusion matrix: three more Spark jobs, two of them sorts, so off
     * unless asked for (the command line asks when it writes an output).
     */
    public Builder scoreClassifiers(boolean score) {
      scoreClassifiers = score;
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

    /**
     * Trains on the file(s) named by the {@code input} setting: text (LIBSVM, CSV), or a Spark
     * data source such as Parquet.
     */
    public TrainResult fit(JavaSparkContext jsc) {
      return FatalErrors.guard(jsc, () -> fitInput(jsc));
    }

    private TrainResult fitInput(JavaSparkContext jsc) {
      notes = Checks.forTraining(config);
      DriverMemory.checkSettings(config, jsc);
      try (Checkpoints checkpoints = claim(jsc)) {
        Config c = config;
        int partitions = Trainer.partitionsToResume(c, checkpoints);
        if (partitions > 0) {
          c = c.with(Settings.PARTITIONS.key(), Integer.toString(partitions));
        }
        LinearModel initial = initialModel(jsc);
        TrainingData data = Checks.sparkSource(c) != null
            ? frame(jsc, Inputs.frameForTraining(c, domain(c)), c)
            : TrainingData.read(jsc, Inputs.forTraining(c, domain(c)),
                c.get(Settings.PRECISION));
        return train(jsc, data, c, initial, checkpoints);
      }
    }

    /** The checkpointDir, claimed for this run (null without one); see Checkpoints. */
    private Checkpoints claim(JavaSparkContext jsc) {
      return Checkpoints.claim(config, jsc.hadoopConfiguration(), listener::onNote);
    }

    private static TrainingData frame(JavaSparkContext jsc, FrameSpec spec, Config c) {
      SparkSession spark = SparkSession.builder().sparkContext(jsc.sc()).getOrCreate();
      return Frames.training(Frames.read(spark, spec), spec.columns(), spec.path(),
          spec.domain(), spec.numFeatures(), spec.numClasses(), Inputs.skipsBadRecords(c),
          c.get(Settings.PRECISION));
    }

    /** Trains on MLlib labeled points (every row weighs 1). */
    public TrainResult fit(JavaRDD<LabeledPoint> points) {
      JavaSparkContext jsc = JavaSparkContext.fromSparkContext(points.context());
      return FatalErrors.guard(jsc, () -> fitPoints(jsc, points));
    }

    private TrainResult fitPoints(JavaSparkContext jsc, JavaRDD<LabeledPoint> points) {
      Config c = inMemory();
      DriverMemory.checkSettings(c, jsc);
      try (Checkpoints checkpoints = claim(jsc)) {
        LinearModel initial = initialModel(jsc);
        JavaRDD<PackedPartition> packed = RecordInput.fromLabeledPoints(points,
            "LabeledPoint RDD", domain(c), classes(c), features(c), Inputs.skipsBadRecords(c),
            c.get(Settings.PRECISION));
        return train(jsc, TrainingData.of(jsc, packed, "LabeledPoint RDD", domain(c),
            features(c), classes(c)), c, initial, checkpoints);
      }
    }

    /**
     * Trains on a DataFrame: a numeric label column ({@code labelColumn}, "label" unless set),
     * the features as a Spark ML vector column (as VectorAssembler makes; {@code featuresColumn},
     * "features" unless set), an array-of-numbers column, or numeric columns
     * ({@code featureColumns}), and optionally an instance-weight column ({@code weightColumn}).
     * The DataFrame's partitions are kept.
     */
    public TrainResult fit(Dataset<Row> df) {
      JavaSparkContext jsc = JavaSparkContext.fromSparkContext(df.sparkSession().sparkContext());
      return FatalErrors.guard(jsc, () -> fitFrame(jsc, df));
    }

    private TrainResult fitFrame(JavaSparkContext jsc, Dataset<Row> df) {
      Config c = inMemory();
      DriverMemory.checkSettings(c, jsc);
      try (Checkpoints checkpoints = claim(jsc)) {
        LinearModel initial = initialModel(jsc);
        return train(jsc, Frames.training(df, Inputs.columns(c), "DataFrame", domain(c),
            features(c), classes(c), Inputs.skipsBadRecords(c), c.get(Settings.PRECISION)), c,
            initial, checkpoints);
      }
    }

    /**
     * Holds out validation rows or reads validation data, applies class weights, trains, scores
     * a classifier for the report while the data is still cached, and releases every cached
     * data set, whatever happens.
     */
    private TrainResult train(JavaSparkContext jsc, TrainingData read, Config c,
        LinearModel initial, Checkpoints checkpoints) {
      TrainingData data = read;
      TrainingData validation = null;
      double[] classFactors = null;
      SkipReport skipped = read.skipped();
      try {
        DriverMemory.checkData(c, data);
        double fraction = c.get(Settings.VALIDATION_FRACTION);
        if (fraction > 0) {
          TrainingData[] parts = data.split(fraction, c.get(Settings.SEED));
          data = parts[0];
          validation = parts[1];
        } else if (c.get(Settings.VALIDATION_INPUT) != null) {
          validation = Checks.sparkSource(c) != null
              ? frame(jsc, Inputs.frameForValidation(c, domain(c), data.numFeatures(),
                  data.numClasses()), c)
              : TrainingData.read(jsc, Inputs.forValidation(c, domain(c), data.numFeatures(),
                  data.numClasses()).withFeatureNames(data.featureNames()),
                  c.get(Settings.PRECISION));
        }
        if (c.get(Settings.CLASS_WEIGHT).equals("balanced")) {
          classFactors = data.balancedClassWeights();
          data = data.reweighted(classFactors);
        }
        TrainResult result = new Trainer(c, listener, checkpoints).fit(data, validation, initial)
            .withSkipped(skipped);
        if (!scoreClassifiers || !result.model().isClassifier() || result.diverged()) {
          return result;
        }
        int depth = c.get(Settings.AGGREGATION_DEPTH).levels(data.numPartitions(),
            result.model().outputs());
        ClassifierScores scores = validation != null
            ? ClassifierEvaluation.of(validation, result.model(), "validation", null, depth)
            : ClassifierEvaluation.of(data, result.model(), "training", classFactors, depth);
        return result.withScores(scores);
      } finally {
        data.close();
        if (validation != null) {
          validation.close();
        }
      }
    }

    private LinearModel initialModel(JavaSparkContext jsc) {
      String location = config.get(Settings.INITIAL_MODEL);
      if (location == null) {
        return null;
      }
      try {
        return ModelStore.load(location, jsc.hadoopConfiguration(), listener::onNote);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException("cannot read initialModel " + location + ": "
            + e.getMessage(), e);
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
