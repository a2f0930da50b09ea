package dev.descent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.descent.testing.TestFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** predict and evaluate against models trained by the command line. */
class PredictEvaluateTest {
  static final String WINE = "data/wine_binary.libsvm";
  static final String IRIS = "data/iris.libsvm";

  @TempDir
  static Path models;
  static Path wineModel;
  static Path irisModel;

  @TempDir
  Path tmp;

  @BeforeAll
  static void trainModels() {
    wineModel = models.resolve("wine");
    Cli.run("train", "input=" + WINE, "loss=logistic", "standardize=false", "regParam=0.01",
        "optimizer=lbfgs", "output=" + wineModel).assertExit(0);
    irisModel = models.resolve("iris");
    Cli.run("train", "input=" + IRIS, "loss=softmax", "regParam=0.01", "optimizer=lbfgs",
        "output=" + irisModel).assertExit(0);
  }

  // ---- predict ----

  @Test
  void logisticPredictionsFollowTheInputAndAgreeWithTheModelByHand() {
    Path output = tmp.resolve("pred");

    Cli.run("predict", "input=" + WINE, "model=" + wineModel, "output=" + output).assertExit(0);

    assertPredictionsMatchByHand(output, wineModel, WINE);
    Cli.assertNoHiddenEntries(tmp);
  }

  @Test
  void predictionsKeepTheInputOrderOverSeveralPartitions() {
    Path output = tmp.resolve("pred");

    Cli.run("predict", "input=" + WINE, "model=" + wineModel, "output=" + output,
        "partitions=3").assertExit(0);

    assertTrue(partFiles(output).size() >= 3, "part files: " + partFiles(output));
    assertPredictionsMatchByHand(output, wineModel, WINE);
  }

  @Test
  void softmaxPredictionsHaveOneProbabilityPerClass() {
    Path output = tmp.resolve("pred");

    Cli.run("predict", "input=" + IRIS, "model=" + irisModel, "output=" + output).assertExit(0);

    List<String> lines = predictionLines(output);
    assertEquals("prediction,probability_0,probability_1,probability_2", lines.get(0));
    assertPredictionsMatchByHand(output, irisModel, IRIS);
  }

  @Test
  void predictWithoutOutputIsAUsageError() {
    Cli.run("predict", "input=" + WINE, "model=" + wineModel).assertExit(2)
        .assertErrContains("output");
  }

  @Test
  void predictIntoExistingOutputIsRefused() throws IOException {
    Path output = Files.createDirectory(tmp.resolve("pred"));

    Cli.run("predict", "input=" + WINE, "model=" + wineModel, "output=" + output).assertExit(2)
        .assertErrContains("overwrite=true");

    try (Stream<Path> s = Files.list(output)) {
      assertEquals(0, s.count(), "the existing directory must stay as it was");
    }
  }

  @Test
  void predictWithACorruptModelIsBadData() throws IOException {
    Path model = Files.createDirectory(tmp.resolve("model"));
    String json = Files.readString(wineModel.resolve("model.json"));
    Files.writeString(model.resolve("model.json"), json.substring(0, json.length() / 2));
    Path output = tmp.resolve("pred");

    Cli.run("predict", "input=" + WINE, "model=" + model, "output=" + output).assertExit(3)
        .assertErrContains("model.json");

    Cli.assertNoOutput(output);
  }

  @Test
  void predictWithAModelEditedInPlaceIsBadData() throws IOException {
    // A model directory as train wrote it (checksum files included), then truncated in place.
    Path model = tmp.resolve("model");
    copyDirectory(wineModel, model);
    String json = Files.readString(model.resolve("model.json"));
    Files.writeString(model.resolve("model.json"), json.substring(0, json.length() / 2));
    Path output = tmp.resolve("pred");

    Cli.run("predict", "input=" + WINE, "model=" + model, "output=" + output).assertExit(3)
        .assertErrContains("model.json");

    Cli.assertNoOutput(output);
  }

  @Test
  void predictWithoutAModelThereIsBadData() {
    Path output = tmp.resolve("pred");

    Cli.run("predict", "input=" + WINE, "model=" + tmp.resolve("nothing"), "output=" + output)
        .assertExit(3).assertErrContains("no model here");

    Cli.assertNoOutput(output);
  }

  @Test
  void predictOnMalformedDataLeavesNoOutputOrStaging() {
    Path input = TestFiles.write(tmp, "bad.libsvm", "1 1:0.5", "0 2:0.1", "1 1:zz", "0 1:1");
    Path output = tmp.resolve("pred");

    Cli.run("predict", "input=" + input, "model=" + wineModel, "output=" + output).assertExit(3)
        .assertErrContains(input + ":3:");

    Cli.assertNoOutput(output);
  }

  /**
   * An input without rows is bad data for predict too (exit 3, as for train and evaluate): it
   * wrote an output holding only _SUCCESS (LIBSVM) or the header line (CSV), exit 0, which a
   * scheduled scoring job would have published as a result.
   */
  @Test
  void predictOnAnInputWithoutRowsIsBadDataAndWritesNothing() throws IOException {
    Path empty = Files.createFile(tmp.resolve("empty.libsvm"));
    Path output = tmp.resolve("pred");
    Cli.run("predict", "input=" + empty, "model=" + wineModel, "output=" + output).assertExit(3)
        .assertErrContains(empty.toString(), "no data rows to score");
    Cli.assertNoOutput(output);
    Path headerOnly = TestFiles.write(tmp, "header.csv", "y,a,b");
    Path csvModel = tmp.resolve("csv-model");
    Cli.run("train", "input=" + TestFiles.write(tmp, "t.csv", "y,a,b", "1,1,0", "2,0,1",
        "3,1,1"), "header=true", "optimizer=lbfgs", "output=" + csvModel).assertExit(0);
    Cli.run("predict", "input=" + headerOnly, "model=" + csvModel, "output=" + output)
        .assertExit(3).assertErrContains("no data rows to score");
    Cli.assertNoOutput(output);
  }

  // ---- evaluate ----

  @Test
  void evaluatePrintsMetricsAgreeingWithTraining() {
    Cli.Result r = Cli.run("evaluate", "input=" + WINE, "model=" + wineModel).assertExit(0);

    JsonNode metrics = Cli.parseJson(r.out()).path("metrics");
    assertEquals(178, metrics.path("rows").asInt());
    assertTrue(metrics.path("accuracy").asDouble() > 0.95, metrics.toString());
    assertTrue(metrics.path("auc").asDouble() > 0.99, metrics.toString());
    double finalLoss = Cli.readJson(wineModel.resolve("metrics.json")).path("finalLoss")
        .asDouble();
    assertEquals(finalLoss, metrics.path("logLoss").asDouble(), 1e-9);
  }

  @Test
  void evaluateWithOutputWritesEvaluationJson() {
    Path output = tmp.resolve("eval");

    Cli.Result r = Cli.run("evaluate", "input=" + WINE, "model=" + wineModel,
        "output=" + output).assertExit(0);

    assertEquals(Cli.parseJson(r.out()), Cli.readJson(output.resolve("evaluation.json")));
    assertTrue(Files.exists(output.resolve("_SUCCESS")));
    Cli.assertNoHiddenEntries(tmp);
  }

  @Test
  void evaluateOnRowsWiderThanTheModelNamesFileLineAndDimension() throws IOException {
    List<String> wine = Files.readAllLines(Path.of(WINE));
    Path input = TestFiles.write(tmp, "wide.libsvm", wine.get(0), wine.get(1),
        "1 1:0.5 14:1.0", wine.get(2));

    Cli.run("evaluate", "input=" + input, "model=" + wineModel).assertExit(3)
        .assertErrContains(input + ":3:", "the model's 13 features");
  }

  // ---- helpers ----

  /**
   * The concatenated part files hold the header and one line per input row, in input order, with
   * probabilities that sum to 1 and equal those of model.json's weights applied by hand.
   */
  private static void assertPredictionsMatchByHand(Path predictions, Path model, String input) {
    JsonNode json = Cli.readJson(model.resolve("model.json"));
    double[][] w = weights(json);
    double[] b = intercepts(json);
    List<double[]> rows = readLibsvm(Path.of(input), json.path("numFeatures").asInt());
    List<String> lines = predictionLines(predictions);

    int classes = Math.max(2, json.path("numClasses").asInt());
    StringBuilder header = new StringBuilder("prediction");
    for (int k = 0; k < classes; k++) {
      header.append(",probability_").append(k);
    }
    assertEquals(header.toString(), lines.get(0));
    assertEquals(rows.size() + 1, lines.size(), "one line per input row");
    for (int i = 0; i < rows.size(); i++) {
      double[] expected = probabilities(w, b, rows.get(i));
      String[] cells = lines.get(i + 1).split(",");
      assertEquals(classes + 1, cells.length, lines.get(i + 1));
      double sum = 0;
      int best = 0;
      for (int k = 0; k < classes; k++) {
        double p = Double.parseDouble(cells[k + 1]);
        assertEquals(expected[k], p, 1e-12, "row " + (i + 1) + ", class " + k);
        sum += p;
        best = expected[k] > expected[best] ? k : best;
      }
      assertEquals(1.0, sum, 1e-12, "row " + (i + 1));
      assertEquals(best, Integer.parseInt(cells[0]), "row " + (i + 1));
    }
  }

  private static double[] probabilities(double[][] w, double[] b, double[] x) {
    double[] m = new double[w.length];
    for (int k = 0; k < w.length; k++) {
      m[k] = b[k];
      for (int j = 0; j < x.length; j++) {
        m[k] += w[k][j] * x[j];
      }
    }
    if (m.length == 1) {
      double p1 = 1 / (1 + Math.exp(-m[0]));
      return new double[] {1 - p1, p1};
    }
    double max = Double.NEGATIVE_INFINITY;
    for (double v : m) {
      max = Math.max(max, v);
    }
    double sum = 0;
    double[] p = new double[m.length];
    for (int k = 0; k < m.length; k++) {
      p[k] = Math.exp(m[k] - max);
      sum += p[k];
    }
    for (int k = 0; k < m.length; k++) {
      p[k] /= sum;
    }
    return p;
  }

  private static double[][] weights(JsonNode model) {
    JsonNode w = model.path("weights");
    if (!w.get(0).isArray()) {
      return new double[][] {doubles(w)};
    }
    double[][] out = new double[w.size()][];
    for (int k = 0; k < w.size(); k++) {
      out[k] = doubles(w.get(k));
    }
    return out;
  }

  private static double[] intercepts(JsonNode model) {
    JsonNode b = model.path("intercept");
    return b.isArray() ? doubles(b) : new double[] {b.asDouble()};
  }

  private static double[] doubles(JsonNode array) {
    double[] out = new double[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = array.get(i).asDouble();
    }
    return out;
  }

  /** Dense feature vectors of a LIBSVM file, in file order. */
  private static List<double[]> readLibsvm(Path file, int numFeatures) {
    List<double[]> rows = new ArrayList<>();
    try {
      for (String line : Files.readAllLines(file)) {
        if (line.isBlank()) {
          continue;
        }
        String[] tokens = line.trim().split("\\s+");
        double[] x = new double[numFeatures];
        for (int t = 1; t < tokens.length; t++) {
          int colon = tokens[t].indexOf(':');
          x[Integer.parseInt(tokens[t].substring(0, colon)) - 1] =
              Double.parseDouble(tokens[t].substring(colon + 1));
        }
        rows.add(x);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return rows;
  }

  private static List<Path> partFiles(Path dir) {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().startsWith("part-")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> predictionLines(Path dir) {
    List<String> lines = new ArrayList<>();
    try {
      for (Path part : partFiles(dir)) {
        lines.addAll(Files.readAllLines(part));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    assertFalse(lines.isEmpty(), "no prediction lines in " + dir);
    return lines;
  }

  private static void copyDirectory(Path from, Path to) throws IOException {
    Files.createDirectories(to);
    try (Stream<Path> s = Files.list(from)) {
      for (Path p : s.toList()) {
        Files.copy(p, to.resolve(p.getFileName()));
      }
    }
  }
}
