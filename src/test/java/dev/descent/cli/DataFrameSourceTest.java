package dev.descent.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.descent.testing.SparkTests;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Spark data sources (Parquet here) through the command line: training, prediction and
 * evaluation agree with the same rows read as text, and column problems are clear errors.
 */
class DataFrameSourceTest {
  static final String WINE = "data/wine_binary.libsvm";
  static final String[] WINE_SETTINGS = {"loss=logistic", "optimizer=lbfgs", "regParam=0.01"};

  @TempDir
  static Path data;
  /** The wine rows as Parquet: id, label, features (a vector), name (a string); one file. */
  static Path wineParquet;
  /** Regression rows: id, y, w and features a (int), b (float), c (double), d (decimal). */
  static Path columnsParquet;
  /** The same rows as CSV with a header: y, w, a, b, c, d. */
  static Path columnsCsv;
  static Path wineModel;

  @TempDir
  Path tmp;

  @BeforeAll
  static void writeData() throws IOException {
    SparkSession spark = SparkTests.session();
    wineParquet = data.resolve("wine.parquet");
    spark.read().format("libsvm").load(WINE).coalesce(1)
        .withColumn("id", functions.monotonically_increasing_id())
        .withColumn("name", functions.concat(functions.lit("wine-"), functions.col("id")))
        .select("id", "label", "features", "name")
        .write().parquet(wineParquet.toString());

    Random r = new Random(3);
    List<Row> rows = new ArrayList<>();
    List<String> csv = new ArrayList<>(List.of("y,w,a,b,c,d"));
    for (int i = 0; i < 60; i++) {
      int a = r.nextInt(7) - 3;
      float b = r.nextInt(40) / 4f; // exact in float, double and text
      double c = r.nextGaussian();
      BigDecimal d = BigDecimal.valueOf(r.nextInt(2000) - 1000, 3);
      double w = 0.5 + r.nextInt(4);
      double y = 1 + 2 * a - 0.5 * b + 3 * c + d.doubleValue() + 0.1 * r.nextGaussian();
      rows.add(RowFactory.create((long) i, y, w, a, b, c, d));
      csv.add(y + "," + w + "," + a + "," + b + "," + c + "," + d.toPlainString());
    }
    StructType schema = new StructType(new StructField[] {
        DataTypes.createStructField("id", DataTypes.LongType, false),
        DataTypes.createStructField("y", DataTypes.DoubleType, true),
        DataTypes.createStructField("w", DataTypes.DoubleType, false),
        DataTypes.createStructField("a", DataTypes.IntegerType, false),
        DataTypes.createStructField("b", DataTypes.FloatType, false),
        DataTypes.createStructField("c", DataTypes.DoubleType, false),
        DataTypes.createStructField("d", DataTypes.createDecimalType(10, 3), false)});
    columnsParquet = data.resolve("columns.parquet");
    spark.createDataFrame(rows, schema).repartition(2).write().parquet(columnsParquet.toString());
    columnsCsv = data.resolve("columns.csv");
    Files.write(columnsCsv, csv);

    wineModel = data.resolve("wine-model");
    train(WINE, wineModel).assertExit(0);
  }

  /** Trains with WINE_SETTINGS, of which {@code more} replaces those with the same key. */
  private static Cli.Result train(String input, Path output, String... more) {
    java.util.Set<String> given = Stream.of(more).map(kv -> kv.substring(0, kv.indexOf('=')))
        .collect(java.util.stream.Collectors.toSet());
    Stream<String> defaults = Stream.of(WINE_SETTINGS)
        .filter(kv -> !given.contains(kv.substring(0, kv.indexOf('='))));
    return Cli.run(Stream.concat(Stream.of("train", "input=" + input, "output=" + output),
        Stream.concat(defaults, Stream.of(more))).toArray(String[]::new));
  }

  private static double[] weights(Path modelDir) {
    JsonNode w = Cli.readJson(modelDir.resolve("model.json")).get("weights");
    double[] out = new double[w.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = w.get(i).asDouble();
    }
    return out;
  }

  private static double intercept(Path modelDir) {
    return Cli.readJson(modelDir.resolve("model.json")).get("intercept").asDouble();
  }

  /** The lines of text part files, in name order. */
  private static List<String> textParts(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      List<String> lines = new ArrayList<>();
      for (Path p : files.filter(f -> f.getFileName().toString().startsWith("part-")).sorted()
          .toList()) {
        lines.addAll(Files.readAllLines(p));
      }
      return lines;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The rows of Parquet part files, read one file at a time in name order. */
  private static List<Row> parquetParts(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      List<Row> rows = new ArrayList<>();
      for (Path p : files.filter(f -> f.getFileName().toString().startsWith("part-")).sorted()
          .toList()) {
        rows.addAll(SparkTests.session().read().parquet(p.toString()).collectAsList());
      }
      return rows;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // ---- training ----

  @Test
  void parquetWithAVectorColumnTrainsAsTheSameRowsInLibsvm() {
    Path model = tmp.resolve("m");
    // format=auto: a name ending .parquet is Parquet.
    train(wineParquet.toString(), model).assertExit(0);

    JsonNode json = Cli.readJson(model.resolve("model.json"));
    assertEquals(13, json.get("numFeatures").asInt());
    assertArrayEquals(weights(wineModel), weights(model), 1e-9);
    assertEquals(intercept(wineModel), intercept(model), 1e-9);
    assertTrue(Files.exists(model.resolve("_SUCCESS")));
  }

  @Test
  void numericColumnsOfAnyTypeAreFeaturesAsInCsv() {
    Path fromCsv = tmp.resolve("csv");
    Path fromParquet = tmp.resolve("parquet");
    String[] common = {"optimizer=lbfgs", "tolerance=1e-12", "labelColumn=y",
        "weightColumn=w"};
    Cli.run(Stream.concat(Stream.of("train", "input=" + columnsCsv, "header=true",
        "output=" + fromCsv), Stream.of(common)).toArray(String[]::new)).assertExit(0);
    Cli.run(Stream.concat(Stream.of("train", "input=" + columnsParquet, "format=parquet",
        "featureColumns=a, b, c, d", "output=" + fromParquet), Stream.of(common))
        .toArray(String[]::new)).assertExit(0);

    assertArrayEquals(weights(fromCsv), weights(fromParquet), 1e-9);
    assertEquals(intercept(fromCsv), intercept(fromParquet), 1e-9);
    // A table partitioned by a column (directories a=-3, a=-2, ...) reads the same.
    Path partitioned = tmp.resolve("partitioned");
    SparkTests.session().read().parquet(columnsParquet.toString()).write().partitionBy("a")
        .parquet(partitioned.toString());
    Path fromTable = tmp.resolve("table");
    Cli.run(Stream.concat(Stream.of("train", "input=" + partitioned, "format=parquet",
        "featureColumns=a,b,c,d", "output=" + fromTable), Stream.of(common))
        .toArray(String[]::new)).assertExit(0);
    assertArrayEquals(weights(fromCsv), weights(fromTable), 1e-9);
    // The weights are the generating ones (the noise is small): the columns were not mixed up.
    assertArrayEquals(new double[] {2, -0.5, 3, 1}, weights(fromParquet), 0.1);
  }

  // ---- predict and evaluate ----

  @Test
  void parquetPredictionsEqualTextPredictionsAndKeepTheIdColumn() {
    Path text = tmp.resolve("text");
    Path parquet = tmp.resolve("parquet");
    Cli.run("predict", "input=" + WINE, "model=" + wineModel, "output=" + text).assertExit(0);
    Cli.run("predict", "input=" + wineParquet, "model=" + wineModel, "output=" + parquet,
        "outputFormat=parquet", "keepColumns=id").assertExit(0);

    List<String> lines = textParts(text);
    assertEquals("prediction,probability_0,probability_1", lines.get(0));
    List<Row> rows = parquetParts(parquet);
    assertEquals(lines.size() - 1, rows.size());
    assertEquals(List.of("id", "prediction", "probability_0", "probability_1"),
        List.of(rows.get(0).schema().fieldNames()));
    for (int i = 0; i < rows.size(); i++) {
      String[] expected = lines.get(i + 1).split(",");
      Row row = rows.get(i);
      assertEquals(i, row.getLong(0)); // the id written with row i
      for (int k = 0; k < expected.length; k++) {
        assertEquals(Double.parseDouble(expected[k]), row.getDouble(k + 1), 0, "row " + i);
      }
    }
    assertTrue(Files.exists(parquet.resolve("_SUCCESS")));
    Cli.assertNoHiddenEntries(tmp);
  }

  @Test
  void parquetInputPredictsToTextAndEvaluatesAsTheLibsvmFile() {
    Path fromLibsvm = tmp.resolve("a");
    Path fromParquet = tmp.resolve("b");
    Cli.run("predict", "input=" + WINE, "model=" + wineModel, "output=" + fromLibsvm)
        .assertExit(0);
    Cli.run("predict", "input=" + wineParquet, "model=" + wineModel, "output=" + fromParquet)
        .assertExit(0);
    assertEquals(textParts(fromLibsvm), textParts(fromParquet));

    JsonNode a = Cli.parseJson(Cli.run("evaluate", "input=" + WINE, "model=" + wineModel)
        .assertExit(0).out());
    JsonNode b = Cli.parseJson(Cli.run("evaluate", "input=" + wineParquet,
        "model=" + wineModel).assertExit(0).out());
    for (String metric : new String[] {"rows", "accuracy", "logLoss", "auc"}) {
      assertEquals(a.get("metrics").get(metric).asDouble(), b.get("metrics").get(metric)
          .asDouble(), 1e-12, metric);
    }
  }

  // ---- errors ----

  @Test
  void aMissingColumnIsBadDataNamingIt() {
    Path output = tmp.resolve("out");
    train(wineParquet.toString(), output, "labelColumn=target").assertExit(3)
        .assertErrContains("no column 'target' (labelColumn)", "id, label, features, name");
    Cli.assertNoOutput(output);
    train(columnsParquet.toString(), output, "featureColumns=a,B", "loss=squared",
        "labelColumn=y").assertExit(3).assertErrContains("no column 'B' (featureColumns)",
        "did you mean 'b'?");
  }

  @Test
  void aColumnOfTheWrongTypeIsBadDataNamingIt() {
    Path output = tmp.resolve("out");
    train(wineParquet.toString(), output, "featuresColumn=name").assertExit(3)
        .assertErrContains("column 'name' (featuresColumn) is string",
            "a Spark ML vector or an array of numbers");
    train(wineParquet.toString(), output, "featuresColumn=id").assertExit(3)
        .assertErrContains("column 'id' (featuresColumn) is bigint", "featureColumns");
    train(wineParquet.toString(), output, "weightColumn=name").assertExit(3)
        .assertErrContains("column 'name' (weightColumn) is string; it must be numeric");
    Cli.assertNoOutput(output);
  }

  @Test
  void aNullLabelIsBadDataNamingColumnAndRecord() {
    Path withNull = tmp.resolve("null.parquet");
    SparkTests.session().read().parquet(columnsParquet.toString()).coalesce(1)
        .withColumn("y", functions.when(functions.col("id").equalTo(7), functions.lit(null))
            .otherwise(functions.col("y")))
        .orderBy("id").write().parquet(withNull.toString());
    Path output = tmp.resolve("out");
    Cli.run("train", "input=" + withNull, "featureColumns=a,b,c,d", "labelColumn=y",
        "output=" + output).assertExit(3)
        .assertErrContains(withNull.toString(), "record 8", "column 'y': null value");
    Cli.assertNoOutput(output);
  }

  @Test
  void featuresThatDoNotFitTheModelAreBadData() {
    Cli.run("predict", "input=" + columnsParquet, "model=" + wineModel,
        "featureColumns=a,b,c,d", "output=" + tmp.resolve("out")).assertExit(3)
        .assertErrContains("featureColumns lists 4 columns; expected the model's 13 features");
  }

  @Test
  void filesSparkCannotReadAsTheFormatAreBadData() {
    train(WINE, tmp.resolve("out"), "format=parquet").assertExit(3)
        .assertErrContains(WINE, "cannot be read as parquet");
    train(tmp.resolve("nothing.parquet").toString(), tmp.resolve("out")).assertExit(3)
        .assertErrContains("no input file found");
  }

  @Test
  void contradictoryOrUnknownSettingsAreUsageErrors() {
    Path output = tmp.resolve("out");
    train(wineParquet.toString(), output, "featuresColumn=features", "featureColumns=a")
        .assertExit(2).assertErrContains("featuresColumn and featureColumns");
    train(wineParquet.toString(), output, "format=nosuchsource").assertExit(2)
        .assertErrContains("format", "'nosuchsource'", "no data source");
    train(columnsCsv.toString(), output, "header=true", "featureColumns=a,b").assertExit(2)
        .assertErrContains("featureColumns applies to Spark data sources");
    Cli.run("predict", "input=" + wineParquet, "model=" + wineModel, "output=" + output,
        "outputFormat=nosuchsink").assertExit(2).assertErrContains("outputFormat",
        "'nosuchsink'");
    Cli.run("predict", "input=" + wineParquet, "model=" + wineModel, "output=" + output,
        "keepColumns=id").assertExit(2).assertErrContains("keepColumns", "outputFormat is text");
    Cli.run("predict", "input=" + wineParquet, "model=" + wineModel, "output=" + output,
        "outputFormat=parquet", "keepColumns=prediction").assertExit(2)
        .assertErrContains("keepColumns names 'prediction'");
    Cli.assertNoOutput(output);
  }
}
