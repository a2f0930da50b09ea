package dev.descent.ml.connect;

import dev.descent.ml.DescentModel;
import dev.descent.ml.SparkModels;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * A fitted Descent model with loss logistic (binary) or softmax (multinomial, K x d coefficients, K intercepts) as Spark ML's {@code LogisticRegressionModel}, so that a Spark
 * Connect client may read {@code coefficientMatrix} and {@code interceptVector} (and, binary, {@code coefficients} and {@code intercept}) (see the package documentation). Transforms, params and
 * saving are the Descent model's: the same columns as {@link DescentModel#transform}, and it
 * saves as a DescentModel.
 */
public final class ConnectLogisticRegressionModel extends LogisticRegressionModel {
  private static final long serialVersionUID = 1L;

  private final DescentModel model;

  /** For ServiceLoader and Spark Connect's lookup by name; holds no model. */
  public ConnectLogisticRegressionModel() {
    this(Identifiable.randomUID("descent"));
  }

  /** For Spark Connect's lookup by name; holds no model. */
  public ConnectLogisticRegressionModel(String uid) {
    super(uid, Vectors.zeros(0), 0.0);
    this.model = null;
  }

  ConnectLogisticRegressionModel(DescentModel model) {
    super(model.uid(), SparkModels.coefficientMatrix(model.linearModel()),
        Vectors.dense(SparkModels.intercepts(model.linearModel())),
        Math.max(2, model.linearModel().numClasses()),
        model.linearModel().lossName().equals("softmax"));
    this.model = model;
    Views.copyParams(model, this);
  }

  /** The Descent model, with the params set on this one. */
  public DescentModel descentModel() {
    Views.check(model, getClass().getSimpleName());
    return Views.withParamsOf(this, model);
  }

  /** The Descent model's params (Spark's own, while its constructor runs or without a model). */
  @Override
  public Param<?>[] params() {
    return model == null ? super.params() : model.params();
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    return descentModel().transform(dataset);
  }

  @Override
  public StructType transformSchema(StructType schema) {
    return descentModel().transformSchema(schema);
  }

  @Override
  public ConnectLogisticRegressionModel copy(ParamMap extra) {
    return new ConnectLogisticRegressionModel(descentModel().copy(extra));
  }

  @Override
  public MLWriter write() {
    return descentModel().write();
  }

  @Override
  public String toString() {
    return model == null ? getClass().getSimpleName() + ": uid=" + uid() + ", no model"
        : model.toString();
  }

  /** Reads a saved Descent model of this class's losses (as a Connect server reloads one). */
  public static MLReader<LogisticRegressionModel> read() {
    return Views.reader(ConnectLogisticRegressionModel.class);
  }

  public static LogisticRegressionModel load(String path) {
    return read().load(path);
  }
}
