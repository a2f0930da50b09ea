package dev.descent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.descent.Descent;
import dev.descent.data.DataException;
import dev.descent.engine.TrainResult;
import dev.descent.testing.SparkTests;
import dev.descent.testing.TestFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Values whose squares overflow a double (|v| > ~1.34e154) are bad data, found on the executors
 * by the readers: exit 3 naming the file and line (or skipped with onBadRecord=skip), never a
 * "diverged" run with advice about the learning rate.
 */
class OverflowingDataTest {
  @TempDir
  Path tmp;

  /** y = 2x + 1 with a header, and one more line. */
  private Path linear(String name, String extra) {
    return TestFiles.write(tmp, name, "y,x", "3,1", "5,2", extra, "7,3", "9,4", "11,5");
  }

  @Test
  void hugeLabelsWithSquaredLossAreBadDataNamingTheLine() {
    for (String label : new String[] {"1e300", "-1e300", "1.4e154"}) {
      Path input = linear("huge.csv", label + ",2.5");
      Path output = tmp.resolve("model");

      Cli.Result r = Cli.run("train", "input=" + input, "header=true", "labelColumn=y",
          "output=" + output).assertExit(3)
          .assertErrContains(input + ":4:", "label", "is too large: its square overflows a double");
      assertFalse(r.err().contains("diverged"), r.err());
      Cli.assertNoOutput(output);
    }
  }

  @Test
  void hugeFeaturesAndWeightsAreBadDataToo() {
    Path libsvm = TestFiles.write(tmp, "x.libsvm", "1 1:1", "0 1:2 2:3e200", "1 2:1");
    Cli.run("train", "input=" + libsvm, "loss=logistic").assertExit(3)
        .assertErrContains(libsvm + ":2:", "feature 2: 3.0E200 is too large");

    Path weighted = TestFiles.write(tmp, "w.csv", "y,x,w", "3,1,1", "5,2,1e200", "7,3,1");
    Cli.run("train", "input=" + weighted, "header=true", "labelColumn=y", "weightColumn=w")
        .assertExit(3).assertErrContains(weighted + ":3:", "column 3: instance weight 1.0E200 is"
            + " too large");

    Path feature = linear("feature.csv", "4,-2e160");
    Cli.run("train", "input=" + feature, "header=true", "labelColumn=y").assertExit(3)
        .assertErrContains(feature + ":4:", "column 2: value -2.0E160 is too large");
  }

  @Test
  void hugeLabelsAreSkippedWithOnBadRecordSkip() {
    Path input = linear("huge.csv", "1e300,2.5");
    Path output = tmp.resolve("model");

    Cli.Result r = Cli.run("train", "input=" + input, "header=true", "labelColumn=y",
        "optimizer=lbfgs", "onBadRecord=skip", "output=" + output).assertExit(0);

    JsonNode metrics = Cli.readJson(output.resolve("metrics.json"));
    assertEquals(1, metrics.get("skippedRecords").asInt(), r.err());
    assertTrue(metrics.get("skippedExamples").get(0).get("location").asText()
        .endsWith("huge.csv:4"), metrics.toString());
    JsonNode model = Cli.readJson(output.resolve("model.json"));
    assertEquals(2.0, model.get("weights").get(0).asDouble(), 1e-6);
    assertEquals(1.0, model.get("intercept").asDouble(), 1e-6);
  }

  @Test
  void evaluateRefusesHugeLabelsButPredictDoesNotReadThem() {
    Path model = tmp.resolve("model");
    Cli.run("train", "input=" + linear("ok.csv", "4,1.5"), "header=true", "labelColumn=y",
        "output=" + model).assertExit(0);
    Path input = TestFiles.write(tmp, "score.libsvm", "3 1:1", "1e300 1:2");

    Cli.run("evaluate", "model=" + model, "input=" + input).assertExit(3)
        .assertErrContains(input + ":2:", "label 1.0E300 is too large");
    Cli.run("predict", "model=" + model, "input=" + input, "output=" + tmp.resolve("pred"))
        .assertExit(0);
  }

  @Test
  void dataFramesWithHugeValuesAreBadData() {
    StructType schema = DataTypes.createStructType(List.of(
        DataTypes.createStructField("label", DataTypes.DoubleType, false),
        DataTypes.createStructField("x", DataTypes.DoubleType, false)));
    List<Row> rows = new ArrayList<>();
    for (int i = 1; i <= 6; i++) {
      rows.add(RowFactory.create(i == 4 ? -1e300 : 2.0 * i + 1, (double) i));
    }
    var df = SparkTests.session().createDataFrame(rows, schema).coalesce(1);
    DataException e = assertThrows(DataException.class, () -> Descent.trainer()
        .set("featureColumns", "x").fit(df));
    assertTrue(e.getMessage().contains("record 4") && e.getMessage().contains(
        "label -1.0E300 is too large"), e.getMessage());

    TrainResult skipped = Descent.trainer().set("featureColumns", "x").set("onBadRecord", "skip")
        .set("optimizer", "lbfgs").fit(df);
    assertEquals(1, skipped.skipped().count());
    assertEquals(2.0, skipped.model().weights(0)[0], 1e-6);
  }
}
