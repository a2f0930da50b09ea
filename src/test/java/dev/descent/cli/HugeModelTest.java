package dev.descent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.descent.model.LinearModel;
import dev.descent.model.ModelJson;
import dev.descent.testing.TestFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Models with finite but huge weights, whose margins overflow the double range (or meet
 * infinity minus infinity): predict and evaluate score them in stable forms, never NaN, and a
 * model.json whose values cannot be scored is refused on load (exit 3, naming the field).
 */
class HugeModelTest {
  @TempDir
  Path tmp;

  private Path save(LinearModel m, String name) throws IOException {
    Path dir = Files.createDirectory(tmp.resolve(name));
    Files.writeString(dir.resolve(ModelJson.FILE_NAME), ModelJson.toString(m));
    return dir;
  }

  @Test
  void aBinaryModelWithHugeWeightsPredictsNoNaN() throws IOException {
    // margins: 1e309 - 1e309 = 0 (the plain sum is inf - inf = NaN), 1e309 - 9e308 > 0,
    // and 9e308 - 1e309 < 0
    Path model = save(new LinearModel("logistic", 2, 2, new double[][] {{1e308, -1e308}},
        new double[] {0}, true, Map.of()), "binary");
    Path input = TestFiles.write(tmp, "x.csv", "10,10", "10,9", "9,10");
    Path output = tmp.resolve("pred");

    Cli.run("predict", "model=" + model, "input=" + input, "output=" + output).assertExit(0);

    List<String> lines = predictions(output);
    assertEquals("prediction,probability_0,probability_1", lines.get(0));
    lines.forEach(l -> assertFalse(l.contains("NaN"), l));
    assertEquals("0,0.5,0.5", lines.get(1));
    assertEquals("1,0.0,1.0", lines.get(2));
    assertEquals("0,1.0,0.0", lines.get(3));
  }

  @Test
  void aSoftmaxModelWithHugeWeightsPredictsNoNaN() throws IOException {
    Path model = save(new LinearModel("softmax", 2, 3, new double[][] {{1e308, 0}, {0, 1e308},
        {-1e308, -1e308}}, new double[] {0, 0, 0}, true, Map.of()), "softmax");
    Path input = TestFiles.write(tmp, "x.csv", "10,9", "9,10", "-10,1");
    Path output = tmp.resolve("pred");

    Cli.run("predict", "model=" + model, "input=" + input, "output=" + output).assertExit(0);

    List<String> lines = predictions(output);
    lines.forEach(l -> assertFalse(l.contains("NaN"), l));
    assertEquals("0,1.0,0.0,0.0", lines.get(1));
    assertEquals("1,0.0,1.0,0.0", lines.get(2));
    assertEquals("2,0.0,0.0,1.0", lines.get(3));
  }

  @Test
  void evaluateScoresHugeMarginsWithoutNaN() throws IOException {
    Path model = save(new LinearModel("logistic", 2, 2, new double[][] {{1e308, -1e308}},
        new double[] {0}, true, Map.of()), "binary");
    Path input = TestFiles.write(tmp, "xy.csv", "1,11,10", "1,10,9", "0,9,10");

    Cli.Result r = Cli.run("evaluate", "model=" + model, "input=" + input).assertExit(0);

    JsonNode metrics = Cli.parseJson(r.out()).path("metrics");
    assertTrue(metrics.has("accuracy"), r.out());
    assertEquals(1.0, metrics.get("accuracy").asDouble(), 0.0);
    // every margin is beyond the double range on the right side: no loss (not NaN)
    assertEquals(0.0, metrics.get("logLoss").asDouble(), 0.0);
    assertEquals(1.0, metrics.get("auc").asDouble(), 0.0);
  }

  @Test
  void aModelThatCannotBeScoredIsRefusedNamingTheField() throws IOException {
    Path dir = Files.createDirectory(tmp.resolve("one-class"));
    Files.writeString(dir.resolve(ModelJson.FILE_NAME), String.join("\n",
        "{\"format\": \"descent-linear-model\", \"formatVersion\": 1, \"loss\": \"softmax\",",
        " \"numFeatures\": 1, \"numClasses\": 1, \"fitIntercept\": true,",
        " \"intercept\": [0.0], \"weights\": [[1.0]], \"settings\": {}}"));
    Path input = TestFiles.write(tmp, "x.csv", "1", "2");
    Path output = tmp.resolve("pred");

    Cli.run("predict", "model=" + dir, "input=" + input, "output=" + output).assertExit(3)
        .assertErrContains("unreadable model", "\"numClasses\" is 1, but a softmax model has"
            + " at least 2");
    Files.writeString(dir.resolve(ModelJson.FILE_NAME), Files.readString(dir.resolve(
        ModelJson.FILE_NAME)).replace("\"softmax\"", "\"squared\"").replace("\"numClasses\": 1",
        "\"numClasses\": 0").replace("[0.0]", "0.0").replace("[[1.0]]", "[1.0]")
        .replace("\"numFeatures\": 1", "\"numFeatures\": 1.5"));
    Cli.run("evaluate", "model=" + dir, "input=" + input).assertExit(3)
        .assertErrContains("unreadable model", "\"numFeatures\" must be a non-negative integer");

    Cli.assertNoOutput(output);
  }

  private static List<String> predictions(Path dir) throws IOException {
    List<String> lines = new ArrayList<>();
    try (Stream<Path> s = Files.list(dir)) {
      for (Path p : s.filter(p -> p.getFileName().toString().startsWith("part-")).sorted()
          .toList()) {
        lines.addAll(Files.readAllLines(p));
      }
    }
    assertTrue(lines.size() > 1, "no predictions in " + dir);
    return lines;
  }
}
