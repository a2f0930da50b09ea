package dev.descent.ml.connect;

import org.apache.spark.ml.Model;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * The name under which a Spark Connect client loads a saved Descent model whatever its loss:
 * {@link #load} returns the model as the Connect model class for its loss (see the package
 * documentation). An instance made by name holds no model and transforms nothing.
 */
public final class ConnectModel extends Transformer {
  private static final long serialVersionUID = 1L;

  private final String uid;

  public ConnectModel() {
    this(Identifiable.randomUID("descent"));
  }

  public ConnectModel(String uid) {
    this.uid = uid;
  }

  /**
   * A saved DescentModel (or Connect model) as ConnectLinearRegressionModel,
   * ConnectLogisticRegressionModel or ConnectLinearSVCModel.
   */
  public static Model<?> load(String path) {
    return Views.reader().load(path);
  }

  @Override
  public String uid() {
    return uid;
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    throw Views.empty("ConnectModel");
  }

  @Override
  public StructType transformSchema(StructType schema) {
    throw Views.empty("ConnectModel");
  }

  @Override
  public ConnectModel copy(ParamMap extra) {
    return new ConnectModel(uid);
  }
}
