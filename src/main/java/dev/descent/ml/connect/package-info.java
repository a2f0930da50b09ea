/**
 * Descent for Spark Connect clients (PySpark's pure-Python client among them), which have no JVM
 * and reach server-side objects only through what a Spark 4 Connect server permits.
 *
 * <p>What the server permits (Spark 4.2, {@code org.apache.spark.sql.connect.ml.MLUtils}):
 * estimators and transformers are found by class name through {@link java.util.ServiceLoader}
 * ({@code META-INF/services/org.apache.spark.ml.Estimator} and {@code ...Transformer}), created
 * with their {@code (String uid)} constructor and loaded with their static {@code load(String)};
 * a client may call a method of a server-side object only if the object is an instance of a
 * class the server lists for that method name (for example {@code coefficients} and
 * {@code intercept} of {@code LinearRegressionModel}, {@code coefficientMatrix} and
 * {@code interceptVector} of {@code LogisticRegressionModel}), whatever methods the object has.
 *
 * <p>So over Connect, {@link dev.descent.ml.connect.ConnectEstimator} fits with the same params
 * and engine as {@link dev.descent.ml.DescentEstimator} and returns the fitted
 * {@link dev.descent.ml.DescentModel} inside a view that is an instance of Spark ML's own model
 * class for its loss ({@code LinearRegressionModel} for squared, {@code LogisticRegressionModel}
 * for logistic and softmax, {@code LinearSVCModel} for hinge), with Spark's coefficient layout,
 * so the listed attributes answer; transform, params and saving are the Descent model's own (a
 * saved view is a saved DescentModel). {@link dev.descent.ml.connect.ConnectModel#load} loads a
 * saved DescentModel as such a view. Nothing else of a model is reachable (the training history
 * among it): the Python package says so and names the alternatives.
 */
package dev.descent.ml.connect;
