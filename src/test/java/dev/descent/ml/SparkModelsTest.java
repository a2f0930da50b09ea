package dev.descent.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.model.LinearModel;
import dev.descent.testing.SparkTests;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.classification.LinearSVCModel;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.linalg.Matrix;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.regression.LinearRegressionModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Models exported for Spark ML are loaded by Spark ML's own {@code load} and predict as Descent
 * does: the same classes, and values, raw predictions and probabilities equal to rounding, on
 * dense and sparse rows.
 */
class SparkModelsTest {
  private static final int D = 5;

  @TempDir
  Path tmp;

  private static LinearModel model(String loss, int classes, long seed) {
    Random r = new Random(seed);
    int outputs = loss.equals("softmax") ? classes : 1;
    double[][] w = new double[outputs][D];
    double[] b = new double[outputs];
    for (int k = 0; k < outputs; k++) {
      for (int j = 0; j < D; j++) {
        w[k][j] = r.nextGaussian();
      }
      b[k] = r.nextGaussian();
    }
    return new LinearModel(loss, D, classes, w, b, true, Map.of("loss", loss));
  }

  /** Dense and sparse feature vectors (every third row sparse, some with no entries). */
  private static Dataset<Row> features(int n) {
    Random r = new Random(42);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Vector v;
      if (i % 3 == 0) {
        int[] idx = i % 9 == 0 ? new int[0] : new int[] {1, 4};
        double[] val = new double[idx.length];
        for (int k = 0; k < val.length; k++) {
          val[k] = 2 * r.nextGaussian();
        }
        v = Vectors.sparse(D, idx, val);
      } else {
        double[] x = new double[D];
        for (int j = 0; j < D; j++) {
          x[j] = 2 * r.nextGaussian();
        }
        v = Vectors.dense(x);
      }
      rows.add(RowFactory.create(i, v));
    }
    StructType schema = new StructType(new StructField[] {
        DataTypes.createStructField("id", DataTypes.IntegerType, false),
        DataTypes.createStructField("features", SQLDataTypes.VectorType(), false)});
    return SparkTests.session().createDataFrame(rows, schema);
  }

  /** Exports, loads with Spark's loader, and compares both transforms row by row. */
  private void assertSparkPredictsAsDescent(LinearModel m, Transformer loaded, String path) {
    Dataset<Row> data = features(60);
    List<Row> ours = new DescentModel(m).transform(data).orderBy("id").collectAsList();
    List<Row> theirs = loaded.transform(data).orderBy("id").collectAsList();
    assertEquals(ours.size(), theirs.size());
    for (int i = 0; i < ours.size(); i++) {
      Row a = ours.get(i);
      Row b = theirs.get(i);
      // Classes must agree exactly; a regression value to rounding (Spark sums in another order).
      assertEquals(a.<Double>getAs("prediction"), b.<Double>getAs("prediction"),
          m.isClassifier() ? 0 : 1e-12, path);
      for (String c : new String[] {"rawPrediction", "probability"}) {
        if (List.of(a.schema().fieldNames()).contains(c)) {
          assertArrayEquals(a.<Vector>getAs(c).toArray(), b.<Vector>getAs(c).toArray(), 1e-12,
              c);
        }
      }
    }
  }

  private String export(LinearModel m, String name) throws Exception {
    String path = tmp.resolve(name).toString();
    new DescentModel(m).exportSparkML(path);
    return path;
  }

  @Test
  void binaryLogisticLoadsAsLogisticRegressionModel() throws Exception {
    LinearModel m = model("logistic", 2, 1);
    String path = export(m, "logistic");
    LogisticRegressionModel spark = LogisticRegressionModel.load(path);
    assertEquals(2, spark.numClasses());
    assertEquals(D, spark.numFeatures());
    assertArrayEquals(m.weights(0), spark.coefficients().toArray(), 0);
    assertEquals(m.intercept(0), spark.intercept(), 0);
    assertSparkPredictsAsDescent(m, spark, path);
  }

  @Test
  void softmaxLoadsAsMultinomialLogisticRegressionModel() throws Exception {
    LinearModel m = model("softmax", 3, 2);
    String path = export(m, "softmax");
    LogisticRegressionModel spark = LogisticRegressionModel.load(path);
    assertEquals(3, spark.numClasses());
    Matrix coefficients = spark.coefficientMatrix();
    assertEquals(3, coefficients.numRows());
    assertEquals(D, coefficients.numCols());
    for (int k = 0; k < 3; k++) {
      for (int j = 0; j < D; j++) {
        assertEquals(m.weights(k)[j], coefficients.apply(k, j), 0);
      }
      assertEquals(m.intercept(k), spark.interceptVector().apply(k), 0);
    }
    // A multinomial model has no single coefficient vector.
    assertThrows(Exception.class, spark::coefficients);
    assertSparkPredictsAsDescent(m, spark, path);
  }

  @Test
  void twoClassSoftmaxStaysMultinomial() throws Exception {
    LinearModel m = model("softmax", 2, 3);
    String path = export(m, "softmax2");
    LogisticRegressionModel spark = LogisticRegressionModel.load(path);
    assertEquals(2, spark.coefficientMatrix().numRows());
    assertSparkPredictsAsDescent(m, spark, path);
  }

  @Test
  void squaredLossLoadsAsLinearRegressionModel() throws Exception {
    LinearModel m = model("squared", 0, 4);
    String path = export(m, "squared");
    LinearRegressionModel spark = LinearRegressionModel.load(path);
    assertArrayEquals(m.weights(0), spark.coefficients().toArray(), 0);
    assertEquals(m.intercept(0), spark.intercept(), 0);
    assertEquals(1.0, spark.scale(), 0);
    assertSparkPredictsAsDescent(m, spark, path);
  }

  @Test
  void hingeLossLoadsAsLinearSvcModel() throws Exception {
    LinearModel m = model("hinge", 2, 5);
    String path = export(m, "hinge");
    LinearSVCModel spark = LinearSVCModel.load(path);
    assertArrayEquals(m.weights(0), spark.coefficients().toArray(), 0);
    assertEquals(m.intercept(0), spark.intercept(), 0);
    assertSparkPredictsAsDescent(m, spark, path);
  }

  @Test
  void vectorsOfAnotherSizeAreRejectedNamingTheColumn() {
    Dataset<Row> wide = SparkTests.session().createDataFrame(List.of(RowFactory.create(0,
        Vectors.dense(1, 2, 3, 4, 5, 6))), features(1).schema());
    Exception e = assertThrows(Exception.class,
        () -> new DescentModel(model("squared", 0, 7)).transform(wide).collectAsList());
    String all = "";
    for (Throwable t = e; t != null; t = t.getCause()) {
      all += t.getMessage() + "\n";
    }
    assertTrue(all.contains("column 'features' has a vector of size 6; the model has 5"
        + " features"), all);
  }

  @Test
  void theExportReadsAndWritesTheModelsColumns() {
    DescentModel descent = new DescentModel(model("logistic", 2, 6)).setFeaturesCol("f")
        .setPredictionCol("yhat").setProbabilityCol("");
    LogisticRegressionModel spark = (LogisticRegressionModel) descent.toSparkML();
    assertEquals("f", spark.getFeaturesCol());
    assertEquals("yhat", spark.getPredictionCol());
    assertEquals("", spark.getProbabilityCol());
    assertEquals(descent.uid(), spark.uid());

    Dataset<Row> data = features(10).withColumnRenamed("features", "f");
    List<String> columns = List.of(descent.transform(data).columns());
    assertEquals(List.of("id", "f", "rawPrediction", "yhat"), columns);
    assertFalse(columns.contains("probability"));
    assertTrue(List.of(spark.transform(data).columns()).containsAll(columns));
  }
}
