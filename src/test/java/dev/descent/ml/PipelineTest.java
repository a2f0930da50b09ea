package dev.descent.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.Descent;
import dev.descent.model.LinearModel;
import dev.descent.testing.SparkTests;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.evaluation.BinaryClassificationEvaluator;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.evaluation.RegressionEvaluator;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Descent in real Spark ML pipelines (VectorAssembler, then Descent), scored by Spark's own
 * evaluators and checked against metrics computed here by plain loops from the raw columns and
 * the fitted weights; fitted pipelines survive save and load with identical output.
 */
class PipelineTest {
  private static final String[] INPUTS = {"x1", "x2", "x3"};

  @TempDir
  Path tmp;

  /** Columns x1, x2, x3 (doubles) and label, n rows drawn around a known linear model. */
  private static Dataset<Row> frame(int n, long seed, String kind) {
    Random r = new Random(seed);
    double[] w = {1.5, -2.0, 0.5};
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double[] x = {r.nextGaussian(), 3 + 2 * r.nextGaussian(), r.nextGaussian() * 0.5};
      double m = 0.3 + w[0] * x[0] + w[1] * (x[1] - 3) / 2 + w[2] * x[2];
      double label = switch (kind) {
        case "binary" -> r.nextDouble() < 1 / (1 + Math.exp(-m)) ? 1 : 0;
        case "classes" -> m + 0.5 * r.nextGaussian() < -1 ? 0 : m < 1 ? 1 : 2;
        default -> m + 0.1 * r.nextGaussian();
      };
      rows.add(RowFactory.create(x[0], x[1], x[2], label));
    }
    StructType schema = new StructType(new StructField[] {
        DataTypes.createStructField("x1", DataTypes.DoubleType, false),
        DataTypes.createStructField("x2", DataTypes.DoubleType, false),
        DataTypes.createStructField("x3", DataTypes.DoubleType, false),
        DataTypes.createStructField("label", DataTypes.DoubleType, false)});
    return SparkTests.session().createDataFrame(rows, schema).repartition(2);
  }

  private static Pipeline pipeline(DescentEstimator descent) {
    return new Pipeline().setStages(new PipelineStage[] {
        new VectorAssembler().setInputCols(INPUTS).setOutputCol("features"), descent});
  }

  private static DescentModel descentStage(PipelineModel p) {
    return assertInstanceOf(DescentModel.class, p.stages()[1]);
  }

  /** Margin of the raw columns, computed here from the weights. */
  private static double margin(LinearModel m, int k, Row row) {
    double s = m.intercept(k);
    double[] w = m.weights(k);
    for (int j = 0; j < INPUTS.length; j++) {
      s += w[j] * row.getDouble(row.fieldIndex(INPUTS[j]));
    }
    return s;
  }

  /** Area under ROC by counting correctly ordered (positive, negative) pairs; ties count half. */
  private static double aucByPairs(double[] score, double[] label) {
    double pairs = 0;
    double correct = 0;
    for (int i = 0; i < score.length; i++) {
      for (int j = 0; j < score.length; j++) {
        if (label[i] == 1 && label[j] == 0) {
          pairs++;
          correct += score[i] > score[j] ? 1 : score[i] == score[j] ? 0.5 : 0;
        }
      }
    }
    return correct / pairs;
  }

  @Test
  void logisticPipelineIsScoredBySparksEvaluatorAndSurvivesSaveAndLoad() throws Exception {
    Dataset<Row> train = frame(300, 1, "binary");
    Dataset<Row> test = frame(120, 2, "binary");
    PipelineModel fitted = pipeline(new DescentEstimator().set("loss", "logistic")
        .set("optimizer", "lbfgs").set("regParam", "0.01")).fit(train);
    LinearModel m = descentStage(fitted).linearModel();

    Dataset<Row> scored = fitted.transform(test);
    double auc = new BinaryClassificationEvaluator().setLabelCol("label")
        .setRawPredictionCol("rawPrediction").evaluate(scored);

    List<Row> rows = scored.collectAsList();
    double[] score = new double[rows.size()];
    double[] label = new double[rows.size()];
    for (int i = 0; i < rows.size(); i++) {
      Row row = rows.get(i);
      double mi = margin(m, 0, row);
      score[i] = mi;
      label[i] = row.getDouble(row.fieldIndex("label"));
      double p1 = 1 / (1 + Math.exp(-mi));
      Vector raw = row.getAs("rawPrediction");
      Vector probability = row.getAs("probability");
      assertArrayEquals(new double[] {-mi, mi}, raw.toArray(), 1e-12);
      assertArrayEquals(new double[] {1 - p1, p1}, probability.toArray(), 1e-12);
      assertEquals(mi > 0 ? 1.0 : 0.0, row.<Double>getAs("prediction"));
    }
    assertEquals(aucByPairs(score, label), auc, 1e-12);
    assertTrue(auc > 0.8, "auc " + auc); // the data has signal; a broken fit would not see it

    String path = tmp.resolve("logistic-pipeline").toString();
    fitted.write().save(path);
    PipelineModel loaded = PipelineModel.load(path);
    assertEquals(m, descentStage(loaded).linearModel());
    assertEquals("0.01", descentStage(loaded).getSetting("regParam"));
    List<Row> again = loaded.transform(test).collectAsList();
    assertEquals(rows, again);
  }

  @Test
  void regressionPipelineIsScoredBySparksEvaluatorAndSurvivesSaveAndLoad() throws Exception {
    Dataset<Row> train = frame(200, 3, "real");
    Dataset<Row> test = frame(80, 4, "real");
    PipelineModel fitted = pipeline(new DescentEstimator().set("optimizer", "lbfgs")
        .set("tolerance", "1e-12")).fit(train);
    LinearModel m = descentStage(fitted).linearModel();

    Dataset<Row> scored = fitted.transform(test);
    assertEquals(List.of("x1", "x2", "x3", "label", "features", "prediction"),
        List.of(scored.columns()));
    double rmse = new RegressionEvaluator().setMetricName("rmse").evaluate(scored);
    double r2 = new RegressionEvaluator().setMetricName("r2").evaluate(scored);

    List<Row> rows = scored.collectAsList();
    double squares = 0;
    double mean = 0;
    for (Row row : rows) {
      double y = row.getDouble(row.fieldIndex("label"));
      double p = margin(m, 0, row);
      assertEquals(p, row.<Double>getAs("prediction"), 1e-12);
      squares += (y - p) * (y - p);
      mean += y / rows.size();
    }
    double total = 0;
    for (Row row : rows) {
      double y = row.getDouble(row.fieldIndex("label"));
      total += (y - mean) * (y - mean);
    }
    assertEquals(Math.sqrt(squares / rows.size()), rmse, 1e-12);
    assertEquals(1 - squares / total, r2, 1e-12);
    assertTrue(rmse < 0.2, "rmse " + rmse); // noise is 0.1

    String path = tmp.resolve("regression-pipeline").toString();
    fitted.write().save(path);
    assertEquals(rows, PipelineModel.load(path).transform(test).collectAsList());
  }

  @Test
  void softmaxPipelineGivesClassProbabilities() {
    Dataset<Row> train = frame(300, 5, "classes");
    Dataset<Row> test = frame(100, 6, "classes");
    PipelineModel fitted = pipeline(new DescentEstimator().set("loss", "softmax")
        .set("optimizer", "lbfgs").set("regParam", "0.001")).fit(train);
    LinearModel m = descentStage(fitted).linearModel();
    assertEquals(3, m.numClasses());

    Dataset<Row> scored = fitted.transform(test);
    double accuracy = new MulticlassClassificationEvaluator().setMetricName("accuracy")
        .evaluate(scored);
    int correct = 0;
    List<Row> rows = scored.collectAsList();
    for (Row row : rows) {
      double[] margins = new double[3];
      double sum = 0;
      int best = 0;
      for (int k = 0; k < 3; k++) {
        margins[k] = margin(m, k, row);
        sum += Math.exp(margins[k]);
        best = margins[k] > margins[best] ? k : best;
      }
      Vector probability = row.getAs("probability");
      for (int k = 0; k < 3; k++) {
        assertEquals(Math.exp(margins[k]) / sum, probability.apply(k), 1e-12);
      }
      assertArrayEquals(margins, row.<Vector>getAs("rawPrediction").toArray(), 1e-12);
      assertEquals(best, row.<Double>getAs("prediction"));
      correct += best == row.getDouble(row.fieldIndex("label")) ? 1 : 0;
    }
    assertEquals((double) correct / rows.size(), accuracy, 1e-12);
  }

  @Test
  void theEstimatorTrainsExactlyAsTheJavaApi() {
    Dataset<Row> train = new VectorAssembler().setInputCols(INPUTS).setOutputCol("features")
        .transform(frame(150, 7, "binary"))
        .withColumn("w", functions.when(functions.col("x1").gt(0), 2.0).otherwise(0.5));
    DescentModel viaEstimator = new DescentEstimator().set("loss", "logistic")
        .set("optimizer", "adam").set("batchSize", "32").set("epochs", "5").setWeightCol("w")
        .fit(train);
    Descent.Builder api = Descent.trainer().set("loss", "logistic").set("optimizer", "adam")
        .set("batchSize", "32").set("epochs", "5");
    LinearModel unweighted = api.fit(train).model();
    LinearModel weighted = api.set("weightColumn", "w").fit(train).model();
    assertEquals(weighted, viaEstimator.linearModel());
    assertNotEquals(unweighted, weighted); // the weights were used
    assertEquals(5, viaEstimator.summary().history().size());
  }

  @Test
  void aDivergedFitThrowsWithTheReason() {
    Dataset<Row> train = new VectorAssembler().setInputCols(INPUTS).setOutputCol("features")
        .transform(frame(50, 8, "real"));
    TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
        () -> new DescentEstimator().set("learningRate", "10").set("standardize", "false")
            .set("epochs", "5").fit(train));
    assertTrue(e.getMessage().contains("learning rate 10"), e.getMessage());
    assertTrue(e.result().diverged());
  }

  @Test
  void anUnfittedPipelineSavesAndLoadsItsSettings() throws Exception {
    DescentEstimator descent = new DescentEstimator().set("loss", "hinge")
        .set("regParam", "0.5").set("batchSize", "10%").setLabelCol("y");
    String path = tmp.resolve("pipeline").toString();
    pipeline(descent).write().save(path);

    DescentEstimator loaded = assertInstanceOf(DescentEstimator.class,
        Pipeline.load(path).getStages()[1]);
    assertEquals(descent.uid(), loaded.uid());
    assertEquals("hinge", loaded.getSetting("loss"));
    assertEquals("0.5", loaded.getSetting("regParam"));
    assertEquals("10%", loaded.getSetting("batchSize"));
    assertEquals("sgd", loaded.getSetting("optimizer")); // a default stays a default
    assertTrue(!loaded.isSet(loaded.getParam("optimizer")));
    assertEquals("y", loaded.getOrDefault(loaded.getParam("labelCol")));
  }
}
