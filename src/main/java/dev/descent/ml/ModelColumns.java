package dev.descent.ml;

import dev.descent.data.MutableRow;
import dev.descent.input.ColumnMatch;
import dev.descent.input.FrameInput;
import dev.descent.model.LinearModel;
import java.util.List;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;

/**
 * The output columns of {@link DescentModel#transform} as Spark ML's classifiers and regressors
 * lay them out: {@code prediction} a double (a class index 0..K-1 for classifiers);
 * {@code rawPrediction} a vector, {@code (-m, m)} for a binary model with margin m and the K
 * margins for softmax; {@code probability} a vector of K class probabilities. Each function
 * captures only the model, whose size is O(parameters), and where its features are in the
 * vectors when the column's attributes name them.
 */
final class ModelColumns {
  private ModelColumns() {}

  /**
   * @param positions where each of the model's features is in the vectors (found by name), or
   *     null to read them by position
   */
  static UserDefinedFunction prediction(LinearModel model, String column, int[] positions) {
    return functions.udf((UDF1<Vector, Double>) v -> model.predictFromMargins(
        margins(model, v, column, positions)), DataTypes.DoubleType);
  }

  static UserDefinedFunction rawPrediction(LinearModel model, String column, int[] positions) {
    return functions.udf((UDF1<Vector, Vector>) v -> raw(margins(model, v, column, positions)),
        SQLDataTypes.VectorType());
  }

  static UserDefinedFunction probability(LinearModel model, String column, int[] positions) {
    return functions.udf((UDF1<Vector, Vector>) v -> Vectors.dense(
        model.probabilitiesFromMargins(margins(model, v, column, positions))),
        SQLDataTypes.VectorType());
  }

  /**
   * Where the model's features are in the vectors of a column whose ML attributes name their
   * elements (as VectorAssembler writes them): null when the model or the column has no names,
   * or the names are the model's, in order (then vectors are read by position).
   *
   * @param unused receives the names of elements that are not the model's features
   * @throws IllegalArgumentException naming the model's features the column lacks
   */
  static int[] positions(LinearModel model, StructField field, List<String> unused) {
    List<String> names = FrameInput.vectorNames(field);
    if (!model.hasFeatureNames() || names == null) {
      return null;
    }
    List<String> wanted = model.featureNames();
    ColumnMatch match = ColumnMatch.of(wanted, names);
    String problem = match.problem(wanted, names, "column '" + field.name() + "'");
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
    unused.addAll(match.extra());
    return match.identity() ? null : match.positions();
  }

  /** Spark ML's raw prediction for margins: (-m, m) for one output, else the margins. */
  static Vector raw(double[] margins) {
    return margins.length == 1 ? Vectors.dense(-margins[0], margins[0]) : Vectors.dense(margins);
  }

  /**
   * The model's margins for one feature vector, which must have the model's dimension, or
   * whose elements {@code positions} (when not null) are the model's features.
   */
  static double[] margins(LinearModel model, Vector features, String column, int[] positions) {
    if (features == null) {
      throw new IllegalArgumentException("column '" + column + "' has a null vector");
    }
    Vector v = positions == null ? features : FrameInput.select(features, positions);
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
