package dev.descent.ml.connect;

import dev.descent.ml.DescentModel;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.regression.LinearRegressionModel;
import org.apache.spark.ml.util.GeneralMLWriter;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * A fitted Descent model with loss squared as Spark ML's {@code LinearRegressionModel}, so that a Spark
 * Connect client may read {@code coefficients} and {@code intercept} (see the package documentation). Transforms, params and
 * saving are the Descent model's: the same columns as {@link DescentModel#transform}, and it
 * saves as a DescentModel.
 */
public final class ConnectLinearRegressionModel extends LinearRegressionModel {
  private static final long serialVersionUID = 1L;

  private final DescentModel model;

  /** For ServiceLoader and Spark Connect's lookup by name; holds no model. */
  public ConnectLinearRegressionModel() {
    this(Identifiable.randomUID("descent"));
  }

  /** For Spark Connect's lookup by name; holds no model. */
  public ConnectLinearRegressionModel(String uid) {
    super(uid, Vectors.zeros(0), 0.0);
    this.model = null;
  }

  ConnectLinearRegressionModel(DescentModel model) {
    super(model.uid(), Vectors.dense(model.linearModel().weights(0)), model.linearModel().intercept(0));
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
  public ConnectLinearRegressionModel copy(ParamMap extra) {
    return new ConnectLinearRegressionModel(descentModel().copy(extra));
  }

  /** Writes the Descent model (Spark's own GeneralMLWriter type, as the superclass declares). */
  @Override
  public GeneralMLWriter write() {
    return Views.generalWriter(this);
  }

  @Override
  public String toString() {
    return model == null ? getClass().getSimpleName() + ": uid=" + uid() + ", no model"
        : model.toString();
  }

  /** Reads a saved Descent model of this class's losses (as a Connect server reloads one). */
  public static MLReader<LinearRegressionModel> read() {
    return Views.reader(ConnectLinearRegressionModel.class);
  }

  public static LinearRegressionModel load(String path) {
    return read().load(path);
  }
}
