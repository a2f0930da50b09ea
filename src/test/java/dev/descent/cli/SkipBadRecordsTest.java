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

/**
 * onBadRecord=skip through the command line: malformed records are left out, counted exactly and
 * shown (the first five, by file and line) on stderr and in metrics.json or evaluation.json; what
 * is left gives the same model, predictions and metrics as a file without the bad lines; input
 * with no good record is still bad data (exit 3).
 */
class SkipBadRecordsTest {
  static final Path WINE = Path.of("data/wine_binary.libsvm");

  /** Malformed for every loss and command, each for a different reason. */
  static final String[] BAD = {"1 1:abc", "1 3:1 2:1", "1 0:1", "nan 1:1", "1 1:1e999",
      "1 2:1 2:1", "1 1:0.5 \u00ff", "1 1"};

  @TempDir
  static Path shared;
  static Path clean;
  static Path dirty;
  static List<Integer> badLines;
  static Path model;

  @TempDir
  Path tmp;

  /** The wine data with the bad lines spread through it, and their 1-based line numbers. */
  @BeforeAll
  static void files() throws IOException {
    List<String> good = Files.readAllLines(WINE);
    List<String> lines = new ArrayList<>();
    badLines = new ArrayList<>();
    int[] after = {3, 20, 21, 70, 110, 130, 150, 177};
    for (int i = 0, b = 0; i < good.size(); i++) {
      lines.add(good.get(i));
      while (b < after.length && after[b] == i + 1) {
        lines.add(BAD[b++]);
        badLines.add(lines.size());
      }
    }
    clean = TestFiles.write(shared, "clean.libsvm", good.toArray(String[]::new));
    dirty = TestFiles.write(shared, "dirty.libsvm", lines.toArray(String[]::new));
    model = shared.resolve("model");
    Cli.run("train", "input=" + clean, "loss=logistic", "regParam=0.01", "optimizer=lbfgs",
        "output=" + model).assertExit(0);
  }

  private static Cli.Result train(Path input, Path output, String... more) {
    return Cli.run(Stream.concat(Stream.of("train", "input=" + input, "loss=logistic",
        "regParam=0.01", "optimizer=lbfgs", "output=" + output), Stream.of(more))
        .toArray(String[]::new));
  }

  @Test
  void failIsTheDefault() {
    Path output = tmp.resolve("out");

    // One partition: the first malformed line is the one reported (with several, any may be).
    train(dirty, output, "partitions=1").assertExit(3)
        .assertErrContains(dirty + ":" + badLines.get(0) + ":");

    Cli.assertNoOutput(output);
  }

  @Test
  void trainingSkipsBadLinesAndFitsTheSameModelAsWithoutThem() {
    Path reference = tmp.resolve("reference");
    Path output = tmp.resolve("out");
    train(clean, reference, "partitions=1").assertExit(0);

    Cli.Result r = train(dirty, output, "partitions=1", "onBadRecord=skip").assertExit(0);

    assertEquals(Cli.readJson(reference.resolve("model.json")).path("weights"),
        Cli.readJson(output.resolve("model.json")).path("weights"));
    assertEquals(Cli.readJson(reference.resolve("model.json")).path("intercept"),
        Cli.readJson(output.resolve("model.json")).path("intercept"));
    r.assertErrContains("note: onBadRecord=skip: skipped 8 malformed records of 186; the first 5:",
        "Training logistic on 178 rows");
    JsonNode metrics = Cli.readJson(output.resolve("metrics.json"));
    assertEquals(178, metrics.path("rows").asLong());
    assertEquals(0, Cli.readJson(reference.resolve("metrics.json")).path("skippedRecords")
        .asLong(-1));
  }

  @Test
  void theCountIsExactAndTheFirstFiveAreShownInInputOrderAcrossPartitions() {
    Path output = tmp.resolve("out");

    Cli.Result r = train(dirty, output, "partitions=3", "onBadRecord=skip").assertExit(0);

    JsonNode metrics = Cli.readJson(output.resolve("metrics.json"));
    assertEquals(8, metrics.path("skippedRecords").asLong());
    JsonNode examples = metrics.path("skippedExamples");
    assertEquals(5, examples.size());
    String[] problems = {"\"abc\"", "strictly increasing", "index 0", "\"nan\"", "\"1e999\""};
    for (int i = 0; i < 5; i++) {
      String location = dirty + ":" + badLines.get(i);
      assertEquals(location, examples.get(i).path("location").asText());
      assertTrue(examples.get(i).path("problem").asText().contains(problems[i]),
          examples.get(i).toString());
      r.assertErrContains("\n  " + location + ": ");
    }
    assertFalse(r.err().contains(dirty + ":" + badLines.get(5) + ":"), r.err());
  }

  @Test
  void inputWithNoGoodRecordIsStillBadData() {
    Path input = TestFiles.write(tmp, "bad.libsvm", "# only bad lines", BAD[0], "", BAD[1]);
    Path output = tmp.resolve("out");

    train(input, output, "onBadRecord=skip").assertExit(3).assertErrContains(
        "every record is malformed (2 skipped with onBadRecord=skip)", input + ":2: ",
        input + ":4: ");

    Cli.assertNoOutput(output);
  }

  @Test
  void aCsvHeaderReadAsDataIsSkippedWithAHint() {
    Path input = TestFiles.write(tmp, "h.csv", "y,a", "1,2", "3,4", "5,7");
    Path output = tmp.resolve("out");

    Cli.Result r = Cli.run("train", "input=" + input, "onBadRecord=skip", "output=" + output)
        .assertExit(0);

    r.assertErrContains("skipped 1 malformed record of 4:", input + ":1: column 1",
        "if the first line is a header, set header=true");
    assertEquals(1, Cli.readJson(output.resolve("metrics.json")).path("skippedRecords").asInt());
  }

  @Test
  void predictWritesNoLineForASkippedRecordAndTheSameLinesForTheRest() {
    Path reference = tmp.resolve("reference");
    Path output = tmp.resolve("out");
    Cli.run("predict", "input=" + clean, "model=" + model, "output=" + reference,
        "partitions=3").assertExit(0);

    Cli.Result r = Cli.run("predict", "input=" + dirty, "model=" + model, "output=" + output,
        "partitions=3", "onBadRecord=skip").assertExit(0);

    assertEquals(lines(reference), lines(output));
    assertEquals(179, lines(output).size());
    r.assertErrContains("note: onBadRecord=skip: skipped 8 malformed records of 186; the first 5:",
        dirty + ":" + badLines.get(4) + ": ");
    assertTrue(Files.exists(output.resolve("_SUCCESS")));
  }

  @Test
  void predictOnlyOnBadRecordsIsBadDataAndWritesNothing() {
    Path input = TestFiles.write(tmp, "bad.libsvm", BAD[0], BAD[2]);
    Path output = tmp.resolve("out");

    Cli.run("predict", "input=" + input, "model=" + model, "output=" + output,
        "onBadRecord=skip").assertExit(3).assertErrContains("every record is malformed");

    Cli.assertNoOutput(output);
  }

  @Test
  void evaluateSkipsBadRecordsAndGivesTheCleanFilesMetrics() {
    Path output = tmp.resolve("eval");
    JsonNode reference = Cli.parseJson(Cli.run("evaluate", "input=" + clean, "model=" + model,
        "partitions=1").assertExit(0).out());

    Cli.Result r = Cli.run("evaluate", "input=" + dirty, "model=" + model, "partitions=1",
        "onBadRecord=skip", "output=" + output).assertExit(0);

    JsonNode evaluation = Cli.parseJson(r.out());
    assertEquals(reference.path("metrics"), evaluation.path("metrics"));
    assertEquals(8, evaluation.path("skippedRecords").asLong());
    assertEquals(dirty + ":" + badLines.get(0),
        evaluation.path("skippedExamples").get(0).path("location").asText());
    assertEquals(evaluation, Cli.readJson(output.resolve("evaluation.json")));
    r.assertErrContains("skipped 8 malformed records of 186");
  }

  @Test
  void evaluateOnlyOnBadRecordsIsBadData() {
    Path input = TestFiles.write(tmp, "bad.libsvm", BAD[3]);

    Cli.run("evaluate", "input=" + input, "model=" + model, "onBadRecord=skip").assertExit(3)
        .assertErrContains("every record is malformed (1 skipped", input + ":1: ");
  }

  @Test
  void unknownOnBadRecordValueIsAUsageError() {
    Cli.run("train", "input=" + clean, "onBadRecord=ignore").assertExit(2)
        .assertErrContains("onBadRecord", "fail, skip");
  }

  /** The concatenated prediction part files. */
  private static List<String> lines(Path dir) {
    List<String> out = new ArrayList<>();
    try (Stream<Path> s = Files.list(dir)) {
      for (Path p : s.filter(p -> p.getFileName().toString().startsWith("part-")).sorted()
          .toList()) {
        out.addAll(Files.readAllLines(p));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }
}
