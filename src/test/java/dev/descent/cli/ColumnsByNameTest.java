package dev.descent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.descent.testing.TestFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model trained on named columns records their names, and predict and evaluate find the
 * features by name: a file with the same columns in another order is scored right, a missing
 * feature is bad data naming it, extra columns are left out with a note, and a file one column
 * short never turns its label into a feature.
 */
class ColumnsByNameTest {
  /** revenue = 1 + 2 price - 0.5 stock + 3 promo, exactly. */
  static double revenue(double price, double stock, double promo) {
    return 1 + 2 * price - 0.5 * stock + 3 * promo;
  }

  @TempDir
  static Path shared;
  static Path model;
  static final double[][] ROWS = new double[40][];

  @TempDir
  Path tmp;

  @BeforeAll
  static void train() {
    Random r = new Random(11);
    List<String> lines = new ArrayList<>(List.of("price,stock,promo,y"));
    for (int i = 0; i < ROWS.length; i++) {
      double price = r.nextInt(100) / 4.0;
      double stock = r.nextInt(50);
      double promo = r.nextInt(2);
      ROWS[i] = new double[] {price, stock, promo};
      lines.add(price + "," + stock + "," + promo + "," + revenue(price, stock, promo));
    }
    Path input = TestFiles.write(shared, "sales.csv", lines.toArray(String[]::new));
    model = shared.resolve("model");
    Cli.run("train", "input=" + input, "header=true", "labelColumn=y", "optimizer=lbfgs",
        "tolerance=1e-12", "output=" + model).assertExit(0);
  }

  /** The rows as CSV lines with the columns in {@code order} (price, stock, promo, y, id). */
  private Path file(String name, String... order) {
    List<String> lines = new ArrayList<>(List.of(String.join(",", order)));
    for (int i = 0; i < ROWS.length; i++) {
      double[] x = ROWS[i];
      List<String> cells = new ArrayList<>();
      for (String column : order) {
        cells.add(switch (column) {
          case "price" -> Double.toString(x[0]);
          case "stock" -> Double.toString(x[1]);
          case "promo" -> Double.toString(x[2]);
          case "y" -> Double.toString(revenue(x[0], x[1], x[2]));
          case "id" -> Integer.toString(i);
          case "discount" -> "0.5";
          default -> "text-" + i; // a column no number is in
        });
      }
      lines.add(String.join(",", cells));
    }
    return TestFiles.write(tmp, name, lines.toArray(String[]::new));
  }

  @Test
  void modelJsonRecordsTheFeatureNames() {
    JsonNode json = Cli.readJson(model.resolve("model.json"));
    assertEquals("[\"price\",\"stock\",\"promo\"]", json.get("featureNames").toString());
  }

  @Test
  void reorderedColumnsAreScoredByName() throws IOException {
    Path input = file("reordered.csv", "stock", "price", "promo");
    Path output = tmp.resolve("pred");

    Cli.run("predict", "model=" + model, "input=" + input, "header=true", "output=" + output)
        .assertExit(0);

    assertPredictionsRight(output);
  }

  @Test
  void predictAndEvaluateReadTheInputAsTrainingDidUnlessTold() throws IOException {
    Path input = file("reordered.csv", "promo", "y", "stock", "price");
    Path output = tmp.resolve("pred");

    Cli.Result r = Cli.run("predict", "model=" + model, "input=" + input, "output=" + output)
        .assertExit(0).assertErrContains("note: reading the input as the model's training run"
            + " read its own: header=true, labelColumn=y");
    assertPredictionsRight(output);
    assertFalse(r.err().contains("not among the model's features"), r.err());

    Cli.Result e = Cli.run("evaluate", "model=" + model, "input=" + input).assertExit(0);
    assertEquals(0, Cli.parseJson(e.out()).path("metrics").get("mse").asDouble(), 1e-12);
  }

  @Test
  void extraColumnsAreLeftOutWithOneNote() throws IOException {
    Path input = file("extra.csv", "id", "promo", "comment", "price", "stock");
    Path output = tmp.resolve("pred");

    Cli.Result r = Cli.run("predict", "model=" + model, "input=" + input, "output=" + output)
        .assertExit(0).assertErrContains("note: columns id, comment are not among the model's"
            + " features and are not read");
    assertEquals(1, r.err().split("not among the model's features", -1).length - 1, r.err());
    assertPredictionsRight(output);
  }

  @Test
  void aMissingFeatureIsBadDataNamingIt() {
    Path input = file("short.csv", "price", "stock", "y");
    Path output = tmp.resolve("pred");

    Cli.run("predict", "model=" + model, "input=" + input, "header=true", "labelColumn=y",
        "output=" + output).assertExit(3).assertErrContains(input + ":1:",
            "the header has no column for the model's feature 'promo'",
            "the model's features: price, stock, promo");
    Cli.run("evaluate", "model=" + model, "input=" + input).assertExit(3)
        .assertErrContains("'promo'");
    Cli.assertNoOutput(output);
  }

  /** A model without names (an older model.json) reads by position: the label stays a label. */
  @Test
  void aFileOneColumnShortNeverTurnsItsLabelIntoAFeature() throws IOException {
    Path unnamed = Files.createDirectory(tmp.resolve("unnamed"));
    String json = Files.readString(model.resolve("model.json"));
    Files.writeString(unnamed.resolve("model.json"),
        json.replaceFirst("\"featureNames\" : \\[[^\\]]*\\],", ""));
    assertFalse(Files.readString(unnamed.resolve("model.json")).contains("featureNames"));
    Path input = file("short.csv", "price", "stock", "y");
    Path output = tmp.resolve("pred");

    Cli.run("predict", "model=" + unnamed, "input=" + input, "header=true", "labelColumn=y",
        "output=" + output).assertExit(3).assertErrContains(input + ":1:",
            "has 2 feature columns; expected the model's 3 features");
    Cli.assertNoOutput(output);
  }

  /** Names that cannot identify the features are not recorded, and the run says so. */
  @Test
  void aHeaderNamingAColumnTwiceGetsANote() {
    String note = "so the model records no feature names";
    Path twice = TestFiles.write(tmp, "twice.csv", "y,a,a,b", "1,1,0,0", "2,0,1,1", "3,1,1,1");
    Cli.run("train", "input=" + twice, "header=true", "optimizer=lbfgs",
        "output=" + tmp.resolve("m1")).assertExit(0).assertErrContains(note);
    Path distinct = TestFiles.write(tmp, "ok.csv", "y,a,c,b", "1,1,0,0", "2,0,1,1", "3,1,1,1");
    assertFalse(Cli.run("train", "input=" + distinct, "header=true", "optimizer=lbfgs",
        "output=" + tmp.resolve("m2")).assertExit(0).err().contains(note));
  }

  /**
   * Notes on the settings speak of the input as it is read: with the format taken from a model
   * trained on a CSV directory, a directory input's CSV settings were said to have "no effect
   * for LIBSVM input" (the format its name did not give), then were used.
   */
  @Test
  void notesSpeakOfTheFormatTheModelGives() throws IOException {
    Path train = Files.createDirectory(tmp.resolve("train"));
    TestFiles.write(train, "part.csv", "a,b,y", "1,0,1", "0,1,2", "1,1,3");
    Path m = tmp.resolve("dir-model");
    Cli.run("train", "input=" + train, "format=csv", "header=true", "labelColumn=y",
        "optimizer=lbfgs", "output=" + m).assertExit(0);
    Path score = Files.createDirectory(tmp.resolve("score"));
    TestFiles.write(score, "part.csv", "y,b,a", "0,1,1");
    Cli.Result r = Cli.run("predict", "model=" + m, "input=" + score, "header=true",
        "labelColumn=y", "output=" + tmp.resolve("p")).assertExit(0)
        .assertErrContains("format=csv");
    assertFalse(r.err().contains("no effect"), r.err());
  }

  @Test
  void withoutAHeaderTheColumnCountMustFit() {
    Path input = TestFiles.write(tmp, "x.csv", "1,2", "3,4");
    Cli.run("predict", "model=" + model, "input=" + input, "header=false",
        "output=" + tmp.resolve("pred")).assertExit(3).assertErrContains(input + ":1:",
            "has 1 feature columns; expected the model's 3 features");
  }

  @Test
  void aHeaderThatMissesEveryFeatureSuggestsHeaderFalse() {
    Path input = TestFiles.write(tmp, "x.csv", "1,2,3", "3,4,5");
    Cli.run("predict", "model=" + model, "input=" + input, "output=" + tmp.resolve("pred"))
        .assertExit(3).assertErrContains("if the file has no header line, set header=false");
  }

  @Test
  void filesOfOneInputMustHaveTheSameHeader() throws IOException {
    Path dir = Files.createDirectory(tmp.resolve("parts"));
    Path a = file("a.csv", "price", "stock", "promo");
    Path b = file("b.csv", "stock", "price", "promo");
    Files.move(a, dir.resolve("part-0.csv"));
    Files.move(b, dir.resolve("part-1.csv"));

    // Whichever file is listed first sets the layout; the other one is named.
    Cli.Result r = Cli.run("predict", "model=" + model, "input=" + dir, "format=csv",
        "output=" + tmp.resolve("pred")).assertExit(3)
        .assertErrContains(".csv:1: the header (", "differs from the first file's (",
            "the files of one input must have the same columns in the same order");
    assertTrue(r.err().contains("(stock,price,promo) differs from the first file's"
        + " (price,stock,promo, ") || r.err().contains("(price,stock,promo) differs from the"
        + " first file's (stock,price,promo, "), r.err());
    Cli.run("train", "input=" + dir, "format=csv", "header=true", "labelColumn=0")
        .assertExit(3).assertErrContains(".csv:1: the header (", "differs");
  }

  /** Warm starts match features by name too: the exact model starts at loss 0. */
  @Test
  void anInitialModelIsMatchedByName() {
    Path input = file("reordered.csv", "stock", "y", "promo", "price");

    Cli.Result r = Cli.run("train", "input=" + input, "header=true", "labelColumn=y",
        "initialModel=" + model, "optimizer=lbfgs", "epochs=1").assertExit(0);

    String first = r.outLines().get(0);
    double loss = Double.parseDouble(first.replaceAll(".*loss=([^,]*),.*", "$1"));
    assertEquals(0, loss, 1e-9, first);

    Path other = file("other.csv", "stock", "y", "discount", "price");
    Cli.run("train", "input=" + other, "header=true", "labelColumn=y", "initialModel=" + model)
        .assertExit(3).assertErrContains("initialModel has no column for the data's feature"
            + " 'discount'");
  }

  /** The predictions in {@code dir}, checked against the formula row by row. */
  private static void assertPredictionsRight(Path dir) throws IOException {
    List<String> lines = new ArrayList<>();
    try (Stream<Path> s = Files.list(dir)) {
      for (Path p : s.filter(p -> p.getFileName().toString().startsWith("part-")).sorted()
          .toList()) {
        lines.addAll(Files.readAllLines(p));
      }
    }
    assertEquals("prediction", lines.get(0));
    assertEquals(ROWS.length + 1, lines.size());
    for (int i = 0; i < ROWS.length; i++) {
      double[] x = ROWS[i];
      assertEquals(revenue(x[0], x[1], x[2]), Double.parseDouble(lines.get(i + 1)), 1e-6,
          "row " + i);
    }
    assertTrue(lines.size() > 1);
  }
}
