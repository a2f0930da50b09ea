package dev.descent.ml.connect;

import dev.descent.ml.DescentEstimator;
import dev.descent.ml.DescentModel;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.types.StructType;

/**
 * {@link DescentEstimator} as a Spark Connect server runs it for a client: the same params
 * (names, defaults, validation), the same training, and a fitted model whose coefficients the
 * server lets the client read (see the package documentation). Saved as a DescentEstimator, so
 * either class loads what the other saved.
 */
@SuppressWarnings("rawtypes")
public final class ConnectEstimator extends Estimator implements MLWritable {
  private static final long serialVersionUID = 1L;

  private final DescentEstimator estimator;

  public ConnectEstimator() {
    this(Identifiable.randomUID("descent"));
  }

  public ConnectEstimator(String uid) {
    this(new DescentEstimator(uid));
  }

  private ConnectEstimator(DescentEstimator estimator) {
    this.estimator = estimator;
    Views.copyParams(estimator, this);
  }

  @Override
  public String uid() {
    return estimator.uid();
  }

  @Override
  public Param<?>[] params() {
    return estimator == null ? new Param<?>[0] : estimator.params();
  }

  /** The DescentEstimator with this estimator's params. */
  public DescentEstimator toDescentEstimator() {
    return Views.withParamsOf(this, estimator);
  }

  @Override
  public Model fit(Dataset dataset) {
    DescentModel model = toDescentEstimator().fit(dataset);
    return Views.of(model);
  }

  @Override
  public StructType transformSchema(StructType schema) {
    return toDescentEstimator().transformSchema(schema);
  }

  @Override
  public ConnectEstimator copy(ParamMap extra) {
    return new ConnectEstimator(toDescentEstimator().copy(extra));
  }

  @Override
  public MLWriter write() {
    return toDescentEstimator().write();
  }

  /** Loads a saved DescentEstimator (or ConnectEstimator: they save alike). */
  public static ConnectEstimator load(String path) {
    return new ConnectEstimator(DescentEstimator.load(path));
  }
}
