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
 *
 * <p>(Over 300 lines: a typed setter and getter per setting, as Spark ML estimators have
 * them.)
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

  // ---- typed setters and getters, one pair per setting param (ParamsTest checks them against
  // the declarations in Settings: same keys, the param's own type) ----

  /** Sets {@code numFeatures} from text, as on the command line. */
  public DescentEstimator setNumFeatures(String value) {
    return set("numFeatures", value);
  }

  public String getNumFeatures() {
    return getSetting("numFeatures");
  }

  /** Sets {@code numClasses} from text, as on the command line. */
  public DescentEstimator setNumClasses(String value) {
    return set("numClasses", value);
  }

  public String getNumClasses() {
    return getSetting("numClasses");
  }

  /** Sets {@code onBadRecord} from text, as on the command line. */
  public DescentEstimator setOnBadRecord(String value) {
    return set("onBadRecord", value);
  }

  public String getOnBadRecord() {
    return getSetting("onBadRecord");
  }

  /** Sets {@code precision} from text, as on the command line. */
  public DescentEstimator setPrecision(String value) {
    return set("precision", value);
  }

  public String getPrecision() {
    return getSetting("precision");
  }

  /** Sets {@code loss} from text, as on the command line. */
  public DescentEstimator setLoss(String value) {
    return set("loss", value);
  }

  public String getLoss() {
    return getSetting("loss");
  }

  public DescentEstimator setIntercept(boolean value) {
    return setTyped("intercept", value);
  }

  public boolean getIntercept() {
    return (Boolean) getOrDefault(getParam("intercept"));
  }

  public DescentEstimator setStandardize(boolean value) {
    return setTyped("standardize", value);
  }

  public boolean getStandardize() {
    return (Boolean) getOrDefault(getParam("standardize"));
  }

  public DescentEstimator setRegParam(double value) {
    return setTyped("regParam", value);
  }

  public double getRegParam() {
    return (Double) getOrDefault(getParam("regParam"));
  }

  public DescentEstimator setElasticNet(double value) {
    return setTyped("elasticNet", value);
  }

  public double getElasticNet() {
    return (Double) getOrDefault(getParam("elasticNet"));
  }

  /** Sets {@code classWeight} from text, as on the command line. */
  public DescentEstimator setClassWeight(String value) {
    return set("classWeight", value);
  }

  public String getClassWeight() {
    return getSetting("classWeight");
  }

  /** Sets {@code initialModel} from text, as on the command line. */
  public DescentEstimator setInitialModel(String value) {
    return set("initialModel", value);
  }

  public String getInitialModel() {
    return getSetting("initialModel");
  }

  public DescentEstimator setPriorRegParam(double value) {
    return setTyped("priorRegParam", value);
  }

  public double getPriorRegParam() {
    return (Double) getOrDefault(getParam("priorRegParam"));
  }

  public DescentEstimator setValidationFraction(double value) {
    return setTyped("validationFraction", value);
  }

  public double getValidationFraction() {
    return (Double) getOrDefault(getParam("validationFraction"));
  }

  /** Sets {@code validationInput} from text, as on the command line. */
  public DescentEstimator setValidationInput(String value) {
    return set("validationInput", value);
  }

  public String getValidationInput() {
    return getSetting("validationInput");
  }

  public DescentEstimator setPatience(int value) {
    return setTyped("patience", value);
  }

  public int getPatience() {
    return (Integer) getOrDefault(getParam("patience"));
  }

  /** Sets {@code optimizer} from text, as on the command line. */
  public DescentEstimator setOptimizer(String value) {
    return set("optimizer", value);
  }

  public String getOptimizer() {
    return getSetting("optimizer");
  }

  /** Sets {@code learningRate} from text, as on the command line. */
  public DescentEstimator setLearningRate(String value) {
    return set("learningRate", value);
  }

  public String getLearningRate() {
    return getSetting("learningRate");
  }

  /** Sets {@code schedule} from text, as on the command line. */
  public DescentEstimator setSchedule(String value) {
    return set("schedule", value);
  }

  public String getSchedule() {
    return getSetting("schedule");
  }

  public DescentEstimator setDecayRate(double value) {
    return setTyped("decayRate", value);
  }

  public double getDecayRate() {
    return (Double) getOrDefault(getParam("decayRate"));
  }

  public DescentEstimator setDecayEvery(double value) {
    return setTyped("decayEvery", value);
  }

  public double getDecayEvery() {
    return (Double) getOrDefault(getParam("decayEvery"));
  }

  public DescentEstimator setWarmupEpochs(double value) {
    return setTyped("warmupEpochs", value);
  }

  public double getWarmupEpochs() {
    return (Double) getOrDefault(getParam("warmupEpochs"));
  }

  public DescentEstimator setEpochs(int value) {
    return setTyped("epochs", value);
  }

  public int getEpochs() {
    return (Integer) getOrDefault(getParam("epochs"));
  }

  /** Sets {@code batchSize} from text, as on the command line. */
  public DescentEstimator setBatchSize(String value) {
    return set("batchSize", value);
  }

  public String getBatchSize() {
    return getSetting("batchSize");
  }

  /** Sets {@code syncEvery} from text, as on the command line: step, N steps or epoch. */
  public DescentEstimator setSyncEvery(String value) {
    return set("syncEvery", value);
  }

  public String getSyncEvery() {
    return getSetting("syncEvery");
  }

  public DescentEstimator setTolerance(double value) {
    return setTyped("tolerance", value);
  }

  public double getTolerance() {
    return (Double) getOrDefault(getParam("tolerance"));
  }

  public DescentEstimator setSeed(long value) {
    return setTyped("seed", value);
  }

  public long getSeed() {
    return (Long) getOrDefault(getParam("seed"));
  }

  public DescentEstimator setMomentum(double value) {
    return setTyped("momentum", value);
  }

  public double getMomentum() {
    return (Double) getOrDefault(getParam("momentum"));
  }

  public DescentEstimator setBeta1(double value) {
    return setTyped("beta1", value);
  }

  public double getBeta1() {
    return (Double) getOrDefault(getParam("beta1"));
  }

  public DescentEstimator setBeta2(double value) {
    return setTyped("beta2", value);
  }

  public double getBeta2() {
    return (Double) getOrDefault(getParam("beta2"));
  }

  public DescentEstimator setRho(double value) {
    return setTyped("rho", value);
  }

  public double getRho() {
    return (Double) getOrDefault(getParam("rho"));
  }

  public DescentEstimator setEpsilon(double value) {
    return setTyped("epsilon", value);
  }

  public double getEpsilon() {
    return (Double) getOrDefault(getParam("epsilon"));
  }

  public DescentEstimator setHistorySize(int value) {
    return setTyped("historySize", value);
  }

  public int getHistorySize() {
    return (Integer) getOrDefault(getParam("historySize"));
  }

  /** Sets {@code aggregationDepth} from text, as on the command line. */
  public DescentEstimator setAggregationDepth(String value) {
    return set("aggregationDepth", value);
  }

  public String getAggregationDepth() {
    return getSetting("aggregationDepth");
  }

  /** Sets {@code checkpointDir} from text, as on the command line. */
  public DescentEstimator setCheckpointDir(String value) {
    return set("checkpointDir", value);
  }

  public String getCheckpointDir() {
    return getSetting("checkpointDir");
  }

  /** Sets {@code checkpointEvery} from text, as on the command line. */
  public DescentEstimator setCheckpointEvery(String value) {
    return set("checkpointEvery", value);
  }

  public String getCheckpointEvery() {
    return getSetting("checkpointEvery");
  }

  public DescentEstimator setResume(boolean value) {
    return setTyped("resume", value);
  }

  public boolean getResume() {
    return (Boolean) getOrDefault(getParam("resume"));
  }

  public DescentEstimator setDiscardCheckpoints(boolean value) {
    return setTyped("discardCheckpoints", value);
  }

  public boolean getDiscardCheckpoints() {
    return (Boolean) getOrDefault(getParam("discardCheckpoints"));
  }

  /** {@code learningRate} as a number (> 0); {@link #setLearningRate(String)} takes "auto". */
  public DescentEstimator setLearningRate(double value) {
    return set("learningRate", Double.toString(value));
  }

  /** {@code batchSize} as a row count; {@link #setBatchSize(String)} takes "all" or "1%". */
  public DescentEstimator setBatchSize(int rows) {
    return set("batchSize", Integer.toString(rows));
  }

  public DescentEstimator setNumFeatures(int value) {
    return set("numFeatures", Integer.toString(value));
  }

  public DescentEstimator setNumClasses(int value) {
    return set("numClasses", Integer.toString(value));
  }

  /** Sets a typed param, checked by the setting's own parser (ConfigException if bad). */
  @SuppressWarnings("unchecked")
  private DescentEstimator setTyped(String key, Object value) {
    set((Param<Object>) getParam(key), value);
    return this;
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

  /**
   * Spark ML's reader for saved estimators (as {@code DescentEstimator.load(path)} uses). It
   * names this class itself rather than looking up the class the metadata names, which a Spark
   * Connect server allows only for classes registered with it.
   */
  public static MLReader<DescentEstimator> read() {
    return new Reader();
  }

  private static final class Reader extends MLReader<DescentEstimator> {
    @Override
    @SuppressWarnings("deprecation") // the SparkContext form, for Spark 3.5 too (DescentModel)
    public DescentEstimator load(String path) {
      DefaultParamsReader.Metadata metadata =
          DefaultParamsReader.loadMetadata(path, sc(), DescentEstimator.class.getName());
      DescentEstimator e = new DescentEstimator(metadata.uid());
      metadata.getAndSetParams(e, scala.Option.empty());
      return e;
    }
  }

  public static DescentEstimator load(String path) {
    return read().load(path);
  }
}
