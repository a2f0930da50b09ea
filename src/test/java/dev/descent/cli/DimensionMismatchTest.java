package dev.descent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.descent.testing.TestFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Data that does not fit the model in predict and evaluate: a clear data error (exit 3) naming
 * the file, the line where there is one, and the model's dimension; never a wrong prediction or
 * an exception from deep inside.
 */
class DimensionMismatchTest {
  @TempDir
  static Path models;
  static Path wine; // logistic, 13 features
  static Path iris; // softmax, 3 classes, 4 features
  static Path line; // squared, 1 feature (CSV with a header: label y, feature x)
  /** The headerless CSV files below are read with this: the line model's training had one. */
  static final String NO_HEADER = "header=false";

  @TempDir
  Path tmp;

  @BeforeAll
  static void trainModels() {
    wine = models.resolve("wine");
    Cli.run("train", "input=data/wine_binary.libsvm", "loss=logistic", "optimizer=lbfgs",
        "epochs=5", "output=" + wine).assertExit(0);
    iris = models.resolve("iris");
    Cli.run("train", "input=data/iris.libsvm", "loss=softmax", "optimizer=lbfgs", "epochs=5",
        "output=" + iris).assertExit(0);
    line = models.resolve("line");
    Cli.run("train", "conf/default.properties", "output=" + line).assertExit(0);
  }

  private Cli.Result predict(Path model, Path input, String... more) {
    return Cli.run(Stream.concat(Stream.of("predict", "model=" + model, "input=" + input,
        "output=" + tmp.resolve("pred")), Stream.of(more)).toArray(String[]::new));
  }

  private static Cli.Result evaluate(Path model, Path input, String... more) {
    return Cli.run(Stream.concat(Stream.of("evaluate", "model=" + model, "input=" + input),
        Stream.of(more)).toArray(String[]::new));
  }

  @Test
  void predictOnALibsvmIndexBeyondTheModelNamesLineAndDimension() throws IOException {
    List<String> lines = Files.readAllLines(Path.of("data/wine_binary.libsvm")).subList(0, 4);
    List<String> withWide = new ArrayList<>(lines);
    withWide.add(2, "1 2:0.5 14:1");
    Path input = TestFiles.write(tmp, "wide.libsvm", withWide.toArray(String[]::new));

    predict(wine, input).assertExit(3).assertErrContains(input + ":3:",
        "feature index 14 is beyond the model's 13 features");

    Cli.assertNoOutput(tmp.resolve("pred"));
  }

  @Test
  void csvWithTooManyColumnsForTheModelIsRefusedBeforeReading() {
    Path input = TestFiles.write(tmp, "three.csv", "1,2,3", "4,5,6");

    predict(line, input, NO_HEADER).assertExit(3).assertErrContains(input + ":1:",
        "has 2 feature columns; expected the model's 1 feature");
    evaluate(line, input, NO_HEADER).assertExit(3).assertErrContains(input + ":1:",
        "has 2 feature columns; expected the model's 1 feature");

    Cli.assertNoOutput(tmp.resolve("pred"));
  }

  @Test
  void csvWithTooFewColumnsForTheModelIsRefused() {
    Path input = TestFiles.write(tmp, "one.csv", "1", "4");

    evaluate(line, input, NO_HEADER).assertExit(3).assertErrContains(input + ":1:",
        "has 0 feature columns; expected the model's 1 feature");
  }

  @Test
  void predictReadsACsvOfExactlyTheModelsFeaturesWithoutALabel() throws IOException {
    Path input = TestFiles.write(tmp, "x.csv", "1", "10");

    predict(line, input, NO_HEADER).assertExit(0);

    List<String> out = predictions(tmp.resolve("pred"));
    assertEquals("prediction", out.get(0));
    assertEquals(3.0, Double.parseDouble(out.get(1)), 1e-6); // y = 2x + 1
    assertEquals(21.0, Double.parseDouble(out.get(2)), 1e-6);
  }

  @Test
  void aCsvLineWithADifferentColumnCountNamesItsLine() {
    Path input = TestFiles.write(tmp, "ragged.csv", "3,1", "5,2", "7,3,9", "9,4");

    evaluate(line, input, NO_HEADER).assertExit(3).assertErrContains(input + ":3:",
        "expected 2 columns, found more");
    predict(line, input, NO_HEADER).assertExit(3).assertErrContains(input + ":3:");
  }

  @Test
  void evaluateWithALabelBeyondTheSoftmaxModelsClassesNamesLineAndClasses() {
    Path input = TestFiles.write(tmp, "four-classes.libsvm", "0 1:1", "2 1:1 3:1", "3 2:1",
        "1 4:2");

    evaluate(iris, input).assertExit(3).assertErrContains(input + ":3:",
        "label 3 is outside 0..2 (numClasses=3)");
  }

  @Test
  void predictIgnoresLabelsItDoesNotUse() throws IOException {
    Path input = TestFiles.write(tmp, "four-classes.libsvm", "0 1:1", "7 2:1", "-2.5 4:2");

    predict(iris, input).assertExit(0);

    assertEquals(4, predictions(tmp.resolve("pred")).size());
  }

  @Test
  void evaluateWithANonBinaryLabelForALogisticModelNamesTheLine() {
    Path input = TestFiles.write(tmp, "labels.libsvm", "1 1:1", "0 1:2", "2 1:3");

    evaluate(wine, input).assertExit(3).assertErrContains(input + ":3:",
        "label 2 is not a binary class label");
  }

  /** The prediction part files, concatenated in name order. */
  private static List<String> predictions(Path dir) throws IOException {
    List<String> lines = new ArrayList<>();
    try (Stream<Path> s = Files.list(dir)) {
      for (Path p : s.filter(p -> p.getFileName().toString().startsWith("part-")).sorted()
          .toList()) {
        lines.addAll(Files.readAllLines(p));
      }
    }
    return lines;
  }
}
