package dev.descent;

import dev.descent.config.Checks;
import dev.descent.config.Config;
import dev.descent.config.ConfigException;
import dev.descent.config.Inputs;
import dev.descent.config.RunPlans;
import dev.descent.config.Settings;
import dev.descent.data.LabelDomain;
import dev.descent.data.SettingException;
import dev.descent.data.SkipReport;
import dev.descent.engine.Checkpoints;
import dev.descent.engine.ClassifierEvaluation;
import dev.descent.engine.ClassifierScores;
import dev.descent.engine.DataStatistics;
import dev.descent.engine.DriverMemory;
import dev.descent.engine.FatalErrors;
import dev.descent.engine.TrainResult;
import dev.descent.engine.Trainer;
import dev.descent.engine.TrainingData;
import dev.descent.engine.TrainingListener;
import dev.descent.engine.TrainingPlan;
import dev.descent.engine.ValidationSplit;
import dev.descent.input.FrameSpec;
import dev.descent.input.InputSpec;
import dev.descent.input.Frames;
import dev.descent.input.PackedRows;
import dev.descent.input.TrainingInput;
import dev.descent.model.LinearModel;
import dev.descent.model.ModelStore;
import java.util.List;
import java.util.function.Supplier;
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
 * other input settings apply to {@link Builder#fit(JavaSparkContext)} only. A setting at fault,
 * whether found by the checks or where the run meets its data, checkpoints or initial model, is
 * a {@link ConfigException} naming it.
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
      return FatalErrors.guard(jsc, () -> settingErrors(() -> fitInput(jsc)));
    }

    private TrainResult fitInput(JavaSparkContext jsc) {
      notes = Checks.forTraining(config);
      TrainingPlan planned = RunPlans.training(config);
      DriverMemory.checkSettings(planned, jsc);
      try (Checkpoints checkpoints = claim(planned, jsc)) {
        Config c = config;
        int partitions = checkpoints == null || c.get(Settings.PARTITIONS) != null ? 0
            : checkpoints.resumablePartitions();
        if (partitions > 0) {
          c = c.with(Settings.PARTITIONS.key(), Integer.toString(partitions));
        }
        TrainingPlan plan = RunPlans.training(c);
        LinearModel initial = initialModel(jsc);
        TrainingData data = Checks.sparkSource(c) != null
            ? TrainingData.forTraining(frame(jsc, Inputs.frameForTraining(c, domain(plan)), c,
                plan), plan)
            : text(jsc, Inputs.forTraining(c, domain(plan)), plan);
        return train(jsc, data, c, plan, initial, checkpoints);
      }
    }

    /** Text input, with a note when a CSV header's feature names cannot be recorded. */
    private TrainingData text(JavaSparkContext jsc, InputSpec spec, TrainingPlan plan) {
      TrainingData data = TrainingData.forTraining(TrainingInput.text(jsc, spec,
          plan.execution().precision()), plan);
      TrainingInput.unrecordedNames(spec, data.featureNames()).ifPresent(listener::onNote);
      return data;
    }

    /** The checkpointDir, claimed for this run (null without one); see Checkpoints. */
    private Checkpoints claim(TrainingPlan plan, JavaSparkContext jsc) {
      return Checkpoints.claim(plan.checkpointing(), jsc.hadoopConfiguration(),
          listener::onNote);
    }

    private static PackedRows frame(JavaSparkContext jsc, FrameSpec spec, Config c,
        TrainingPlan plan) {
      SparkSession spark = SparkSession.builder().sparkContext(jsc.sc()).getOrCreate();
      Integer partitions = c.get(Settings.PARTITIONS);
      return TrainingInput.files(Frames.read(spark, spec), spec,
          partitions == null ? 0 : partitions, Inputs.skipsBadRecords(c),
          plan.execution().precision());
    }

    /** Trains on MLlib labeled points (every row weighs 1). */
    public TrainResult fit(JavaRDD<LabeledPoint> points) {
      JavaSparkContext jsc = JavaSparkContext.fromSparkContext(points.context());
      return FatalErrors.guard(jsc, () -> settingErrors(() -> fitPoints(jsc, points)));
    }

    private TrainResult fitPoints(JavaSparkContext jsc, JavaRDD<LabeledPoint> points) {
      TrainingPlan plan = inMemory();
      DriverMemory.checkSettings(plan, jsc);
      try (Checkpoints checkpoints = claim(plan, jsc)) {
        LinearModel initial = initialModel(jsc);
        return train(jsc, TrainingData.forTraining(TrainingInput.labeledPoints(points,
            "LabeledPoint RDD", domain(plan), features(plan), classes(plan),
            Inputs.skipsBadRecords(config), plan.execution().precision()), plan), config, plan,
            initial, checkpoints);
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
      return FatalErrors.guard(jsc, () -> settingErrors(() -> fitFrame(jsc, df)));
    }

    private TrainResult fitFrame(JavaSparkContext jsc, Dataset<Row> df) {
      TrainingPlan plan = inMemory();
      DriverMemory.checkSettings(plan, jsc);
      try (Checkpoints checkpoints = claim(plan, jsc)) {
        LinearModel initial = initialModel(jsc);
        return train(jsc, TrainingData.forTraining(TrainingInput.frame(df,
            Inputs.columns(config), "DataFrame", domain(plan), features(plan), classes(plan),
            Inputs.skipsBadRecords(config), plan.execution().precision()), plan), config, plan,
            initial, checkpoints);
      }
    }

    /**
     * Holds out validation rows or reads validation data, applies class weights, trains, scores
     * a classifier for the report while the data is still cached, and releases every cached
     * data set, whatever happens.
     */
    private TrainResult train(JavaSparkContext jsc, TrainingData read, Config c,
        TrainingPlan plan, LinearModel initial, Checkpoints checkpoints) {
      TrainingData data = read;
      TrainingData validation = null;
      double[] classFactors = null;
      SkipReport skipped = read.skipped();
      try {
        DriverMemory.checkData(plan, data);
        if (plan.validation().fraction() > 0) {
          ValidationSplit split = ValidationSplit.of(data, plan.validation().fraction(),
              plan.steps());
          data = split.training();
          validation = split.validation();
        } else if (plan.validation().input() != null) {
          validation = Checks.sparkSource(c) != null
              ? TrainingData.of(frame(jsc, Inputs.frameForValidation(c, domain(plan),
                  data.numFeatures(), data.numClasses()), c, plan))
              : TrainingData.of(TrainingInput.text(jsc, Inputs.forValidation(c, domain(plan),
                  data.numFeatures(), data.numClasses()).withFeatureNames(data.featureNames()),
                  plan.execution().precision()));
        }
        if (plan.balanceClasses()) {
          classFactors = DataStatistics.balancedClassWeights(data);
          data = data.reweighted(classFactors);
        }
        TrainResult result = new Trainer(plan, listener, checkpoints)
            .fit(data, validation, initial).withSkipped(skipped);
        if (!scoreClassifiers || !result.model().isClassifier() || result.diverged()) {
          return result;
        }
        int depth = plan.execution().aggregationDepth().levels(data.numPartitions(),
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

    /** Runs a fit, reporting the engine's setting errors as the API's ConfigException. */
    private static TrainResult settingErrors(Supplier<TrainResult> fit) {
      try {
        return fit.get();
      } catch (SettingException e) {
        throw ConfigException.of(e);
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
    private TrainingPlan inMemory() {
      notes = Checks.forTrainingInMemory(config);
      return RunPlans.training(config);
    }

    private static LabelDomain domain(TrainingPlan plan) {
      return plan.model().loss().labelDomain();
    }

    private static int features(TrainingPlan plan) {
      Integer n = plan.model().numFeatures();
      return n == null ? 0 : n;
    }

    private static int classes(TrainingPlan plan) {
      Integer n = plan.model().numClasses();
      return n == null ? 0 : n;
    }
  }
}
