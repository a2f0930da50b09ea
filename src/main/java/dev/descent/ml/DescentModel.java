package dev.descent.ml;

import dev.descent.engine.TrainResult;
import dev.descent.model.LinearModel;
import dev.descent.model.ModelJson;
import dev.descent.model.ModelStore;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWriter;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import scala.Option;

/**
 * A trained Descent model as a Spark ML transformer. {@link #transform} adds the columns Spark
 * ML's own models add: {@code prediction} (a double; the class index 0..K-1 for classifiers),
 * and for classifiers {@code rawPrediction} (a vector: (-m, m) for a binary model with margin m,
 * the K margins for softmax) and, for logistic and softmax, {@code probability} (a vector of
 * class probabilities). Setting an output column's param to "" leaves that column out.
 *
 * <p>Saved with Spark ML's conventions: the params metadata (as DefaultParamsWriter writes it)
 * and Descent's {@code model.json} in the same directory, so pipelines holding it save and load.
 * {@link #toSparkML()} converts it to Spark ML's own LogisticRegressionModel,
 * LinearRegressionModel or LinearSVCModel.
 */
public final class DescentModel extends Model<DescentModel> implements MLWritable {
  private static final long serialVersionUID = 1L;
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(
      DescentModel.class);

  private final String uid;
  private final LinearModel model;
  private final transient TrainResult summary;
  private final DescentParams params;

  /** Wraps a model (for example one the command line wrote, read with ModelJson.read). */
  public DescentModel(LinearModel model) {
    this(Identifiable.randomUID("descent"), model, null);
  }

  public DescentModel(String uid, LinearModel model) {
    this(uid, model, null);
  }

  DescentModel(String uid, LinearModel model, TrainResult summary) {
    this.uid = uid;
    this.model = model;
    this.summary = summary;
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

  /** The model: weights and intercepts on the original feature scale. */
  public LinearModel linearModel() {
    return model;
  }

  /** Whether this model was trained in this JVM and so has its training run's result. */
  public boolean hasSummary() {
    return summary != null;
  }

  /**
   * The training run: per-epoch history, status, objective, timings.
   *
   * @throws NoSuchElementException for a loaded model (the run is not saved with it)
   */
  public TrainResult summary() {
    if (summary == null) {
      throw new NoSuchElementException("no training summary: this model was loaded or"
          + " wrapped, not trained in this JVM");
    }
    return summary;
  }

  /** A Descent setting's value (as trained with, when it came from DescentEstimator). */
  public String getSetting(String key) {
    return params.text(this, key);
  }

  public DescentModel setFeaturesCol(String column) {
    set(params.featuresCol, column);
    return this;
  }

  public DescentModel setPredictionCol(String column) {
    set(params.predictionCol, column);
    return this;
  }

  public DescentModel setProbabilityCol(String column) {
    set(params.probabilityCol, column);
    return this;
  }

  public DescentModel setRawPredictionCol(String column) {
    set(params.rawPredictionCol, column);
    return this;
  }

  /**
   * Adds the prediction columns. When the model knows its features' names and the features
   * column's ML attributes name the vector's elements (as VectorAssembler writes them), features
   * are found by name, in any order; a feature the column lacks is an error, and elements the
   * model does not use are left out (with a warning in the log). Otherwise vectors are read by
   * position and must have the model's size.
   *
   * @throws IllegalArgumentException if the column's attributes lack a feature of the model
   */
  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    transformSchema(dataset.schema(), true);
    Dataset<Row> out = dataset.toDF();
    Column features = params.featuresColumn(this);
    String column = getOrDefault(params.featuresCol);
    List<String> unused = new ArrayList<>();
    int[] at = ModelColumns.positions(model, out.schema().apply(column), unused);
    if (!unused.isEmpty()) {
      LOG.warn("{}: vector elements {} of column '{}' are not among the model's features and"
          + " are not read", uid, String.join(", ", unused), column);
    }
    String raw = getOrDefault(params.rawPredictionCol);
    if (model.isClassifier() && !raw.isEmpty()) {
      out = out.withColumn(raw, ModelColumns.rawPrediction(model, column, at).apply(features));
    }
    String probability = getOrDefault(params.probabilityCol);
    if (model.loss().hasProbabilities() && !probability.isEmpty()) {
      out = out.withColumn(probability,
          ModelColumns.probability(model, column, at).apply(features));
    }
    String prediction = getOrDefault(params.predictionCol);
    if (!prediction.isEmpty()) {
      out = out.withColumn(prediction,
          ModelColumns.prediction(model, column, at).apply(features));
    }
    return out;
  }

  @Override
  public StructType transformSchema(StructType schema) {
    return params.transformSchema(this, schema, model.loss(), false);
  }

  @Override
  public DescentModel copy(ParamMap extra) {
    DescentModel copy = copyValues(new DescentModel(uid, model, summary), extra);
    return hasParent() ? copy.setParent(parent()) : copy;
  }

  /**
   * Spark ML's own model that predicts as this one (LogisticRegressionModel for logistic and
   * softmax, LinearRegressionModel for squared, LinearSVCModel for hinge), reading and writing
   * the same columns as this model.
   */
  public Model<?> toSparkML() {
    Model<?> spark = SparkModels.toSparkML(model, uid);
    for (Param<?> p : new Param<?>[] {params.featuresCol, params.predictionCol,
        params.probabilityCol, params.rawPredictionCol}) {
      if (spark.hasParam(p.name())) {
        spark.set(p.name(), getOrDefault(p));
      }
    }
    return spark;
  }

  /** Writes {@link #toSparkML()} to {@code path} (which must not exist) with Spark's writer. */
  public void exportSparkML(String path) throws IOException {
    ((MLWritable) toSparkML()).write().save(path);
  }

  @Override
  public MLWriter write() {
    return new Writer(this);
  }

  /** Spark ML's reader for saved models (as {@code DescentModel.load(path)} and pipelines use). */
  public static MLReader<DescentModel> read() {
    return new Reader();
  }

  public static DescentModel load(String path) {
    return read().load(path);
  }

  @Override
  public String toString() {
    return "DescentModel: uid=" + uid + ", " + model;
  }

  /** Params metadata, then model.json beside it. */
  private static final class Writer extends MLWriter {
    private final DescentModel instance;

    Writer(DescentModel instance) {
      this.instance = instance;
    }

    // The SparkContext form (deprecated in Spark 4.2 for the SparkSession one) is the form
    // Spark 3.5 has too, so one source builds for both (see the spark35 Maven profile).
    @Override
    @SuppressWarnings("deprecation")
    public void saveImpl(String path) {
      DefaultParamsWriter.saveMetadata(instance, path, sc(), scala.Option.empty(),
          scala.Option.empty());
      Path file = LocalSaving.file(path, ModelJson.FILE_NAME);
      try {
        FileSystem fs = file.getFileSystem(sc().hadoopConfiguration());
        try (OutputStream out = fs.create(file, false)) {
          ModelJson.write(instance.model, out);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write " + file, e);
      }
    }
  }

  private static final class Reader extends MLReader<DescentModel> {
    @Override
    @SuppressWarnings("deprecation") // the SparkContext form, for Spark 3.5 too (see saveImpl)
    public DescentModel load(String path) {
      DefaultParamsReader.Metadata metadata =
          DefaultParamsReader.loadMetadata(path, sc(), DescentModel.class.getName());
      LinearModel linear;
      try {
        linear = ModelStore.load(LocalSaving.file(path, ModelJson.FILE_NAME).toString(),
            sc().hadoopConfiguration());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the model in " + path, e);
      }
      DescentModel model = new DescentModel(metadata.uid(), linear);
      metadata.getAndSetParams(model, Option.empty());
      return model;
    }
  }
}
