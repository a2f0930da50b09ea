package dev.descent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.model.LinearModel;
import dev.descent.model.ModelJson;
import dev.descent.testing.SparkTests;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.ml.classification.LinearSVCModel;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.regression.LinearRegressionModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code export}: a trained model becomes a directory that Spark ML's own load reads, and the
 * loaded model predicts as the command line's predict does.
 */
class ExportTest {
  @TempDir
  Path tmp;

  /** Spark's libsvm reader: label and features columns, as Spark ML models expect. */
  private static Dataset<Row> libsvm(String path) {
    return SparkTests.session().read().format("libsvm").load(path);
  }

  private static double[] weights(Path modelDir, int k) throws Exception {
    return ModelJson.read(modelDir).weights(k);
  }

  @Test
  void softmaxExportsAsMultinomialLogisticRegressionAndPredictsAsPredict() throws Exception {
    Path model = tmp.resolve("iris");
    Cli.run("train", "input=data/iris.libsvm", "loss=softmax", "optimizer=lbfgs",
        "regParam=0.01", "output=" + model).assertExit(0);
    Path exported = tmp.resolve("iris-spark");
    Cli.run("export", "model=" + model, "output=" + exported).assertExit(0)
        .assertErrContains("LogisticRegressionModel written to " + exported);
    assertTrue(Files.exists(exported.resolve("_SUCCESS")));

    LogisticRegressionModel spark = LogisticRegressionModel.load(exported.toString());
    LinearModel descent = ModelJson.read(model);
    assertEquals(3, spark.numClasses());
    for (int k = 0; k < 3; k++) {
      for (int j = 0; j < 4; j++) {
        assertEquals(descent.weights(k)[j], spark.coefficientMatrix().apply(k, j), 0);
      }
    }

    Path predictions = tmp.resolve("pred");
    Cli.run("predict", "input=data/iris.libsvm", "model=" + model, "output=" + predictions)
        .assertExit(0);
    List<String> lines = new ArrayList<>();
    try (Stream<Path> parts = Files.list(predictions)) {
      for (Path part : parts.filter(p -> p.getFileName().toString().startsWith("part-"))
          .sorted().toList()) {
        lines.addAll(Files.readAllLines(part));
      }
    }
    List<Row> rows = spark.transform(libsvm("data/iris.libsvm").coalesce(1)).collectAsList();
    assertEquals(lines.size() - 1, rows.size());
    for (int i = 0; i < rows.size(); i++) {
      String[] cli = lines.get(i + 1).split(",");
      Row row = rows.get(i);
      assertEquals(Double.parseDouble(cli[0]), row.<Double>getAs("prediction"), 0);
      Vector p = row.getAs("probability");
      for (int k = 0; k < 3; k++) {
        assertEquals(Double.parseDouble(cli[1 + k]), p.apply(k), 1e-12);
      }
    }
  }

  @Test
  void everyLossExportsToItsSparkModel() throws Exception {
    String wine = "data/wine_binary.libsvm";
    Path logistic = tmp.resolve("logistic");
    Path hinge = tmp.resolve("hinge");
    Path squared = tmp.resolve("squared");
    Cli.run("train", "input=" + wine, "loss=logistic", "epochs=5", "output=" + logistic)
        .assertExit(0);
    Cli.run("train", "input=" + wine, "loss=hinge", "epochs=5", "output=" + hinge)
        .assertExit(0);
    Cli.run("train", "input=data/linear.csv", "header=true", "labelColumn=y", "epochs=5",
        "output=" + squared).assertExit(0);
    for (Path m : new Path[] {logistic, hinge, squared}) {
      Cli.run("export", "model=" + m, "output=" + m + "-spark").assertExit(0);
    }
    assertEquals(List.of(weights(logistic, 0)[3]),
        List.of(LogisticRegressionModel.load(logistic + "-spark").coefficients().apply(3)));
    assertEquals(List.of(weights(hinge, 0)[3]),
        List.of(LinearSVCModel.load(hinge + "-spark").coefficients().apply(3)));
    LinearRegressionModel linear = LinearRegressionModel.load(squared + "-spark");
    LinearModel descent = ModelJson.read(squared);
    assertEquals(descent.weights(0)[0], linear.coefficients().apply(0), 0);
    assertEquals(descent.intercept(0), linear.intercept(), 0);
  }

  @Test
  void exportFollowsTheOutputRules() throws Exception {
    Path model = tmp.resolve("m");
    Cli.run("train", "input=data/linear.csv", "header=true", "labelColumn=y", "epochs=3",
        "output=" + model).assertExit(0);
    Path out = tmp.resolve("out");
    Cli.run("export", "model=" + model, "output=" + out, "loss=logistic").assertExit(0)
        .assertErrContains("note: loss has no effect by export");
    Cli.run("export", "model=" + model, "output=" + out).assertExit(2)
        .assertErrContains("overwrite=true");
    Cli.run("export", "model=" + model, "output=" + out, "overwrite=true").assertExit(0);
    Cli.run("export", "model=" + tmp.resolve("none"), "output=" + tmp.resolve("x"))
        .assertExit(3).assertErrContains("no model here");
    Cli.run("export", "model=" + model).assertExit(2).assertErrContains("export needs output");
    Cli.assertNoOutput(tmp.resolve("x"));
    Cli.assertNoHiddenEntries(tmp);
  }
}
