package dev.descent.ml.connect;

import dev.descent.ml.DescentModel;
import org.apache.spark.ml.classification.LinearSVCModel;
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
 * A fitted Descent model with loss hinge as Spark ML's {@code LinearSVCModel}, so that a Spark
 * Connect client may read {@code coefficients} and {@code intercept} (see the package documentation). Transforms, params and
 * saving are the Descent model's: the same columns as {@link DescentModel#transform}, and it
 * saves as a DescentModel.
 */
public final class ConnectLinearSVCModel extends LinearSVCModel {
  private static final long serialVersionUID = 1L;

  private final DescentModel model;

  /** For ServiceLoader and Spark Connect's lookup by name; holds no model. */
  public ConnectLinearSVCModel() {
    this(Identifiable.randomUID("descent"));
  }

  /** For Spark Connect's lookup by name; holds no model. */
  public ConnectLinearSVCModel(String uid) {
    super(uid, Vectors.zeros(0), 0.0);
    this.model = null;
  }

  ConnectLinearSVCModel(DescentModel model) {
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
  public ConnectLinearSVCModel copy(ParamMap extra) {
    return new ConnectLinearSVCModel(descentModel().copy(extra));
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
  public static MLReader<LinearSVCModel> read() {
    return Views.reader(ConnectLinearSVCModel.class);
  }

  public static LinearSVCModel load(String path) {
    return read().load(path);
  }
}
