package dev.descent.cli;

import dev.descent.testing.TestFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad training data: exit 3, a message naming the file and the offending line, and no output
 * directory (nor any staging directory) left behind.
 */
class BadInputTest {
  @TempDir
  Path tmp;

  /** A malformed line in an otherwise good file, and where the error must point. */
  record Case(String name, String file, String[] lines, String[] settings, int badLine,
      String problem) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static Case libsvm(String name, String loss, int badLine, String problem,
      String... lines) {
    return new Case(name, "data.libsvm", lines, new String[] {"loss=" + loss}, badLine, problem);
  }

  private static Case csv(String name, String[] settings, int badLine, String problem,
      String... lines) {
    return new Case(name, "data.csv", lines, settings, badLine, problem);
  }

  static Stream<Case> malformedLines() {
    String[] csvHeader = {"header=true", "labelColumn=y"};
    return Stream.of(
        libsvm("LIBSVM bad number", "logistic", 3, "\"1x5\"",
            "1 1:0.5 2:1.0", "0 1:0.1 2:0.2", "1 1:0.5 2:1x5", "0 1:0.3"),
        libsvm("LIBSVM index 0", "logistic", 4, "index 0",
            "1 1:0.5 2:1.0", "0 1:0.1 2:0.2", "1 1:0.5", "0 0:1.0 1:0.3"),
        libsvm("LIBSVM decreasing index", "logistic", 3, "strictly increasing",
            "1 1:0.5 2:1.0", "0 1:0.1 2:0.2", "1 3:1.0 2:1.0", "0 1:0.3"),
        libsvm("LIBSVM repeated index", "logistic", 3, "strictly increasing",
            "1 1:0.5 2:1.0", "0 1:0.1 2:0.2", "1 2:1.0 2:2.0", "0 1:0.3"),
        libsvm("label 2 for logistic", "logistic", 3, "label 2 is not a binary class label (use"
            + " 0/1 or -1/+1; for more than two classes, labelled 0..K-1, use loss=softmax)",
            "1 1:0.5 2:1.0", "0 1:0.1 2:0.2", "2 1:0.5", "0 1:0.3"),
        libsvm("label 1.5 for softmax", "softmax", 4, "label 1.5",
            "0 1:0.5 2:1.0", "1 1:0.1 2:0.2", "2 1:0.5", "1.5 1:0.3"),
        libsvm("NaN value", "squared", 3, "NaN",
            "1 1:0.5 2:1.0", "0 1:0.1 2:0.2", "1 1:NaN", "0 1:0.3"),
        libsvm("Infinity value", "squared", 3, "Infinity",
            "1 1:0.5 2:1.0", "0 1:0.1 2:0.2", "1 1:0.5 2:Infinity", "0 1:0.3"),
        libsvm("value out of double range", "squared", 4, "1e999",
            "1 1:0.5 2:1.0", "0 1:0.1 2:0.2", "1 1:0.5", "0 1:1e999"),
        csv("CSV wrong column count", csvHeader, 4, "columns",
            "y,a,b", "1,2,3", "4,5,6", "7,8", "9,10,11"),
        csv("CSV non-numeric cell", csvHeader, 3, "\"abc\"",
            "y,a,b", "1,2,3", "4,abc,6", "7,8,9"),
        csv("CSV negative weight", new String[] {"header=true", "labelColumn=y",
            "weightColumn=w"}, 4, "negative",
            "y,a,w", "1,2,1", "4,5,0.5", "7,8,-0.5", "9,10,1"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformedLines")
  void malformedLineIsReportedByFileAndLine(Case c) {
    Path input = TestFiles.write(tmp, c.file(), c.lines());
    Path output = tmp.resolve("out");

    train(input, output, c.settings()).assertExit(3)
        .assertErrContains(input + ":" + c.badLine() + ":", c.problem());

    Cli.assertNoOutput(output);
  }

  @Test
  void logisticLabelsMixingZeroAndMinusOneNameBothLines() {
    Path input = TestFiles.write(tmp, "mixed.libsvm",
        "1 1:0.5", "0 1:0.1", "1 1:0.7", "-1 1:0.2", "0 1:0.3");
    Path output = tmp.resolve("out");

    train(input, output, "loss=logistic").assertExit(3)
        .assertErrContains(input + ":2 has label 0", input + ":4 has label -1");

    Cli.assertNoOutput(output);
  }

  @Test
  void missingInputFileIsBadData() {
    Path input = tmp.resolve("absent.libsvm");
    Path output = tmp.resolve("out");

    train(input, output).assertExit(3).assertErrContains(input.toString(), "no input file");

    Cli.assertNoOutput(output);
  }

  @Test
  void emptyLibsvmInputIsBadData() throws IOException {
    Path input = Files.createFile(tmp.resolve("empty.libsvm"));
    Path output = tmp.resolve("out");

    train(input, output).assertExit(3).assertErrContains(input.toString(), "no data rows");

    Cli.assertNoOutput(output);
  }

  @Test
  void emptyCsvInputIsBadData() throws IOException {
    Path input = Files.createFile(tmp.resolve("empty.csv"));
    Path output = tmp.resolve("out");

    train(input, output).assertExit(3).assertErrContains(input.toString(), "empty");

    Cli.assertNoOutput(output);
  }

  @Test
  void csvWithOnlyAHeaderIsBadData() {
    Path input = TestFiles.write(tmp, "header-only.csv", "y,x");
    Path output = tmp.resolve("out");

    train(input, output, "header=true").assertExit(3)
        .assertErrContains(input.toString(), "no data rows");

    Cli.assertNoOutput(output);
  }

  private static Cli.Result train(Path input, Path output, String... settings) {
    return Cli.run(Stream.concat(Stream.of("train", "input=" + input, "output=" + output),
        Stream.of(settings)).toArray(String[]::new));
  }
}
