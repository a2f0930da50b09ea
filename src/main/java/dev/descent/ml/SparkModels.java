package dev.descent.ml;

import dev.descent.model.LinearModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.classification.LinearSVCModel;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.linalg.DenseMatrix;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.regression.LinearRegressionModel;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLWritable;

/**
 * Descent models as Spark ML's own models, which unchanged Spark ML code loads and applies:
 * squared loss as a {@link LinearRegressionModel}, logistic as a binary
 * {@link LogisticRegressionModel}, softmax as a multinomial one (a K x d coefficient matrix and
 * K intercepts: Descent's softmax has no pivot class, like Spark's multinomial family), hinge as a
 * {@link LinearSVCModel}. Their constructors are Spark-internal in Scala but public in bytecode;
 * the layouts follow Spark's own writers.
 */
public final class SparkModels {
  private SparkModels() {}

  /** The Spark ML model that predicts as {@code model} does, with a fresh uid. */
  public static Model<?> toSparkML(LinearModel model) {
    return toSparkML(model, Identifiable.randomUID(uidPrefix(model)));
  }

  /**
   * The Spark ML model that predicts as {@code model} does: same predictions, raw predictions
   * and probabilities (to rounding in the dot products), with Spark's default params (columns
   * features, prediction, probability, rawPrediction; threshold 0.5 or margin 0).
   */
  public static Model<?> toSparkML(LinearModel model, String uid) {
    int d = model.numFeatures();
    switch (model.lossName()) {
      case "squared":
        return new LinearRegressionModel(uid, Vectors.dense(model.weights(0)), model.intercept(0));
      case "logistic":
        return new LogisticRegressionModel(uid, new DenseMatrix(1, d, model.weights(0), true),
            Vectors.dense(model.intercept(0)), 2, false);
      case "softmax":
        return new LogisticRegressionModel(uid, coefficientMatrix(model),
            Vectors.dense(intercepts(model)), model.outputs(), true);
      case "hinge":
        return new LinearSVCModel(uid, Vectors.dense(model.weights(0)), model.intercept(0));
      default:
        throw new IllegalArgumentException("no Spark ML model predicts as loss="
            + model.lossName() + " does");
    }
  }

  /** The K x d coefficient matrix (row-major, one row per output), as Spark ML lays it out. */
  public static DenseMatrix coefficientMatrix(LinearModel model) {
    int k = model.outputs();
    int d = model.numFeatures();
    double[] rowMajor = new double[k * d];
    for (int c = 0; c < k; c++) {
      System.arraycopy(model.weights(c), 0, rowMajor, c * d, d);
    }
    return new DenseMatrix(k, d, rowMajor, true);
  }

  /** The K intercepts. */
  public static double[] intercepts(LinearModel model) {
    double[] b = new double[model.outputs()];
    for (int c = 0; c < b.length; c++) {
      b[c] = model.intercept(c);
    }
    return b;
  }

  /**
   * Writes {@code model} as a Spark ML model directory (Spark's own writer; the directory must
   * not exist) and returns the Spark class's simple name, e.g. LogisticRegressionModel.
   */
  public static String save(LinearModel model, String path) {
    Model<?> spark = toSparkML(model);
    try {
      ((MLWritable) spark).write().save(path);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the Spark ML model to " + path, e);
    }
    return spark.getClass().getSimpleName();
  }

  private static String uidPrefix(LinearModel model) {
    switch (model.lossName()) {
      case "squared":
        return "linReg";
      case "hinge":
        return "linearsvc";
      default:
        return "logreg";
    }
  }
}
