package dev.descent.ml;

import dev.descent.data.MutableRow;
import dev.descent.model.LinearModel;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;

/**
 * The output columns of {@link DescentModel#transform} as Spark ML's classifiers and regressors
 * lay them out: {@code prediction} a double (a class index 0..K-1 for classifiers);
 * {@code rawPrediction} a vector, {@code (-m, m)} for a binary model with margin m and the K
 * margins for softmax; {@code probability} a vector of K class probabilities. Each function
 * captures only the model, whose size is O(parameters).
 */
final class ModelColumns {
  private ModelColumns() {}

  static UserDefinedFunction prediction(LinearModel model, String column) {
    return functions.udf((UDF1<Vector, Double>) v -> model.predictFromMargins(margins(model, v, column)),
        DataTypes.DoubleType);
  }

  static UserDefinedFunction rawPrediction(LinearModel model, String column) {
    return functions.udf((UDF1<Vector, Vector>) v -> raw(margins(model, v, column)),
        SQLDataTypes.VectorType());
  }

  static UserDefinedFunction probability(LinearModel model, String column) {
    return functions.udf((UDF1<Vector, Vector>) v ->
        Vectors.dense(model.probabilitiesFromMargins(margins(model, v, column))), SQLDataTypes.VectorType());
  }

  /** Spark ML's raw prediction for margins: (-m, m) for one output, else the margins. */
  static Vector raw(double[] margins) {
    return margins.length == 1 ? Vectors.dense(-margins[0], margins[0]) : Vectors.dense(margins);
  }

  /** The model's margins for one feature vector, which must have the model's dimension. */
  static double[] margins(LinearModel model, Vector v, String column) {
    if (v == null) {
      throw new IllegalArgumentException("column '" + column + "' has a null vector");
    }
    if (v.size() != model.numFeatures()) {
      throw new IllegalArgumentException("column '" + column + "' has a vector of size "
          + v.size() + "; the model has " + model.numFeatures() + " features");
    }
    if (v instanceof SparseVector sv) {
      MutableRow row = new MutableRow();
      int[] indices = sv.indices();
      double[] values = sv.values();
      for (int i = 0; i < indices.length; i++) {
        row.add(indices[i], values[i]);
      }
      double[] m = new double[model.outputs()];
      model.margins(row, m);
      return m;
    }
    return model.margins(v.toArray());
  }
}
