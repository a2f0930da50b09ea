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
 * predict on headerless CSV from a model trained with a weight column, which predict takes from
 * the model: every layout is read as what it is, or refused, and the label is never a feature.
 * A file of a label and the features (no weight) was read with its label as the first feature
 * and that feature as the weight, exit 0.
 */
class WeightColumnScoringTest {
  @TempDir
  static Path shared;
  static Path labelFirst; // trained on label, weight, a, b
  static Path weightFirst; // trained on weight, a, b, label

  @TempDir
  Path tmp;
  private int runs;

  @BeforeAll
  static void train() {
    List<String> first = new ArrayList<>();
    List<String> last = new ArrayList<>();
    for (int a = 0; a < 4; a++) {
      for (int b = 0; b < 4; b++) {
        first.add(y(a, b) + ",1," + a + "," + b);
        last.add("1," + a + "," + b + "," + y(a, b));
      }
    }
    labelFirst = shared.resolve("first");
    Cli.run("train", "input=" + TestFiles.write(shared, "first.csv", first.toArray(String[]::new)),
        "weightColumn=1", "loss=squared", "optimizer=lbfgs", "tolerance=1e-12",
        "output=" + labelFirst).assertExit(0);
    weightFirst = shared.resolve("last");
    Cli.run("train", "input=" + TestFiles.write(shared, "last.csv", last.toArray(String[]::new)),
        "weightColumn=0", "labelColumn=3", "loss=squared", "optimizer=lbfgs", "tolerance=1e-12",
        "output=" + weightFirst).assertExit(0);
  }

  private static double y(double a, double b) {
    return a + 2 * b;
  }

  @Test
  void aLabelAndTheFeaturesWithoutTheWeightIsRefusedNotMisread() {
    Path input = TestFiles.write(tmp, "x.csv", "7,3,4", "5,1,0");
    Path output = tmp.resolve("pred");
    Cli.run("predict", "model=" + labelFirst, "input=" + input, "output=" + output)
        .assertExit(3).assertErrContains(input + ":1:",
            "has 1 feature columns; expected the model's 2 features");
    Cli.assertNoOutput(output);
  }

  @Test
  void everyLayoutThatFitsIsReadAsWhatItIs() throws IOException {
    assertPredicted(labelFirst, List.of("3,4", "1,0"), List.of()); // the features only
    assertPredicted(labelFirst, List.of("7,1,3,4", "5,2,1,0"), List.of()); // training's layout
    assertPredicted(labelFirst, List.of("7,3,4", "5,1,0"), List.of("weightColumn=none"));
    assertPredicted(weightFirst, List.of("3,4", "1,0"), List.of());
    assertPredicted(weightFirst, List.of("1,3,4", "2,1,0"), List.of()); // the label left out
    assertPredicted(weightFirst, List.of("1,3,4,9", "2,1,0,9"), List.of());
  }

  /** predict on {@code lines} (of the rows a=3, b=4 and a=1, b=0) gives a + 2b. */
  private void assertPredicted(Path model, List<String> lines, List<String> settings)
      throws IOException {
    Path input = TestFiles.write(tmp, "in" + ++runs + ".csv", lines.toArray(String[]::new));
    Path output = tmp.resolve("out" + runs);
    List<String> args = new ArrayList<>(List.of("predict", "model=" + model, "input=" + input,
        "output=" + output));
    args.addAll(settings);
    Cli.run(args.toArray(String[]::new)).assertExit(0);
    List<String> got = new ArrayList<>();
    try (Stream<Path> s = Files.list(output)) {
      for (Path p : s.filter(p -> p.getFileName().toString().startsWith("part-")).sorted()
          .toList()) {
        got.addAll(Files.readAllLines(p));
      }
    }
    assertEquals("prediction", got.get(0), String.join("|", lines));
    assertEquals(y(3, 4), Double.parseDouble(got.get(1)), 1e-6, String.join("|", lines));
    assertEquals(y(1, 0), Double.parseDouble(got.get(2)), 1e-6, String.join("|", lines));
  }
}
