package dev.descent.ml;

import dev.descent.Descent;
import dev.descent.config.Config;
import dev.descent.config.Settings;
import dev.descent.engine.TrainResult;
import dev.descent.loss.Losses;
import java.util.Map;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Descent as a Spark ML estimator: a pipeline stage that trains through the same engine as the
 * command line and the Java API, and yields a {@link DescentModel}.
 *
 * <pre>{@code
 * Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {
 *     new VectorAssembler().setInputCols(new String[] {"age", "income"}).setOutputCol("features"),
 *     new DescentEstimator().set("loss", "logistic").set("optimizer", "lbfgs")
 *         .set("regParam", "0.01")});
 * PipelineModel model = pipeline.fit(train);
 * model.transform(test);   // adds rawPrediction, probability and prediction
 * }</pre>
 *
 * <p>Params: every Descent setting except those about files (input, format, output, ...), with
 * the same name, default and validation as on the command line; and Spark ML's labelCol,
 * featuresCol, weightCol, predictionCol, probabilityCol and rawPredictionCol. Saved and loaded
 * with Spark ML's default params format, so a {@code Pipeline} holding it can be saved.
 */
public final class DescentEstimator extends Estimator<DescentModel>
    implements DefaultParamsWritable {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(DescentEstimator.class);

  private final String uid;
  private final DescentParams params;

  public DescentEstimator() {
    this(Identifiable.randomUID("descent"));
  }

  /** With a given uid (Spark ML's readers and copies use this). */
  public DescentEstimator(String uid) {
    this.uid = uid;
    this.params = new DescentParams(this);
  }

  @Override
  public String uid() {
    return uid;
  }

  @Override
  public Param<?>[] params() {
    return params.all();
  }

  /**
   * Sets a Descent setting from text, exactly as on the command line: {@code set("regParam",
   * "0.01")}, {@code set("learningRate", "auto")}.
   *
   * @throws dev.descent.config.ConfigException for a bad value, naming the allowed ones
   */
  public DescentEstimator set(String key, String value) {
    params.set(this, key, value);
    return this;
  }

  /** Several settings, as {@link #set(String, String)} each. */
  public DescentEstimator setAll(Map<String, String> settings) {
    settings.forEach(this::set);
    return this;
  }

  /** A Descent setting's value as text: as set, or its default. */
  public String getSetting(String key) {
    return params.text(this, key);
  }

  public DescentEstimator setLabelCol(String column) {
    set(params.labelCol, column);
    return this;
  }

  public DescentEstimator setFeaturesCol(String column) {
    set(params.featuresCol, column);
    return this;
  }

  public DescentEstimator setWeightCol(String column) {
    set(params.weightCol, column);
    return this;
  }

  public DescentEstimator setPredictionCol(String column) {
    set(params.predictionCol, column);
    return this;
  }

  public DescentEstimator setProbabilityCol(String column) {
    set(params.probabilityCol, column);
    return this;
  }

  public DescentEstimator setRawPredictionCol(String column) {
    set(params.rawPredictionCol, column);
    return this;
  }

  /**
   * Trains on the label, features and weight columns.
   *
   * @throws TrainingDivergedException if training diverged (no model is returned)
   * @throws dev.descent.data.DataException for bad rows, naming the column and record
   */
  @Override
  public DescentModel fit(Dataset<?> dataset) {
    transformSchema(dataset.schema(), true);
    Descent.Builder trainer = Descent.trainer().settings(config());
    TrainResult result = trainer.fit(dataset.toDF());
    trainer.notes().forEach(n -> LOG.warn("{}: note: {}", uid, n));
    if (result.diverged()) {
      throw new TrainingDivergedException(result);
    }
    DescentModel model = new DescentModel(uid, result.model(), result);
    return copyValues(model, ParamMap.empty()).setParent(this);
  }

  /** The Descent settings fit trains with. */
  Config config() {
    return params.config(this);
  }

  @Override
  public StructType transformSchema(StructType schema) {
    return params.transformSchema(this, schema,
        Losses.byName(getSetting(Settings.LOSS.key())), true);
  }

  @Override
  public DescentEstimator copy(ParamMap extra) {
    return defaultCopy(extra);
  }

  /** Spark ML's reader for saved estimators (as {@code DescentEstimator.load(path)} uses). */
  public static MLReader<DescentEstimator> read() {
    return new DefaultParamsReader<>();
  }

  public static DescentEstimator load(String path) {
    return read().load(path);
  }
}
